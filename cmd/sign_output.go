package cmd

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/hookctl/hookctl/sign"
)

// signedRequest is the outcome of signing: the headers, and the body,
// which Mailgun and Linear change.
type signedRequest struct {
	Scheme      sign.Scheme
	At          time.Time
	Headers     []sign.Header
	Body        []byte
	BodyChanged bool
}

// signatureJSON is the object `sign --format json` prints.
type signatureJSON struct {
	Type      string      `json:"type"`
	Provider  string      `json:"provider"`
	Timestamp int64       `json:"timestamp"`
	Headers   [][2]string `json:"headers"`
	// Body is present when signing changed it (the signature lives in it).
	Body *string `json:"body,omitempty"`
}

func writeSigned(o *signOptions, s signedRequest) error {
	w := o.deps.IO.Out
	switch o.Format {
	case "json":
		return writeSignedJSON(w, s)
	case "curl":
		_, err := fmt.Fprintln(w, curlCommand(o, s))
		return err
	}
	for _, h := range s.Headers {
		fmt.Fprintf(w, "%s: %s\n", h.Name, h.Value)
	}
	if s.BodyChanged {
		fmt.Fprintf(o.deps.IO.ErrOut, "note: %s signs inside the body; use --format json or curl to get the signed body\n", s.Scheme.Info().Name)
	}
	return nil
}

func writeSignedJSON(w io.Writer, s signedRequest) error {
	out := signatureJSON{Type: "signature", Provider: s.Scheme.Info().Name, Timestamp: s.At.Unix(), Headers: [][2]string{}}
	for _, h := range s.Headers {
		out.Headers = append(out.Headers, [2]string{h.Name, h.Value})
	}
	if s.BodyChanged {
		b := string(s.Body)
		out.Body = &b
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

// curlCommand is a ready-to-run command that sends the signed body.
func curlCommand(o *signOptions, s signedRequest) string {
	target := o.URL
	if target == "" {
		target = "http://localhost:8080/webhooks"
	}
	parts := []string{"curl", "-sS", "-X", shellQuote(strings.ToUpper(o.Method)), shellQuote(target)}
	if ct := contentType(s.Body); ct != "" {
		parts = append(parts, "-H", shellQuote("Content-Type: "+ct))
	}
	for _, h := range s.Headers {
		parts = append(parts, "-H", shellQuote(h.Name+": "+h.Value))
	}
	switch {
	case o.File != "" && o.File != "-" && !s.BodyChanged:
		parts = append(parts, "--data-binary", shellQuote("@"+o.File))
	default:
		parts = append(parts, "--data-binary", shellQuote(string(s.Body)))
	}
	return strings.Join(parts, " ")
}

// contentType guesses the body's type so the receiving app parses it as
// the provider's would be.
func contentType(body []byte) string {
	switch {
	case len(body) == 0:
		return ""
	case json.Valid(body):
		return "application/json"
	case utf8.Valid(body) && strings.Contains(string(body), "="):
		if _, err := url.ParseQuery(string(body)); err == nil {
			return "application/x-www-form-urlencoded"
		}
	}
	return ""
}

// shellQuote quotes s for a POSIX shell.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:@=") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
