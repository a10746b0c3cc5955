// Package webhook holds the one value that flows through hookctl — a captured
// HTTP request — its fixture file format, and the single delivery path that
// send, replay, listen --forward-to and the relay client all use.
package webhook

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strings"
	"time"
)

// Request is a captured webhook delivery: everything needed to show it,
// check its signature and send it again byte for byte.
type Request struct {
	// ID identifies this capture; it is not a provider's event id.
	ID string
	// ReceivedAt is when the request arrived (or was built, for send).
	ReceivedAt time.Time
	Method     string
	// Path is the path and query exactly as on the request line, escaping kept.
	Path string
	// Host is the Host the sender addressed; delivery replaces it with the
	// target's and the relay passes it on as X-Forwarded-Host.
	Host       string
	Proto      string
	RemoteAddr string
	Headers    Headers
	Body       []byte

	// Provider and Event name the webhook's source and event type when known
	// (e.g. "stripe", "payment_intent.succeeded").
	Provider string
	Event    string
	// Verification is the signature check made when the request was
	// captured, if one was made.
	Verification *Verification
	// Expect holds what replay should demand of the answer, if anything.
	Expect *Expect
}

// Verification records the outcome of a signature check.
type Verification struct {
	Provider string `json:"provider"`
	Valid    bool   `json:"valid"`
	// Reason says why the check failed; Hint names a likely cause.
	Reason string `json:"reason,omitempty"`
	Hint   string `json:"hint,omitempty"`
}

// Expect is what a replayed fixture's answer must satisfy.
type Expect struct {
	// Status is a code ("200"), a class ("2xx") or a comma list ("4xx,5xx").
	Status       string `json:"status,omitempty"`
	BodyContains string `json:"body_contains,omitempty"`
}

// NewID returns a random capture id such as "req_4f9c0e1a2b3d4c5e6f708192".
func NewID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return "req_" + hex.EncodeToString(b[:])
}

// CaptureHTTP captures an incoming server request whose body has already been
// read. Header names come out canonical and sorted, as net/http keeps them.
func CaptureHTTP(r *http.Request, body []byte, now time.Time) *Request {
	return &Request{
		ID:         NewID(),
		ReceivedAt: now,
		Method:     r.Method,
		Path:       r.URL.RequestURI(),
		Host:       r.Host,
		Proto:      r.Proto,
		RemoteAddr: r.RemoteAddr,
		Headers:    FromHTTP(r.Header),
		Body:       body,
	}
}

// Clone returns a deep copy, so a caller can re-sign or edit it freely.
func (r *Request) Clone() *Request {
	c := *r
	c.Headers = r.Headers.Clone()
	if r.Body != nil {
		c.Body = append([]byte(nil), r.Body...)
	}
	if r.Verification != nil {
		v := *r.Verification
		c.Verification = &v
	}
	if r.Expect != nil {
		e := *r.Expect
		c.Expect = &e
	}
	return &c
}

// PathOnly returns the path without its query.
func (r *Request) PathOnly() string {
	p, _, _ := strings.Cut(r.Path, "?")
	return p
}
