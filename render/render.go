// Package render draws captured requests and delivery answers for a person
// at a terminal: a one-line summary, and an expanded view with aligned
// headers and a body shown according to its type. It returns strings, so a
// caller can write each view in one piece and concurrent requests never mix.
package render

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/fatih/color"
	"github.com/hookctl/hookctl/webhook"
	"github.com/muesli/termenv"
)

// Options decides how views look.
type Options struct {
	// Color turns on ANSI colour; the caller decides it once (terminal,
	// NO_COLOR, --no-color, CLICOLOR_FORCE).
	Color bool
	// MaxBodyLines caps the lines of body shown; 0 means 60, negative means
	// no cap.
	MaxBodyLines int
	// MaxLineWidth cuts longer body lines; 0 means 400.
	MaxLineWidth int
	// Location is the time zone times are shown in; nil means local time.
	Location *time.Location
}

// Renderer turns requests and responses into text.
type Renderer struct {
	opts Options
	st   styles
}

type styles struct {
	dim, bold, method, ok, warn, bad, name, event lipgloss.Style
	jsonKey, jsonString, jsonNumber, jsonLiteral  func(a ...any) string
}

// New returns a Renderer whose styles are bound to w (where the text will be
// written) and follow opts.Color; it never probes the terminal.
func New(w io.Writer, opts Options) *Renderer {
	if opts.MaxBodyLines == 0 {
		opts.MaxBodyLines = 60
	}
	if opts.MaxLineWidth == 0 {
		opts.MaxLineWidth = 400
	}
	if opts.Location == nil {
		opts.Location = time.Local
	}
	lr := lipgloss.NewRenderer(w)
	lr.SetHasDarkBackground(true)
	if opts.Color {
		lr.SetColorProfile(termenv.ANSI256)
	} else {
		lr.SetColorProfile(termenv.Ascii)
	}
	paint := func(attrs ...color.Attribute) func(a ...any) string {
		c := color.New(attrs...)
		if opts.Color {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
		return c.SprintFunc()
	}
	return &Renderer{opts: opts, st: styles{
		dim:         lr.NewStyle().Faint(true),
		bold:        lr.NewStyle().Bold(true),
		method:      lr.NewStyle().Bold(true).Foreground(lipgloss.Color("12")),
		ok:          lr.NewStyle().Foreground(lipgloss.Color("10")),
		warn:        lr.NewStyle().Foreground(lipgloss.Color("11")),
		bad:         lr.NewStyle().Foreground(lipgloss.Color("9")),
		name:        lr.NewStyle().Foreground(lipgloss.Color("14")),
		event:       lr.NewStyle().Foreground(lipgloss.Color("13")),
		jsonKey:     paint(color.FgCyan),
		jsonString:  paint(color.FgGreen),
		jsonNumber:  paint(color.FgYellow),
		jsonLiteral: paint(color.FgMagenta),
	}}
}

// RequestLine is the one-line summary of a captured request: time, method,
// path, size, verification badge and event type.
func (r *Renderer) RequestLine(req *webhook.Request) string {
	parts := []string{
		r.st.dim.Render(req.ReceivedAt.In(r.opts.Location).Format("15:04:05.000")),
		r.st.method.Render(fmt.Sprintf("%-6s", req.Method)),
		req.Path,
		r.st.dim.Render(Size(len(req.Body))),
	}
	if b := r.Badge(req.Verification); b != "" {
		parts = append(parts, b)
	}
	if req.Event != "" {
		parts = append(parts, r.st.event.Render(req.Event))
	}
	return strings.Join(parts, "  ")
}

// Badge shows a verification result: "✔ stripe", or "✘ stripe: reason
// (hint)". It is empty when no check was made.
func (r *Renderer) Badge(v *webhook.Verification) string {
	switch {
	case v == nil:
		return ""
	case v.Valid:
		return r.st.ok.Render("✔ " + v.Provider)
	}
	s := "✘ " + v.Provider
	if v.Reason != "" {
		s += ": " + v.Reason
	}
	if v.Hint != "" {
		s += " (" + v.Hint + ")"
	}
	return r.st.bad.Render(s)
}

// Request is the expanded view: the summary line, the headers aligned and
// dimmed, and the body shown by type.
func (r *Renderer) Request(req *webhook.Request) string {
	var b strings.Builder
	b.WriteString(r.RequestLine(req))
	b.WriteString("\n")
	b.WriteString(r.Headers(req.Headers))
	if body := r.Body(req.Headers, req.Body); body != "" {
		b.WriteString("\n")
		b.WriteString(body)
	}
	return b.String()
}

// ResponseLine summarises an answer: status, duration, size, and the number
// of attempts when there was more than one.
func (r *Renderer) ResponseLine(resp *webhook.Response) string {
	status := fmt.Sprintf("%d %s", resp.Status, http.StatusText(resp.Status))
	parts := []string{r.st.dim.Render("  ↳"), r.statusStyle(resp.Status).Render(strings.TrimSpace(status)), Duration(resp.Duration), r.st.dim.Render(Size(len(resp.Body)))}
	if n := len(resp.Attempts); n > 1 {
		parts = append(parts, r.st.warn.Render(fmt.Sprintf("after %d attempts", n)))
	}
	return strings.Join(parts, "  ")
}

// Response is the expanded view of an answer.
func (r *Renderer) Response(resp *webhook.Response) string {
	var b strings.Builder
	b.WriteString(r.ResponseLine(resp))
	b.WriteString("\n")
	b.WriteString(r.Headers(resp.Headers))
	if body := r.Body(resp.Headers, resp.Body); body != "" {
		b.WriteString("\n")
		b.WriteString(body)
	}
	if resp.Truncated {
		b.WriteString(r.st.dim.Render("  … the answer was longer; only its start was kept") + "\n")
	}
	return b.String()
}

// Failure is the line shown when a delivery got no answer at all.
func (r *Renderer) Failure(err error) string {
	return r.st.dim.Render("  ↳") + "  " + r.st.bad.Render("✘ "+err.Error())
}

func (r *Renderer) statusStyle(code int) lipgloss.Style {
	switch {
	case code >= 200 && code < 300:
		return r.st.ok
	case code >= 300 && code < 500:
		return r.st.warn
	}
	return r.st.bad
}

// Headers lists headers one a line, indented, names padded to one column.
func (r *Renderer) Headers(h webhook.Headers) string {
	width := 0
	for _, kv := range h {
		width = max(width, min(len(kv.Name), 32))
	}
	var b strings.Builder
	for _, kv := range h {
		b.WriteString("  ")
		b.WriteString(r.st.name.Render(fmt.Sprintf("%-*s", width, kv.Name)))
		b.WriteString("  ")
		b.WriteString(r.st.dim.Render(r.cut(printable(kv.Value))))
		b.WriteString("\n")
	}
	return b.String()
}

// Size formats a byte count for people: "0 B", "512 B", "1.5 KiB".
func Size(n int) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := unit, 0
	for m := n / unit; m >= unit && exp < 3; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGT"[exp])
}

// Duration formats a duration to a readable precision: "0.42 ms", "12.3 ms",
// "1.25 s".
func Duration(d time.Duration) string {
	switch {
	case d < time.Millisecond:
		return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond))
	case d < time.Second:
		return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
	}
	return fmt.Sprintf("%.2f s", d.Seconds())
}
