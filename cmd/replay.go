package cmd

import (
	"time"

	"github.com/hookctl/hookctl/replay"
	"github.com/hookctl/hookctl/sign"
	"github.com/spf13/cobra"
)

// replayOptions is what `hookctl replay` was asked to do, parsed and checked.
type replayOptions struct {
	deps *Deps

	Args     []string
	To       string
	Provider string
	Scheme   sign.Scheme // looked up from Provider
	secrets  secretOptions
	Secret   string // the first secret given, used to sign
	// SecretFor picks the secret for a provider: --secret, else
	// HOOKCTL_SECRET_<PROVIDER>, else HOOKCTL_SECRET.
	SecretFor func(provider string) string
	Keep      bool

	Concurrency int
	Rate        string
	Pace        replay.Pace
	Retries     int
	Timeout     time.Duration

	OrderName string
	Order     replay.Order
	Events    []string
	HeaderIf  []string
	Since     string
	Until     string
	Limit     int
	Filter    replay.Filter

	ExpectStatus string
	ExpectBody   string
	Expect       replay.Expectation

	JSON   bool
	DryRun bool
	Edit   bool
	As     string
}

func newReplayCmd(deps *Deps, runF func(*replayOptions) error) *cobra.Command {
	opts := &replayOptions{deps: deps}
	c := &cobra.Command{
		Use:   "replay FIXTURE|DIR|GLOB|-... [--to URL]",
		Short: "Send saved fixtures to an endpoint again, re-signed, and check the answers",
		Long: `Replay sends saved fixtures (from listen --save, or written by hand) to an
endpoint, byte for byte: method, path and query joined onto --to, headers in
their recorded order, and the body. Use - to read JSON lines on stdin.

A recorded signature carries an old timestamp that apps reject; with a
secret (--secret, --secret-file, HOOKCTL_SECRET, or HOOKCTL_SECRET_STRIPE and
the like for one provider) each request is re-signed with a fresh one, using
--provider or the provider the fixture records.

Each answer is checked against --expect-status (2xx by default) and
--expect-body-contains, or the fixture's own "expect" object. A summary goes
to stderr; the exit code is 0 when every expectation held, 1 otherwise.`,
		Example: `  # Replay a folder of captured webhooks against your app; fail on any non-2xx
  hookctl replay testdata/hooks/ --to http://localhost:3000

  # Re-sign Stripe fixtures with your endpoint secret, four at a time
  hookctl replay 'fixtures/stripe_*.json' --to http://localhost:3000 \
    --provider stripe --secret whsec_... --concurrency 4

  # Only invoice events from the last day, spaced as they arrived
  hookctl replay saved/ --to http://localhost:3000 --event 'invoice.*' --since 24h --delay-as-recorded

  # Check that a stale signature is refused
  hookctl replay testdata/hooks/stripe_payment_intent.succeeded.json --to http://localhost:3000 \
    --keep-signature --expect-status 4xx

  # See what would be sent, or get a curl command that sends it
  hookctl replay testdata/hooks/ --to http://localhost:3000 --secret whsec_... --dry-run
  hookctl replay testdata/hooks/github_push.json --to http://localhost:3000 --as curl`,
		RunE: func(c *cobra.Command, args []string) error {
			opts.Args = args
			if err := opts.validate(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return replayRun(c.Context(), opts)
		},
	}
	f := c.Flags()
	f.StringVar(&opts.To, "to", "", "base URL to send to; each fixture's path and query are joined onto it")
	f.StringVar(&opts.Provider, "provider", "", "re-sign every request with this provider's scheme (default: the one each fixture records)")
	addSecretFlags(c, &opts.secrets)
	f.BoolVar(&opts.Keep, "keep-signature", false, "send signatures as recorded, to test replay protection")
	f.IntVar(&opts.Concurrency, "concurrency", 1, "requests in flight at once")
	f.StringVar(&opts.Rate, "rate", "", "most requests started per second: 10, 10/s, 120/m")
	f.BoolVar(&opts.Pace.AsRecorded, "delay-as-recorded", false, "keep the time between requests as recorded")
	f.DurationVar(&opts.Pace.MaxGap, "max-gap", 10*time.Second, "longest wait between requests with --delay-as-recorded (0: no cap)")
	f.IntVar(&opts.Retries, "retries", 0, "retry a request this many times on a 5xx, 429 or connection error")
	f.DurationVar(&opts.Timeout, "timeout", 10*time.Second, "time limit for each attempt")
	f.StringVar(&opts.OrderName, "order", "file", "send order: file, time (received) or name (file name)")
	f.StringArrayVar(&opts.Events, "event", nil, "only fixtures of this event type; * and ? match (repeatable: any)")
	f.StringArrayVar(&opts.HeaderIf, "header", nil, `only fixtures with this header: "Name: value" (* and ? match) or "Name" (repeatable: all)`)
	f.StringVar(&opts.Since, "since", "", "only fixtures received at or after this time (2026-11-23T12:00:00Z) or this long ago (2h)")
	f.StringVar(&opts.Until, "until", "", "only fixtures received at or before this time or this long ago")
	f.IntVar(&opts.Limit, "limit", 0, "send at most this many fixtures (0: all)")
	f.StringVar(&opts.ExpectStatus, "expect-status", "2xx", "acceptable answers: a code (200), a class (2xx), a list (4xx,5xx) or any")
	f.StringVar(&opts.ExpectBody, "expect-body-contains", "", "the answer's body must contain this text")
	f.BoolVar(&opts.JSON, "json", false, "print one JSON object per request, and a summary, on stdout")
	f.BoolVar(&opts.DryRun, "dry-run", false, "show what would be sent (re-signed headers included) without sending")
	f.BoolVar(&opts.Edit, "edit", false, "open each body in $EDITOR before sending")
	f.StringVar(&opts.As, "as", "", "print a command that sends each request instead: curl or httpie")
	return c
}
