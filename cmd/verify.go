package cmd

import (
	"time"

	"github.com/hookctl/hookctl/sign"
	"github.com/spf13/cobra"
)

// verifyOptions is what `hookctl verify` was asked to check.
type verifyOptions struct {
	deps *Deps

	Provider  string // a name, "auto", or "" (the fixture's provider, else auto)
	secrets   secretOptions
	Secrets   []string
	Headers   []string
	URL       string
	Method    string
	Tolerance time.Duration
	// ToleranceSet: --tolerance was given; 0 then turns the check off.
	ToleranceSet bool
	NowText      string
	Now          time.Time
	Debug        bool
	JSON         bool
	File         string
	generic      genericFlags
	// Scheme is set when the provider was named (not auto).
	Scheme sign.Scheme
}

func newVerifyCmd(deps *Deps, runF func(*verifyOptions) error) *cobra.Command {
	opts := &verifyOptions{deps: deps}
	c := &cobra.Command{
		Use:   "verify --provider NAME|auto --secret S [-H 'Name: value']... [FILE|-]",
		Short: "Check a webhook's signature and say why it fails",
		Long: `Verify checks a request's signature the way the provider's SDK would.

FILE is a raw body with the headers given by -H, or a fixture (a .json file
with a "version" field, as listen --save writes), which brings its own
headers, body, method and URL (https:// + host + path, unless --url).
Without FILE, or with -, the body is read from standard input.

--provider auto picks the provider from the headers present and says which;
with a fixture, the default is the provider it records, else auto.
Timestamps are judged against the current time: a saved fixture is old, so
pass --now with the time it was signed, or --tolerance 0 to skip the check.

Exit status: 0 valid; 1 invalid, with one line on stderr saying why; 2 for a
usage error. The expected signature is never printed, unless --debug.`,
		Example: `  # Stripe: the body and the header as received
  hookctl verify --provider stripe --secret whsec_... \
    -H 'Stripe-Signature: t=1795435200,v1=a6cab0f1...' payload.json

  # GitHub, from a saved fixture
  hookctl verify --provider github --secret hookctl-example-github-secret testdata/hooks/github_push.json

  # Standard Webhooks, judging the timestamp as of when it was signed
  hookctl verify --provider standard-webhooks --secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw \
    -H 'webhook-id: msg_p5jXN8AQM9LWM0D4loKWxJek' -H 'webhook-timestamp: 1614265330' \
    -H 'webhook-signature: v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=' --now 1614265330 payload.json

  # Whatever sent it: detect the provider; skip the timestamp window
  hookctl verify --provider auto --secret whsec_... --tolerance 0 testdata/hooks/stripe_payment_intent.succeeded.json`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.File = args[0]
			}
			if err := opts.validate(c); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return verifyRun(opts)
		},
	}
	f := c.Flags()
	f.StringVarP(&opts.Provider, "provider", "p", "", "provider whose scheme to check, or auto to detect it")
	addSecretFlags(c, &opts.secrets)
	f.StringArrayVarP(&opts.Headers, "request-header", "H", nil, `a request header, "Name: value" (repeatable)`)
	f.StringVar(&opts.URL, "url", "", "full URL the provider called, for schemes that sign it (Twilio, Square, HubSpot)")
	f.StringVarP(&opts.Method, "method", "X", "", "HTTP method, for schemes that sign it (default POST, or the fixture's)")
	f.DurationVar(&opts.Tolerance, "tolerance", 0, "timestamp window instead of the provider's (0 turns the check off)")
	f.StringVar(&opts.NowText, "now", "", "judge timestamps as of this time, Unix seconds (default now)")
	f.BoolVar(&opts.Debug, "debug", false, "include the expected signature in a failure message")
	f.BoolVar(&opts.JSON, "json", false, "print the result as one JSON object")
	addGenericFlags(c, &opts.generic)
	return c
}

func (o *verifyOptions) validate(c *cobra.Command) error {
	o.ToleranceSet = c.Flags().Changed("tolerance")
	if o.Tolerance < 0 {
		return usageErrorf("--tolerance %s: give a duration such as 5m, or 0 to skip the check", o.Tolerance)
	}
	if o.Provider != "" && o.Provider != "auto" || c.Flags().Changed("header") {
		var err error
		if o.Scheme, err = pickScheme(o.Provider, &o.generic, c); err != nil {
			return err
		}
	}
	secrets, err := o.secrets.resolve(o.deps.Getenv)
	if err != nil {
		return err
	}
	if len(secrets) == 0 {
		return usageErrorf("verify needs a secret (or public key): pass --secret, --secret-file or set HOOKCTL_SECRET")
	}
	o.Secrets = secrets
	o.Now = o.deps.Now()
	if o.NowText != "" {
		if o.Now, err = parseUnixTime("--now", o.NowText); err != nil {
			return err
		}
	}
	return nil
}
