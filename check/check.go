// Package check grades how well a webhook endpoint handles real delivery:
// it sends crafted deliveries (a valid event, a provider retry, a tampered
// body, no signature, a wrong secret, a stale timestamp, a replay, events
// out of order, the provider's handshake) through the one delivery path and
// compares each answer with what a careful endpoint gives. It reports
// through return values and a callback and never prints.
package check

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/hookctl/hookctl/sign"
	"github.com/hookctl/hookctl/webhook"
)

// Names of the checks, in the order they run.
const (
	Handshake   = "handshake"
	Valid       = "valid"
	Duplicate   = "duplicate"
	Idempotency = "idempotency"
	Tampered    = "tampered"
	Unsigned    = "unsigned"
	WrongSecret = "wrong-secret"
	Stale       = "stale"
	Replay      = "replay"
	OutOfOrder  = "out-of-order"
	Timing      = "timing"
)

// Spec describes one check for help texts and flag validation.
type Spec struct {
	Name string
	// Required checks decide the exit status; advisory ones are reported
	// but only count with Options.Strict.
	Required bool
	Summary  string
}

// Specs lists every check in the order they run.
func Specs() []Spec {
	return []Spec{
		{Handshake, true, "the provider's endpoint handshake (Slack, Zoom, Twitch) is answered right"},
		{Valid, true, "a correctly signed event gets a 2xx"},
		{Duplicate, true, "the same event again, as a provider retry, gets a 2xx"},
		{Idempotency, true, "a retried event has one effect, not two (needs --side-effect-url)"},
		{Tampered, true, "a body changed by one byte under the original signature gets a 4xx"},
		{Unsigned, true, "a request without its signature header gets a 4xx"},
		{WrongSecret, true, "a signature made with another secret gets a 4xx"},
		{Stale, true, "a signed request older than the provider's tolerance gets a 4xx"},
		{Replay, true, "a valid request sent again after the tolerance window gets a 4xx"},
		{OutOfOrder, false, "events of one object delivered out of order get no 5xx"},
		{Timing, true, "every answer comes within the provider's timeout"},
	}
}

// Options configure Run.
type Options struct {
	// URL is the endpoint under test.
	URL    string
	Scheme sign.Scheme
	// Secret signs the deliveries.
	Secret string
	// Event is the event to send; nil means the provider's built-in one.
	Event *Event
	// Only and Skip select checks by name; empty Only means all.
	Only, Skip []string
	// Timeout is how long each answer may take; 0 means the provider's
	// documented timeout (see Profile).
	Timeout time.Duration
	// SideEffectURL is an endpoint of the app that says how many times an
	// event took effect; "{id}" in it is replaced by the event id (or an
	// id query parameter is added). Empty skips the idempotency check.
	SideEffectURL string
	// Strict makes advisory checks required.
	Strict bool
	// Headers are added to every delivery (e.g. an Authorization header).
	Headers webhook.Headers
	// Client sends the requests; nil means the webhook package's default.
	Client *http.Client
	// Now is the clock signatures are dated by; nil means time.Now.
	Now func() time.Time
	// OnResult, if set, is called as each check finishes.
	OnResult func(Result)
}

// Result is the grade of one check.
type Result struct {
	Name     string
	Required bool
	// Skipped checks do not apply (Why says why) and neither pass nor fail.
	Skipped bool
	Passed  bool
	// Expected and Got are short: "4xx" and "200 OK".
	Expected, Got string
	// Why says, for a failure, why it matters and how to fix it; for a
	// skipped check, why it was skipped.
	Why        string
	Duration   time.Duration
	Deliveries []Delivery
}

// Failed reports whether r counts against the endpoint.
func (r Result) Failed() bool { return !r.Skipped && !r.Passed }

// Delivery is one request a check sent and what came back.
type Delivery struct {
	// Check is the check that sent it; Label names the request within its check ("retry", "later event").
	Check  string
	Label  string
	Status int
	// Error says why no answer came, if none did.
	Error    string
	Duration time.Duration
	// TimedOut is set when the answer did not come within the limit.
	TimedOut bool
}

// Run sends the checks' deliveries one after another and returns their
// grades in order. Its error means the checks could not be run at all (a
// bad URL, an event the scheme cannot sign); a failing endpoint is not an
// error.
func Run(ctx context.Context, opts Options) ([]Result, error) {
	r, err := newRunner(opts)
	if err != nil {
		return nil, err
	}
	var out []Result
	for _, c := range r.plan() {
		if ctx.Err() != nil {
			return out, ctx.Err()
		}
		r.current = c.name
		res := c.run(ctx)
		res.Name = c.name
		res.Required = c.required || opts.Strict
		if res.Duration == 0 {
			for _, d := range res.Deliveries {
				res.Duration += d.Duration
			}
		}
		if res.Failed() && res.Why == "" {
			res.Why = r.whyFailed(res)
		}
		out = append(out, res)
		if opts.OnResult != nil {
			opts.OnResult(res)
		}
	}
	return out, nil
}

// Selected reports whether the named check is chosen by only and skip.
func Selected(name string, only, skip []string) bool {
	if len(only) > 0 && !slices.Contains(only, name) {
		return false
	}
	return !slices.Contains(skip, name)
}

// Known reports an error naming the first unknown check in names.
func Known(names []string) error {
	for _, n := range names {
		if !slices.ContainsFunc(Specs(), func(s Spec) bool { return s.Name == n }) {
			return fmt.Errorf("unknown check %q", n)
		}
	}
	return nil
}
