package cmd

import (
	"errors"

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
	if o.Secret == "" {
		return usageErrorf("--provider %s re-signs requests and needs a secret: pass --secret, --secret-file or HOOKCTL_SECRET (or --keep-signature to send as recorded)", o.Provider)
	}
	return nil
}
