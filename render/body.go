package render

import (
	"bytes"
	"compress/gzip"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/hookctl/hookctl/webhook"
)

// maxInflate bounds how much of a compressed body is decompressed for show.
const maxInflate = 4 << 20

// Body shows a body according to its Content-Type and content: JSON indented
// and highlighted, forms as key/value rows, XML indented, multipart as a list
// of parts, gzip decompressed, and anything that is not text summarised by
// type, size and its first bytes in hex — never written raw to a terminal.
// Each line is indented two spaces; long bodies are cut with a note.
func (r *Renderer) Body(h webhook.Headers, body []byte) string {
	if len(body) == 0 {
		return ""
	}
	var note string
	if enc := strings.ToLower(strings.TrimSpace(h.Get("Content-Encoding"))); enc == "gzip" {
		plain, err := gunzip(body)
		if err != nil {
			return r.indent(r.st.warn.Render("gzip body that does not decompress: "+err.Error())+"\n"+r.binary(body, "application/gzip"), len(body))
		}
		note = r.st.dim.Render(fmt.Sprintf("gzip: %s, %s decompressed", Size(len(body)), Size(len(plain))))
		body = plain
	}
	text := r.bodyText(h.Get("Content-Type"), body)
	if note != "" {
		text = note + "\n" + text
	}
	return r.indent(text, len(body))
}

func gunzip(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	return io.ReadAll(io.LimitReader(zr, maxInflate))
}

func (r *Renderer) bodyText(contentType string, body []byte) string {
	mediaType, params, _ := mime.ParseMediaType(contentType)
	trimmed := bytes.TrimSpace(body)
	switch {
	case isJSON(mediaType, trimmed):
		var buf bytes.Buffer
		if json.Indent(&buf, trimmed, "", "  ") == nil {
			return r.highlightJSON(buf.String())
		}
	case mediaType == "application/x-www-form-urlencoded" && utf8.Valid(body):
		if rows, ok := r.form(string(body)); ok {
			return rows
		}
	case strings.HasPrefix(mediaType, "multipart/") && params["boundary"] != "":
		if parts, ok := r.multipart(body, params["boundary"]); ok {
			return parts
		}
	case strings.Contains(mediaType, "xml") || bytes.HasPrefix(trimmed, []byte("<?xml")):
		if out, ok := indentXML(body); ok {
			return out
		}
	}
	if isText(body) {
		return printable(string(body))
	}
	return r.binary(body, mediaType)
}

func isJSON(mediaType string, b []byte) bool {
	if strings.Contains(mediaType, "json") {
		return true
	}
	return len(b) > 0 && (b[0] == '{' || b[0] == '[') && json.Valid(b)
}

// isText reports whether b is UTF-8 in which control characters (other than
// tab, newline and carriage return) are rare enough to show escaped.
func isText(b []byte) bool {
	if !utf8.Valid(b) {
		return false
	}
	controls, runes := 0, 0
	for _, c := range string(b) {
		runes++
		if unicode.IsControl(c) && c != '\n' && c != '\t' && c != '\r' {
			controls++
		}
	}
	return controls*20 <= runes
}

// printable escapes what a terminal would act on (escape sequences, bells,
// carriage returns) so a body can never rewrite the screen.
func printable(s string) string {
	if !strings.ContainsFunc(s, func(c rune) bool { return unicode.IsControl(c) && c != '\n' && c != '\t' }) {
		return s
	}
	var b strings.Builder
	for _, c := range s {
		if unicode.IsControl(c) && c != '\n' && c != '\t' {
			fmt.Fprintf(&b, "\\x%02x", c)
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

func (r *Renderer) binary(body []byte, mediaType string) string {
	detected := http.DetectContentType(body)
	kind := "binary"
	if mediaType != "" {
		kind += ", " + mediaType
	}
	if d, _, _ := strings.Cut(detected, ";"); d != mediaType && d != "application/octet-stream" {
		kind += " (looks like " + d + ")"
	}
	head := body[:min(len(body), 32)]
	more := ""
	if len(body) > len(head) {
		more = " …"
	}
	return r.st.warn.Render(fmt.Sprintf("[%s, %s]", kind, Size(len(body)))) + "\n" +
		r.st.dim.Render(spaced(hex.EncodeToString(head))+more)
}

func spaced(h string) string {
	var b strings.Builder
	for i := 0; i < len(h); i += 2 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(h[i : i+2])
	}
	return b.String()
}

// form shows a url-encoded body as decoded rows, in the order sent.
func (r *Renderer) form(body string) (string, bool) {
	type row struct{ k, v string }
	var rows []row
	width := 0
	for _, pair := range strings.Split(body, "&") {
		if pair == "" {
			continue
		}
		k, v, _ := strings.Cut(pair, "=")
		dk, err1 := url.QueryUnescape(k)
		dv, err2 := url.QueryUnescape(v)
		if err1 != nil || err2 != nil {
			return "", false
		}
		rows = append(rows, row{dk, dv})
		width = max(width, min(len(dk), 32))
	}
	var b strings.Builder
	for i, rw := range rows {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "%s  %s", r.st.name.Render(fmt.Sprintf("%-*s", width, printable(rw.k))), printable(rw.v))
	}
	return b.String(), true
}

func (r *Renderer) multipart(body []byte, boundary string) (string, bool) {
	mr := multipart.NewReader(bytes.NewReader(body), boundary)
	var b strings.Builder
	for i := 0; ; i++ {
		p, err := mr.NextPart()
		if err == io.EOF {
			return b.String(), i > 0
		}
		if err != nil {
			return "", false
		}
		data, _ := io.ReadAll(io.LimitReader(p, maxInflate))
		if i > 0 {
			b.WriteByte('\n')
		}
		label := "part " + p.FormName()
		if fn := p.FileName(); fn != "" {
			label += fmt.Sprintf(" (file %q)", fn)
		}
		ct := p.Header.Get("Content-Type")
		fmt.Fprintf(&b, "%s  %s", r.st.name.Render(label), r.st.dim.Render(strings.TrimSpace(ct+" "+Size(len(data)))))
		if len(data) > 0 {
			b.WriteByte('\n')
			b.WriteString(r.bodyText(ct, data))
		}
	}
}

func indentXML(body []byte) (string, bool) {
	dec := xml.NewDecoder(bytes.NewReader(body))
	dec.Strict = false
	var buf bytes.Buffer
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return "", false
		}
		if cd, ok := tok.(xml.CharData); ok {
			if len(bytes.TrimSpace(cd)) == 0 {
				continue
			}
			tok = xml.CharData(bytes.TrimSpace(cd))
		}
		if err := enc.EncodeToken(xml.CopyToken(tok)); err != nil {
			return "", false
		}
		if _, ok := tok.(xml.ProcInst); ok {
			// The encoder puts the root element on the declaration's line.
			if enc.Flush() != nil {
				return "", false
			}
			buf.WriteByte('\n')
		}
	}
	if err := enc.Flush(); err != nil {
		return "", false
	}
	return buf.String(), true
}

// indent prefixes each line with two spaces, cuts long lines, and cuts the
// body after MaxBodyLines with a note of what was left out.
func (r *Renderer) indent(text string, size int) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	shown := lines
	if r.opts.MaxBodyLines > 0 && len(lines) > r.opts.MaxBodyLines {
		shown = lines[:r.opts.MaxBodyLines]
	}
	var b strings.Builder
	for _, l := range shown {
		b.WriteString("  ")
		b.WriteString(r.cut(l))
		b.WriteByte('\n')
	}
	if left := len(lines) - len(shown); left > 0 {
		b.WriteString(r.st.dim.Render(fmt.Sprintf("  … %d more lines not shown (body is %s in all)", left, Size(size))))
		b.WriteByte('\n')
	}
	return b.String()
}

// cut shortens a line past MaxLineWidth runes. Lines holding colour codes
// are measured with them, which only ever cuts a little early.
func (r *Renderer) cut(line string) string {
	if utf8.RuneCountInString(line) <= r.opts.MaxLineWidth {
		return line
	}
	runes := []rune(line)
	rest := len(runes) - r.opts.MaxLineWidth
	reset := ""
	if r.opts.Color {
		reset = "\x1b[0m" // the cut may fall inside a coloured token
	}
	return string(runes[:r.opts.MaxLineWidth]) + reset + r.st.dim.Render(fmt.Sprintf("… (%d more characters)", rest))
}
