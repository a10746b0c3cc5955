package cmd

import (
	"fmt"
	"io"
	"strings"

	"github.com/hookctl/hookctl/listen"
	"github.com/hookctl/hookctl/render"
)

// listenView draws the listener's output. Every request is written in one
// Write through an outQueue, so requests answered at the same moment never
// mix their lines and none waits on the terminal; close flushes it.
type listenView struct {
	opts   *listenOptions
	out    *outQueue
	errOut io.Writer
	r      *render.Renderer
}

func newListenView(o *listenOptions) *listenView {
	out := newOutQueue(o.deps.IO.Out)
	return &listenView{opts: o, out: out, errOut: SyncWriter(o.deps.IO.ErrOut), r: o.deps.renderer(out)}
}

// close writes the output still queued; the listener calls it last.
func (v *listenView) close() { v.out.Close() }

func (v *listenView) ready(url string) {
	var notes []string
	switch {
	case v.opts.Provider == "auto":
		notes = append(notes, "guessing each request's provider and checking its signature")
	case v.opts.Provider != "":
		notes = append(notes, "checking "+v.opts.Provider+" signatures")
	}
	if v.opts.ForwardTo != "" {
		notes = append(notes, "forwarding to "+v.opts.ForwardTo)
	}
	if v.opts.SaveDir != "" {
		notes = append(notes, "saving to "+v.opts.SaveDir)
	}
	line := "Listening on " + url
	if len(notes) > 0 {
		line += " (" + strings.Join(notes, ", ") + ")"
	}
	stop := "Ctrl-C to stop"
	if v.opts.Count > 0 {
		stop = fmt.Sprintf("stopping after %d request%s", v.opts.Count, listenPlural(v.opts.Count))
	}
	fmt.Fprintf(v.errOut, "%s; %s\n", line, stop)
	if v.opts.JSON {
		writeJSONLine(v.out, struct {
			Type string `json:"type"`
			URL  string `json:"url"`
		}{"ready", url})
	}
}

func (v *listenView) done(sum listen.Summary, timedOut bool) {
	if v.opts.JSON {
		writeJSONLine(v.out, struct {
			Type       string `json:"type"`
			Requests   int    `json:"requests"`
			Unverified int    `json:"unverified"`
			Handshakes int    `json:"handshakes"`
			TimedOut   bool   `json:"timed_out"`
		}{"done", sum.Requests, sum.Unverified, sum.Handshakes, timedOut})
	}
}

// request is the listener's OnRequest callback.
func (v *listenView) request(ev *listen.Event) {
	if ev.SaveErr != nil {
		fmt.Fprintf(v.errOut, "hookctl: request %d was not saved: %v\n", ev.Seq, ev.SaveErr)
	}
	if v.opts.JSON {
		writeListenEvent(v.out, ev)
		return
	}
	text := v.summary(ev)
	if v.opts.Verbose {
		text = v.verbose(ev)
	}
	_, _ = io.WriteString(v.out, text)
}

// summary is a line for the request and, when it was forwarded, one for
// the app's answer.
func (v *listenView) summary(ev *listen.Event) string {
	var b strings.Builder
	b.WriteString(v.head(ev))
	b.WriteString("\n")
	switch {
	case ev.Forwarded != nil:
		b.WriteString(v.r.ResponseLine(ev.Forwarded))
		if first := listenFirstLine(ev.Forwarded.Body); first != "" {
			b.WriteString("  " + first)
		}
		b.WriteString("\n")
	case ev.ForwardErr != nil:
		b.WriteString(v.r.Failure(ev.ForwardErr) + "\n")
	}
	return b.String()
}

// head is the request's summary line followed by what it was answered.
func (v *listenView) head(ev *listen.Event) string {
	parts := []string{v.r.RequestLine(ev.Request)}
	if ev.Verification != nil && ev.Verification.Detected {
		parts = append(parts, "(auto)") // the provider was guessed, not named
	}
	switch {
	case ev.Rejected != "":
		parts = append(parts, "✘ "+ev.Rejected)
	case ev.Handshake != "":
		parts = append(parts, "handshake: "+ev.Handshake)
	}
	answer := fmt.Sprintf("→ %d", ev.Answer.Status)
	if ev.Injected {
		answer += " (injected failure)"
	}
	return strings.Join(append(parts, answer), "  ")
}

func (v *listenView) verbose(ev *listen.Event) string {
	var b strings.Builder
	b.WriteString(v.head(ev) + "\n")
	b.WriteString(v.r.Headers(ev.Request.Headers))
	if body := v.r.Body(ev.Request.Headers, ev.Request.Body); body != "" {
		b.WriteString("\n" + body)
	}
	switch {
	case ev.Forwarded != nil:
		b.WriteString(v.r.Response(ev.Forwarded))
	case ev.ForwardErr != nil:
		b.WriteString(v.r.Failure(ev.ForwardErr) + "\n")
	case len(ev.Answer.Headers) > 0 || len(ev.Answer.Body) > 0:
		// A handshake's or a configured answer is worth seeing in full.
		b.WriteString(fmt.Sprintf("  ↳  answered %d\n", ev.Answer.Status))
		b.WriteString(v.r.Headers(ev.Answer.Headers))
		if body := v.r.Body(ev.Answer.Headers, ev.Answer.Body); body != "" {
			b.WriteString("\n" + body)
		}
	}
	if ev.Saved != "" {
		b.WriteString("  saved " + ev.Saved + "\n")
	}
	if ev.Delay > 0 {
		b.WriteString("  answered after " + render.Duration(ev.Delay) + "\n")
	}
	b.WriteString("\n")
	return b.String()
}

// listenFirstLine is the start of an answer's body, for the summary line.
func listenFirstLine(body []byte) string {
	s, _, _ := strings.Cut(string(body), "\n")
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > 80 {
		s = string(r[:77]) + "…"
	}
	if strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f || r == 0xfffd }) {
		return ""
	}
	return s
}

func listenPlural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
