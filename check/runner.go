package check

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/hookctl/hookctl/sign"
	"github.com/hookctl/hookctl/webhook"
)

// runner holds one Run's state: the event every check starts from, the
// clock reading all signatures are dated from, and every delivery made so
// far, for the timing check.
type runner struct {
	opts  Options
	info  sign.Info
	prof  Profile
	limit time.Duration
	// now is when the run began, which built-in events are dated by;
	// clock dates each signature as it is sent, so a long run never
	// outlives a short tolerance (Paddle's is 5 s).
	now    time.Time
	clock  func() time.Time
	target string // the URL as requests reach it, which URL-signing schemes sign
	valid  Event
	wrong  string          // a secret of the same shape as the real one
	sigs   map[string]bool // lower-case names of the headers that carry the signature
	sent   []Delivery
	// delivered holds the ids of events accepted with a valid signature.
	delivered map[string]bool
	// current is the check being run, to label its deliveries.
	current string
}

type planned struct {
	name     string
	required bool
	run      func(context.Context) Result
}

func newRunner(opts Options) (*runner, error) {
	if opts.Scheme == nil {
		return nil, errors.New("no provider given")
	}
	u, err := webhook.ParseTarget(opts.URL)
	if err != nil {
		return nil, err
	}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	r := &runner{opts: opts, info: opts.Scheme.Info(), now: now(), clock: now, target: webhook.JoinURL(u, "").String(), delivered: map[string]bool{}}
	r.prof = ProfileFor(r.info)
	r.limit = r.prof.Timeout
	if opts.Timeout > 0 {
		r.limit = opts.Timeout
	}
	if opts.Event != nil {
		r.valid = *opts.Event
		if r.valid.ID == "" {
			r.valid.ID = r.prof.findID(r.valid.Body, r.valid.Headers)
		}
	} else {
		r.valid = r.prof.event(r.prof.DefaultType, r.now)
	}
	r.wrong = wrongSecret(opts.Secret)
	if err := r.findSignatureHeaders(); err != nil {
		return nil, err
	}
	return r, nil
}

// findSignatureHeaders signs the event with the real and the wrong secret:
// the headers that differ are the signature, which the unsigned check
// leaves out. Timestamp and id headers stay, as a forger would keep them.
func (r *runner) findSignatureHeaders() error {
	_, real, err := r.sign(r.valid, r.now, r.opts.Secret)
	if err != nil {
		return fmt.Errorf("cannot sign the event for %s: %w", r.info.Name, err)
	}
	_, other, _ := r.sign(r.valid, r.now, r.wrong)
	r.sigs = map[string]bool{}
	for _, h := range real {
		if webhook.Headers(convert(other)).Get(h.Name) != h.Value {
			r.sigs[strings.ToLower(h.Name)] = true
		}
	}
	if len(r.sigs) == 0 && len(r.info.Headers) > 0 {
		r.sigs[strings.ToLower(r.info.Headers[0])] = true
	}
	return nil
}

func convert(hs []sign.Header) webhook.Headers {
	out := make(webhook.Headers, 0, len(hs))
	for _, h := range hs {
		out = append(out, webhook.Header(h))
	}
	return out
}

func (r *runner) signParams(ev Event, at time.Time, secret string) sign.SignParams {
	return sign.SignParams{Secret: secret, Body: ev.Body, Timestamp: at, ID: ev.ID, URL: r.target, Method: http.MethodPost}
}

// sign returns the body to send and the signature headers. Most schemes
// sign the body as it is; a BodySigner (Mailgun, Linear) also writes into it.
func (r *runner) sign(ev Event, at time.Time, secret string) ([]byte, []sign.Header, error) {
	p := r.signParams(ev, at, secret)
	if bs, ok := r.opts.Scheme.(sign.BodySigner); ok {
		return bs.SignBody(p)
	}
	h, err := r.opts.Scheme.Sign(p)
	return ev.Body, h, err
}

// how says how a delivery is signed and altered.
type how struct {
	// age dates the signature this long before the moment it is sent.
	age      time.Duration
	secret   string
	unsigned bool // leave the signature headers out
	tamper   bool // change the body after signing
	extra    webhook.Headers
}

// request builds the signed request for ev.
func (r *runner) request(ev Event, h how) (*webhook.Request, error) {
	if h.secret == "" {
		h.secret = r.opts.Secret
	}
	body, sigs, err := r.sign(ev, r.clock().Add(-h.age), h.secret)
	if err != nil {
		return nil, err
	}
	if _, ok := r.opts.Scheme.(sign.BodySigner); ok && h.unsigned {
		// The signature lives in the body: send the body unsigned.
		body, sigs = ev.Body, nil
	}
	headers := ev.Headers.Clone()
	for _, s := range sigs {
		if h.unsigned && r.sigs[strings.ToLower(s.Name)] {
			headers.Del(s.Name)
			continue
		}
		headers.Set(s.Name, s.Value)
	}
	for _, kv := range h.extra {
		headers.Set(kv.Name, kv.Value)
	}
	if h.tamper {
		body = tamper(body)
	}
	return &webhook.Request{ID: webhook.NewID(), ReceivedAt: r.now, Method: http.MethodPost, Headers: headers, Body: body,
		Provider: r.info.Name, Event: ev.Type}, nil
}

// send delivers ev once (no retries: each check is one attempt, as the
// provider's first try is) and records how it went.
func (r *runner) send(ctx context.Context, label string, ev Event, h how) Delivery {
	d, _ := r.deliver(ctx, label, ev, h)
	return d
}

// deliver is send that also returns the answer, for checks that read it.
func (r *runner) deliver(ctx context.Context, label string, ev Event, h how) (Delivery, *webhook.Response) {
	if h.secret == "" {
		h.secret = r.opts.Secret
	}
	d := Delivery{Check: r.current, Label: label}
	req, err := r.request(ev, h)
	if err != nil {
		d.Error = "could not sign: " + err.Error()
		return d, nil
	}
	resp, err := webhook.Deliver(ctx, req, r.opts.URL, webhook.DeliverOptions{
		Client: r.opts.Client, Timeout: r.limit, Headers: r.opts.Headers,
	})
	if err != nil {
		var de *webhook.DeliveryError
		if errors.As(err, &de) && len(de.Attempts) > 0 {
			d.Duration = de.Attempts[0].Duration
			err = de.Err
		}
		d.Error = webhook.DescribeError(err)
		d.TimedOut = errors.Is(err, context.DeadlineExceeded) || d.Error == "timed out"
	} else {
		d.Status, d.Duration = resp.Status, resp.Duration
	}
	if is2xx(d) && !h.unsigned && !h.tamper && h.secret == r.opts.Secret {
		r.delivered[ev.ID] = true
	}
	r.sent = append(r.sent, d)
	return d, resp
}

// fresh returns the main event under a new id, so a check that expects a
// rejection is not answered from an app's de-duplication cache.
func (r *runner) fresh() Event { return r.prof.withID(r.valid, r.prof.newID()) }

// wrongSecret returns a secret of the same shape as s (prefix, length,
// character classes), so a scheme that parses secrets accepts it, but a
// different one.
func wrongSecret(s string) string {
	prefix := ""
	if i := strings.LastIndex(s, "_"); i >= 0 && i < 12 {
		prefix, s = s[:i+1], s[i+1:]
	}
	for {
		b := []byte(s)
		for i, c := range b {
			switch {
			case c >= 'a' && c <= 'f', c >= 'A' && c <= 'F':
				b[i] = randomToken(classOf(c), 1)[0]
			case c >= 'a' && c <= 'z':
				b[i] = randomToken("abcdefghijklmnopqrstuvwxyz", 1)[0]
			case c >= 'A' && c <= 'Z':
				b[i] = randomToken("ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1)[0]
			case c >= '0' && c <= '9':
				b[i] = randomToken("0123456789", 1)[0]
			}
		}
		if !strings.ContainsAny(s, alnum) {
			return prefix + s + "hookctl-wrong-secret"
		}
		if string(b) != s {
			return prefix + string(b)
		}
	}
}

// classOf keeps hex letters hex, so a hex secret stays hex.
func classOf(c byte) string {
	if c >= 'a' {
		return "abcdef"
	}
	return "ABCDEF"
}
