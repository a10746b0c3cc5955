package cmd

import (
	"strings"
	"time"

	"github.com/hookctl/hookctl/catalog"
	"github.com/hookctl/hookctl/sign"
	"github.com/hookctl/hookctl/webhook"
	"github.com/spf13/cobra"
)

// sendOptions is what `hookctl send` was asked to do, parsed and checked.
type sendOptions struct {
	deps *Deps

	URL      string
	Provider string
	Scheme   sign.Scheme // from --provider, else the event's; nil sends unsigned
	secrets  secretOptions
	Secret   string // the first secret given, used to sign

	EventName   string
	Event       *catalog.Event
	Data        string
	dataSet     bool
	File        string
	Stdin       bool
	HeaderArgs  []string
	Headers     webhook.Headers
	Method      string
	ContentType string
	SetArgs     []string
	Sets        []catalog.Set

	Retries     int
	Timeout     time.Duration
	Repeat      int
	Concurrency int

	JSON    bool
	Print   bool
	Verbose bool

	ListEvents   bool
	ListProvider string
}

func newSendCmd(deps *Deps, runF func(*sendOptions) error) *cobra.Command {
	opts := &sendOptions{deps: deps}
	c := &cobra.Command{
		Use:   "send URL [--event PROVIDER:TYPE | --data TEXT | --file F | -] [--provider NAME --secret S]",
		Short: "Fire a signed, realistic test webhook (or your own body) at an endpoint",
		Long: `Send posts one webhook to URL and shows the answer. The body is a sample
event from the built-in catalog (--event; see --list-events), your own text
(--data), a file (--file) or standard input (-).

With a secret (--secret, --secret-file or HOOKCTL_SECRET) the request is
signed as the provider signs it, with a fresh timestamp and id on every
request: the event's provider by default, or --provider. Catalog events also
carry the provider's other headers (X-GitHub-Event, X-Shopify-Topic,
Stripe's User-Agent, …) and fresh ids and timestamps in the body.

Attempts are shown on stderr, the answer on stdout. The exit code is 0 when
every answer was 2xx, 1 otherwise, 2 on a usage error.`,
		Example: `  # A signed Stripe payment_intent.succeeded, as Stripe would send it
  hookctl send http://localhost:3000/webhooks --event stripe:payment_intent.succeeded --secret whsec_...

  # Change fields of the sample event
  hookctl send http://localhost:3000/hooks --event stripe:checkout.session.completed \
    --set data.object.amount_total=4900 --set data.object.metadata.order_id=A-7 --secret whsec_...

  # Your own body, signed as GitHub signs it, with a header of your own
  hookctl send http://localhost:3000/github --provider github --secret s3cret \
    --file push.json -H "X-GitHub-Event: push"

  # See exactly what would be sent, without sending
  hookctl send --event shopify:orders/create --secret shpss_... --print

  # Fire 200 fresh events, 20 at a time, and get latency percentiles
  hookctl send http://localhost:3000/hooks --event github:push --secret s3cret --repeat 200 --concurrency 20

  # What events are there?
  hookctl send --list-events stripe`,
		Args: cobra.MaximumNArgs(2),
		RunE: func(c *cobra.Command, args []string) error {
			opts.dataSet = c.Flags().Changed("data")
			if err := opts.parseArgs(args); err != nil {
				return err
			}
			if !opts.ListEvents {
				if err := opts.validate(); err != nil {
					return err
				}
			}
			if runF != nil {
				return runF(opts)
			}
			if opts.ListEvents {
				return sendListEvents(opts)
			}
			return sendRun(c.Context(), opts)
		},
	}
	f := c.Flags()
	f.StringVar(&opts.EventName, "event", "", "send a sample event from the catalog: PROVIDER:TYPE (see --list-events)")
	f.StringVar(&opts.Data, "data", "", "send this text as the body")
	f.StringVar(&opts.File, "file", "", "send this file's bytes as the body")
	f.StringVar(&opts.Provider, "provider", "", "sign as this provider (default: the event's provider)")
	addSecretFlags(c, &opts.secrets)
	f.StringArrayVarP(&opts.HeaderArgs, "header", "H", nil, `add a header "Name: value" (repeatable; replaces one of the same name)`)
	f.StringVarP(&opts.Method, "request", "X", "POST", "HTTP method")
	f.StringVar(&opts.ContentType, "content-type", "", "Content-Type of the body (default: the event's, or guessed from the body)")
	f.StringArrayVar(&opts.SetArgs, "set", nil, "override a JSON field by dotted path: data.object.amount=5000, items.0.id=7 (repeatable)")
	f.IntVar(&opts.Retries, "retries", 0, "retry this many times on a 5xx, 429 or connection error, with backoff")
	f.DurationVar(&opts.Timeout, "timeout", 10*time.Second, "time limit for each attempt")
	f.IntVar(&opts.Repeat, "repeat", 1, "send this many requests, each with fresh ids and signature")
	f.IntVar(&opts.Concurrency, "concurrency", 1, "requests in flight at once with --repeat")
	f.BoolVar(&opts.JSON, "json", false, "print one JSON object per request (and a summary with --repeat) on stdout")
	f.BoolVar(&opts.Print, "print", false, "print the request (headers and body) instead of sending it")
	f.BoolVarP(&opts.Verbose, "verbose", "v", false, "show the request sent and the answer's headers")
	f.BoolVar(&opts.ListEvents, "list-events", false, "list the catalog's events (of one provider, if named) and exit")
	return c
}

// parseArgs sorts the arguments: a URL, "-" for standard input, or with
// --list-events a provider name.
func (o *sendOptions) parseArgs(args []string) error {
	if o.ListEvents {
		if len(args) > 1 {
			return usageErrorf("--list-events takes at most one provider name, not %q", strings.Join(args, " "))
		}
		if len(args) == 1 {
			o.ListProvider = args[0]
		}
		return nil
	}
	for _, a := range args {
		switch {
		case a == "-":
			o.Stdin = true
		case o.URL == "":
			o.URL = a
		default:
			return usageErrorf("send takes one URL, got %q and %q", o.URL, a)
		}
	}
	return nil
}
