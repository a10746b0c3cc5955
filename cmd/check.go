package cmd

import (
	"fmt"
	"strings"
	"time"

	"github.com/hookctl/hookctl/catalog"
	"github.com/hookctl/hookctl/check"
	"github.com/hookctl/hookctl/sign"
	"github.com/hookctl/hookctl/webhook"
	"github.com/spf13/cobra"
)

// checkOptions is what `hookctl check` was asked to do.
type checkOptions struct {
	deps *Deps

	URL           string
	Provider      string
	secrets       secretOptions
	Event         string
	File          string
	JSON          bool
	Verbose       bool
	Only, Skip    []string
	Timeout       time.Duration
	SideEffectURL string
	Strict        bool
	HeaderFlags   []string

	// Set by validate.
	scheme       sign.Scheme
	secret       string
	headers      webhook.Headers
	catalogEvent *catalog.Event
}

func newCheckCmd(deps *Deps, runF func(*checkOptions) error) *cobra.Command {
	opts := &checkOptions{deps: deps}
	c := &cobra.Command{
		Use:   "check URL --provider NAME --secret S",
		Short: "Grade how well an endpoint handles real webhook delivery: signatures, retries, replays, order, speed",
		Long: `Check sends a series of crafted deliveries to your endpoint, signed as the
provider signs them, and grades each answer:

` + checkList() + `
A skipped check does not apply to the provider (GitHub signs no timestamp,
so there is no stale request to send). Advisory checks are reported but
only fail the run with --strict.

Exit status: 0 when every required check passed, 1 when one failed, 2 on a
usage error.`,
		Example: `  # Grade a local Stripe endpoint
  hookctl check http://localhost:3000/webhooks --provider stripe --secret whsec_...

  # Send a catalog event; also check that a retry has one effect, not two
  hookctl check http://localhost:3000/webhooks --event stripe:invoice.paid --secret whsec_... \
    --side-effect-url 'http://localhost:3000/test/effects?event={id}'

  # In CI: only the signature checks, as JSON lines
  hookctl check http://localhost:8080/hooks/github --provider github --secret-file .github-secret \
    --only valid,tampered,unsigned,wrong-secret --json`,
		Args: func(c *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageErrorf("check takes one URL, the endpoint to grade, e.g. hookctl check http://localhost:3000/webhooks --provider stripe --secret whsec_...")
			}
			return nil
		},
		RunE: func(c *cobra.Command, args []string) error {
			opts.URL = args[0]
			if err := opts.validate(); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return checkRun(c, opts)
		},
	}
	f := c.Flags()
	f.StringVar(&opts.Provider, "provider", "", "sign as this provider does (stripe, github, standard-webhooks, slack, …); implied by --event")
	addSecretFlags(c, &opts.secrets)
	f.StringVar(&opts.Event, "event", "", "send this catalog event, PROVIDER:TYPE (hookctl send --list-events lists them)")
	f.StringVar(&opts.File, "file", "", "send this body, or the body and headers of this fixture, instead of the built-in event")
	f.BoolVar(&opts.JSON, "json", false, "print one JSON object per check, then a summary")
	f.BoolVarP(&opts.Verbose, "verbose", "v", false, "list every delivery under its check, with its answer and time")
	f.StringSliceVar(&opts.Only, "only", nil, "run only these checks, comma-separated")
	f.StringSliceVar(&opts.Skip, "skip", nil, "leave out these checks, comma-separated")
	f.DurationVar(&opts.Timeout, "timeout", 0, "how long each answer may take (default: the provider's documented timeout)")
	f.StringVar(&opts.SideEffectURL, "side-effect-url", "", "your app's URL that counts an event's effects, {id} standing for the event id (turns on idempotency)")
	f.BoolVar(&opts.Strict, "strict", false, "make advisory checks (out-of-order) required")
	f.StringArrayVarP(&opts.HeaderFlags, "header", "H", nil, `header to add to every delivery, "Name: value" (repeatable)`)
	return c
}

// checkList is the checks for the help text, one a line.
func checkList() string {
	var b strings.Builder
	for _, s := range check.Specs() {
		kind := ""
		if !s.Required {
			kind = " (advisory)"
		}
		fmt.Fprintf(&b, "  %-13s %s%s\n", s.Name, s.Summary, kind)
	}
	return b.String()
}

func (o *checkOptions) validate() error {
	if _, err := webhook.ParseTarget(o.URL); err != nil {
		return usageErrorf("%v", err)
	}
	if o.Event != "" && o.File != "" {
		return usageErrorf("--event and --file both choose the event: use one")
	}
	if o.Timeout < 0 {
		return usageErrorf("--timeout %s is negative: give how long an answer may take, e.g. 5s", o.Timeout)
	}
	for flag, names := range map[string][]string{"--only": o.Only, "--skip": o.Skip} {
		if err := check.Known(names); err != nil {
			return usageErrorf("%s: %v: the checks are %s", flag, err, specNames())
		}
	}
	if err := o.resolveProvider(); err != nil {
		return err
	}
	secrets, err := o.secrets.resolve(o.deps.Getenv)
	if err != nil {
		return err
	}
	if len(secrets) == 0 {
		return usageErrorf("check signs its deliveries and needs the secret your app verifies with: pass --secret, --secret-file or HOOKCTL_SECRET")
	}
	o.secret = secrets[0]
	if o.SideEffectURL != "" {
		if _, err := webhook.ParseTarget(strings.ReplaceAll(o.SideEffectURL, "{id}", "id")); err != nil {
			return usageErrorf("--side-effect-url: %v", err)
		}
	}
	o.headers, err = parseHeaderFlags("-H", o.HeaderFlags)
	return err
}

// resolveProvider finds the scheme from --provider, or from the catalog
// event's provider when only --event is given.
func (o *checkOptions) resolveProvider() error {
	name := o.Provider
	if o.Event != "" {
		ev, err := catalog.Lookup(o.Event)
		if err != nil {
			return usageErrorf("--event: %v", err)
		}
		evScheme, err := sign.Lookup(ev.Scheme)
		if err != nil {
			return usageErrorf("--event %s: %v", ev.Name(), err)
		}
		if name == "" {
			name = ev.Scheme
		}
		if s, err := sign.Lookup(name); err == nil && s.Info().Name != evScheme.Info().Name {
			return usageErrorf("--event %s is signed as %s, not %s: drop --provider or pick an event of %s",
				ev.Name(), evScheme.Info().Name, s.Info().Name, s.Info().Name)
		}
		o.catalogEvent = &ev
	}
	if name == "" {
		return usageErrorf("--provider is required: name the provider whose deliveries to imitate (stripe, github, standard-webhooks, …; hookctl sign --list shows all)")
	}
	s, err := sign.Lookup(name)
	if err != nil {
		return usageErrorf("--provider: %v", err)
	}
	o.scheme = s
	return nil
}

func specNames() string {
	var names []string
	for _, s := range check.Specs() {
		names = append(names, s.Name)
	}
	return strings.Join(names, ", ")
}
