package sign

import (
	"fmt"
	"time"
)

// GenericOptions describe an HMAC scheme that is not built in: which
// header, what is signed, and how. The zero value is "X-Webhook-Signature:
// hex HMAC-SHA256 of the body".
type GenericOptions struct {
	Header string
	// Algorithm is sha1, sha256 or sha512; Encoding is hex or base64.
	Algorithm string
	Encoding  string
	// Prefix precedes the signature in the header ("sha256=").
	Prefix string
	// Template is the signed content, from {body}, {timestamp}, {id},
	// {url} and {method} and literal text: "{timestamp}.{body}".
	Template string
	// TimestampHeader and IDHeader carry {timestamp} (Unix seconds) and
	// {id} when the template uses them.
	TimestampHeader string
	IDHeader        string
	Tolerance       time.Duration
}

// NewGenericHMAC builds a scheme from options, for providers hookctl does
// not list yet. Its name is "generic-hmac".
func NewGenericHMAC(o GenericOptions) (Scheme, error) {
	alg, err := parseAlgorithm(or(o.Algorithm, "sha256"))
	if err != nil {
		return nil, err
	}
	enc, err := parseEncoding(or(o.Encoding, "hex"))
	if err != nil {
		return nil, err
	}
	tmpl, err := compileTemplate(or(o.Template, "{body}"))
	if err != nil {
		return nil, err
	}
	s := &hmacScheme{name: "generic-hmac", title: "Generic HMAC", aliases: []string{"hmac", "generic"},
		docs: "https://github.com/hookctl/hookctl#generic-hmac", header: or(o.Header, "X-Webhook-Signature"),
		alg: alg, enc: enc, prefix: o.Prefix, signed: tmpl, window: window{tolerance: o.Tolerance}}
	if tmpl.uses("timestamp") {
		s.tsHeader = or(o.TimestampHeader, "X-Webhook-Timestamp")
	}
	if tmpl.uses("id") {
		s.idHeader = or(o.IDHeader, "X-Webhook-Id")
	}
	if !webhookHeaderName(s.header) {
		return nil, fmt.Errorf("header %q is not a valid header name", s.header)
	}
	return generic{s}, nil
}

// generic hides the detector: a made-up header says nothing about who sent
// a request.
type generic struct{ s *hmacScheme }

func (g generic) Info() Info                            { return g.s.Info() }
func (g generic) Sign(p SignParams) ([]Header, error)   { return g.s.Sign(p) }
func (g generic) Verify(p VerifyParams) (Result, error) { return g.s.Verify(p) }

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func webhookHeaderName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c <= ' ' || c >= 0x7f || c == ':' {
			return false
		}
	}
	return true
}
