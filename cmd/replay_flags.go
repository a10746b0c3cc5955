package cmd

import (
	"errors"
	"strings"

	"github.com/hookctl/hookctl/replay"
	"github.com/hookctl/hookctl/sign"
	"github.com/hookctl/hookctl/webhook"
)

// validate parses and checks the flags; every problem is a usage error.
func (o *replayOptions) validate() error {
	if len(o.Args) == 0 {
		return usageErrorf("give fixture files, folders or globs to replay, or - for JSON lines on stdin")
	}
	if err := o.checkModes(); err != nil {
		return err
	}
	if err := o.checkNumbers(); err != nil {
		return err
	}
	if err := o.parseFilter(); err != nil {
		return err
	}
	var err error
	if o.Expect.Status, err = replay.ParseStatus(o.ExpectStatus); err != nil {
		return usageErrorf("--expect-status: %v", err)
	}
	o.Expect.BodyContains = o.ExpectBody
	return o.parseSigning()
}

func (o *replayOptions) checkModes() error {
	stdin := 0
	for _, a := range o.Args {
		if a == "-" {
			stdin++
		}
	}
	switch {
	case stdin > 1:
		return usageErrorf("- (stdin) can be given only once")
	case o.As != "" && o.As != replay.ExportCurl && o.As != replay.ExportHTTPie:
		return usageErrorf("--as %q is unknown: use curl or httpie", o.As)
	case o.As != "" && (o.JSON || o.DryRun):
		return usageErrorf("--as prints commands: it cannot be combined with --json or --dry-run")
	case o.Edit && stdin > 0:
		return usageErrorf("--edit needs the terminal, but - reads fixtures from stdin: pass files instead")
	case o.Edit && o.Concurrency > 1:
		return usageErrorf("--edit opens one body at a time: drop --concurrency")
	case o.To == "" && o.As == "" && !o.DryRun:
		return usageErrorf("--to is required: the base URL of your app, such as --to http://localhost:3000")
	}
	if o.To != "" {
		if _, err := webhook.ParseTarget(o.To); err != nil {
			return usageErrorf("--to: %v", err)
		}
	}
	return nil
}

func (o *replayOptions) checkNumbers() error {
	switch {
	case o.Concurrency < 1:
		return usageErrorf("--concurrency must be 1 or more")
	case o.Retries < 0:
		return usageErrorf("--retries cannot be negative")
	case o.Limit < 0:
		return usageErrorf("--limit cannot be negative")
	case o.Timeout <= 0:
		return usageErrorf("--timeout must be above zero, such as 10s")
	case o.Pace.MaxGap < 0:
		return usageErrorf("--max-gap cannot be negative")
	}
	if o.Rate != "" {
		r, err := replay.ParseRate(o.Rate)
		if err != nil {
			return usageErrorf("--rate: %v", err)
		}
		o.Pace.Rate = r
	}
	return nil
}

func (o *replayOptions) parseFilter() error {
	var err error
	if o.Order, err = replay.ParseOrder(o.OrderName); err != nil {
		return usageErrorf("--order: %v", err)
	}
	if err := replay.CheckPatterns(o.Events); err != nil {
		return usageErrorf("--event: %v", err)
	}
	o.Filter.Events = o.Events
	for _, h := range o.HeaderIf {
		m, err := replay.ParseHeaderMatch(h)
		if err != nil {
			return usageErrorf("--header: %v", err)
		}
		o.Filter.Headers = append(o.Filter.Headers, m)
	}
	now := o.deps.Now()
	if o.Since != "" {
		if o.Filter.Since, err = replay.ParseTimeBound(o.Since, now); err != nil {
			return usageErrorf("--since: %v", err)
		}
	}
	if o.Until != "" {
		if o.Filter.Until, err = replay.ParseTimeBound(o.Until, now); err != nil {
			return usageErrorf("--until: %v", err)
		}
	}
	return nil
}

func (o *replayOptions) parseSigning() error {
	secrets, err := o.secrets.resolve(o.deps.Getenv)
	if err != nil {
		return err
	}
	if len(secrets) > 0 {
		o.Secret = secrets[0]
	}
	fromFlags := len(o.secrets.Secrets)+len(o.secrets.Files) > 0
	o.SecretFor = func(provider string) string {
		if !fromFlags {
			if v := strings.TrimSpace(o.deps.Getenv(providerSecretEnv(provider))); v != "" {
				return v
			}
		}
		return o.Secret
	}
	if o.Provider == "" {
		return nil
	}
	if o.Keep {
		return usageErrorf("--keep-signature sends signatures as recorded: drop --provider, or drop --keep-signature to re-sign")
	}
	if o.Scheme, err = sign.Lookup(o.Provider); err != nil {
		if errors.Is(err, sign.ErrUnknownProvider) {
			return usageErrorf("--provider: %v", err)
		}
		return usageErrorf("--provider %s: %v", o.Provider, err)
	}
	if o.SecretFor(o.Scheme.Info().Name) == "" {
		return usageErrorf("--provider %s re-signs requests and needs a secret: pass --secret, --secret-file, HOOKCTL_SECRET or %s (or --keep-signature to send as recorded)",
			o.Provider, providerSecretEnv(o.Scheme.Info().Name))
	}
	return nil
}

// providerSecretEnv names the variable holding one provider's secret, so
// a run over a folder of several providers re-signs each with its own:
// HOOKCTL_SECRET_STRIPE, HOOKCTL_SECRET_STANDARD_WEBHOOKS.
func providerSecretEnv(provider string) string {
	name := strings.Map(func(c rune) rune {
		switch {
		case c >= 'a' && c <= 'z':
			return c - 'a' + 'A'
		case c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
			return c
		}
		return '_'
	}, provider)
	return "HOOKCTL_SECRET_" + name
}
