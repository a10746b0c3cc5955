// Package sign computes and checks webhook signatures for many providers,
// byte-exact with each provider's own SDK. It uses only the standard
// library, does no I/O and keeps no clock, secret or tolerance in package
// variables, so it can be used as a library on its own.
//
// Look a scheme up by name, then Sign or Verify:
//
//	s, err := sign.Lookup("stripe")
//	headers, err := s.Sign(sign.SignParams{Secret: "whsec_…", Body: body, Timestamp: time.Now()})
//	res, err := s.Verify(sign.VerifyParams{Headers: h, Body: body, Secrets: []string{"whsec_…"}, Now: time.Now()})
package sign

import (
	"time"
)

// Header is one header line a scheme produces. Its layout matches
// webhook.Header, so callers can convert one to the other directly.
type Header struct {
	Name  string
	Value string
}

// HeaderGetter reads request headers case-insensitively. Both http.Header
// and webhook.Headers satisfy it.
type HeaderGetter interface {
	Get(name string) string
	Values(name string) []string
}

// SignParams is what a scheme needs to sign a message. Schemes ignore the
// fields they do not use; Info says which they use.
type SignParams struct {
	// Secret is the shared secret, or the private key for asymmetric
	// schemes (PEM, or the provider's usual form such as whsk_…).
	Secret string
	Body   []byte
	// Timestamp is the signing time; the zero time means "now" is not
	// known, and timestamped schemes return ErrNoTimestamp.
	Timestamp time.Time
	// ID is the message id for schemes that sign one (Standard Webhooks,
	// Twitch); empty means the scheme makes a random one.
	ID string
	// URL is the full URL the provider calls (Twilio, Square, HubSpot).
	URL string
	// Method is the HTTP method (HubSpot v3); empty means POST.
	Method string
	// ExtraSecrets also sign, as a sender does while a secret is rotated:
	// schemes whose header holds several signatures (Stripe, PagerDuty,
	// Standard Webhooks) add one per secret, Box fills its secondary
	// header; the others sign with Secret alone.
	ExtraSecrets []string
}

// VerifyParams is what a scheme needs to check a request.
type VerifyParams struct {
	Headers HeaderGetter
	Body    []byte
	URL     string
	Method  string
	// Secrets are tried in order; several are normal during rotation.
	// Asymmetric schemes take public keys here.
	Secrets []string
	// Now is the time to judge timestamps against.
	Now time.Time
	// Tolerance overrides the scheme's default window: 0 keeps the
	// default, a negative value turns the timestamp check off.
	Tolerance time.Duration
	// Debug lets a failure message include the expected signature, for
	// debugging a signer; leave it off otherwise.
	Debug bool
}

// Result describes a successful verification.
type Result struct {
	Provider string
	// SecretIndex is which of VerifyParams.Secrets matched.
	SecretIndex int
	// Timestamp is the signed timestamp, for timestamped schemes.
	Timestamp time.Time
	// ID is the signed message id, where the scheme has one.
	ID string
}

// Info describes a scheme for people (sign --list) and for callers that
// need to know what to pass.
type Info struct {
	// Name is the lower-case registry name ("stripe"); Aliases also resolve.
	Name    string
	Aliases []string
	// Title is the provider's own spelling ("Stripe").
	Title string
	// Headers are the headers the scheme sets when signing, signature first.
	Headers []string
	// Timestamp, URL and KeyPair say whether the scheme signs a timestamp,
	// needs the full URL, and uses a private/public key pair.
	Timestamp bool
	URL       bool
	KeyPair   bool
	// Tolerance is the default timestamp window; 0 when there is no check.
	Tolerance time.Duration
	// PastOnly: the timestamp check accepts times in the future (Stripe,
	// Paddle) and rejects only old ones.
	PastOnly bool
	// Algorithm is a short description: "HMAC-SHA256, hex".
	Algorithm string
	// Docs links to the provider's documentation of the scheme.
	Docs string
}

// Scheme signs and verifies one provider's webhooks.
type Scheme interface {
	Info() Info
	// Sign returns the headers to add to the request.
	Sign(p SignParams) ([]Header, error)
	// Verify checks a request. A failure is a *VerifyError wrapping one of
	// the sentinel errors; it never contains an expected signature.
	Verify(p VerifyParams) (Result, error)
}

// Handshaker is implemented by schemes whose provider checks an endpoint
// before sending events (Slack url_verification, Zoom
// endpoint.url_validation, Twitch webhook_callback_verification, Dropbox's
// GET challenge). Handshake reports whether the request is such a check
// and, if so, the answer to give.
type Handshaker interface {
	Handshake(p HandshakeParams) (HandshakeAnswer, bool)
}

// HandshakeParams is the request a Handshaker looks at.
type HandshakeParams struct {
	Method  string
	Headers HeaderGetter
	// Query is the raw query string (Dropbox sends its challenge there).
	Query string
	Body  []byte
	// Secret is needed by providers whose answer is signed (Zoom).
	Secret string
}

// HandshakeAnswer is the response a provider expects to an endpoint check.
type HandshakeAnswer struct {
	Status  int
	Headers []Header
	Body    []byte
	// Kind names the handshake for display ("slack url_verification").
	Kind string
}

// BodySigner is implemented by schemes whose signature, or part of what
// is signed, lives in the body (Mailgun's signature object, Linear's
// webhookTimestamp). SignBody returns the body to send and the headers.
type BodySigner interface {
	SignBody(p SignParams) ([]byte, []Header, error)
}

// EventTyper is implemented by schemes that can name the event a request
// carries ("payment_intent.succeeded", "pull_request.opened").
type EventTyper interface {
	EventType(h HeaderGetter, body []byte) string
}
