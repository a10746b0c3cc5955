// Package listen is hookctl's local webhook listener: it captures every
// request that reaches it, checks its signature, answers provider
// handshakes, saves it, answers it (or forwards it to the user's app and
// passes the app's answer back), and reports each request through a
// callback. It never prints; the command line decides how things look.
package listen

import (
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/hookctl/hookctl/sign"
	"github.com/hookctl/hookctl/webhook"
)

// DefaultMaxBody is the largest body accepted unless Config says otherwise:
// 25 MiB, the most GitHub sends.
const DefaultMaxBody = 25 << 20

// Config is everything the listener does with a request. The zero value
// captures and answers 200 with an empty body.
type Config struct {
	// Addr is the host:port to listen on; "" means 127.0.0.1:8080.
	Addr string

	// Scheme checks signatures with Secrets. When it is nil, Detect (if
	// set) guesses one from each request's headers.
	Scheme  sign.Scheme
	Detect  func(sign.HeaderGetter) (sign.Scheme, bool)
	Secrets []string
	// SecretsFor, if set, gives a provider's own secrets, tried before
	// Secrets: with Detect, each provider can have its own.
	SecretsFor func(provider string) []string
	Tolerance  time.Duration // passed to sign.VerifyParams as is
	// PublicURL is the address the provider calls (a tunnel's, say), for
	// schemes that sign the URL; empty means the URL the request came to.
	PublicURL string

	// Answer is what every request gets unless a handshake, an injected
	// failure or a forwarded answer takes its place. Status 0 means 200.
	Answer Answer
	// AnswerFixed makes Answer win over the forwarded app's answer.
	AnswerFixed bool
	// Delay is how long to wait before answering.
	Delay time.Duration
	Fail  FailConfig

	// SaveDir, if set, receives every request as a fixture file.
	SaveDir string
	// Redact masks credentials in what is saved and reported.
	Redact bool

	// ForwardTo, if set, is the app each request is delivered to.
	ForwardTo string
	Deliver   webhook.DeliverOptions

	// Limit stops the listener after this many requests; 0 means never.
	Limit int
	// MaxBody caps request bodies (413 beyond); 0 means DefaultMaxBody.
	MaxBody int64
	// ReadHeaderTimeout bounds how long a client may take to send its
	// headers; 0 means 10 s.
	ReadHeaderTimeout time.Duration
	// BodyTimeout bounds how long a client may take to send a body (408
	// beyond); 0 means 60 s.
	BodyTimeout time.Duration
	// ShutdownGrace bounds how long requests in flight may take to finish
	// when the listener stops; 0 means 30 s.
	ShutdownGrace time.Duration

	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// OnRequest is called once per request, after it was checked, saved
	// and forwarded and before its answer is written. Calls may overlap.
	OnRequest func(*Event)
}

// FailConfig injects failures so a sender's retries can be tested.
type FailConfig struct {
	// First answers the first N requests with Status.
	First int
	// Rate answers this share of requests (0 to 1) with Status.
	Rate float64
	// Status is the failing answer's code; 0 means 500.
	Status int
	// Rand returns a number in [0, 1); nil means math/rand.
	Rand func() float64
}

// Answer is a response written to the sender.
type Answer struct {
	Status  int
	Headers webhook.Headers
	Body    []byte
}

func (c *Config) defaults() {
	if c.Addr == "" {
		c.Addr = "127.0.0.1:8080"
	}
	if c.Answer.Status == 0 {
		c.Answer.Status = http.StatusOK
	}
	if c.Fail.Status == 0 {
		c.Fail.Status = http.StatusInternalServerError
	}
	if c.Fail.Rand == nil {
		c.Fail.Rand = rand.Float64
	}
	if c.MaxBody <= 0 {
		c.MaxBody = DefaultMaxBody
	}
	if c.ReadHeaderTimeout <= 0 {
		c.ReadHeaderTimeout = 10 * time.Second
	}
	if c.BodyTimeout <= 0 {
		c.BodyTimeout = 60 * time.Second
	}
	if c.ShutdownGrace <= 0 {
		c.ShutdownGrace = 30 * time.Second
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}
