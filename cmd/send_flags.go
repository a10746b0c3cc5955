package cmd

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"

	"github.com/hookctl/hookctl/catalog"
	"github.com/hookctl/hookctl/sign"
	"github.com/hookctl/hookctl/webhook"
)

// validate checks the flags together and resolves names (event, provider,
// secret) so that sendRun only does the work.
func (o *sendOptions) validate() error {
	if err := o.checkSources(); err != nil {
		return err
	}
	if o.URL == "" && !o.Print {
		return usageErrorf("no target URL: hookctl send URL --event PROVIDER:TYPE (or --print to only show the request)")
	}
	if o.URL != "" {
		if _, err := webhook.ParseTarget(o.URL); err != nil {
			return usageErrorf("%v", err)
		}
	}
	switch {
	case o.Repeat < 1:
		return usageErrorf("--repeat must be at least 1, not %d", o.Repeat)
	case o.Concurrency < 1:
		return usageErrorf("--concurrency must be at least 1, not %d", o.Concurrency)
	case o.Retries < 0:
		return usageErrorf("--retries cannot be negative")
	case o.Timeout <= 0:
		return usageErrorf("--timeout must be more than 0, e.g. 10s")
	}
	o.Method = strings.ToUpper(strings.TrimSpace(o.Method))
	if !webhook.ValidHeaderName(o.Method) {
		return usageErrorf("-X %q is not an HTTP method", o.Method)
	}
	if strings.ContainsAny(o.ContentType, "\r\n") {
		return usageErrorf("--content-type has a line break in it")
	}
	var err error
	if o.Headers, err = parseHeaderFlags("-H", o.HeaderArgs); err != nil {
		return err
	}
	for _, s := range o.SetArgs {
		set, err := catalog.ParseSet(s)
		if err != nil {
			return usageErrorf("%v", err)
		}
		o.Sets = append(o.Sets, set)
	}
	return o.resolveSigning()
}

// checkSources makes sure exactly one body source was given, and looks the
// event up.
func (o *sendOptions) checkSources() error {
	var given []string
	if o.EventName != "" {
		given = append(given, "--event")
	}
	if o.dataSet {
		given = append(given, "--data")
	}
	if o.File != "" {
		given = append(given, "--file")
	}
	if o.Stdin {
		given = append(given, "-")
	}
	switch {
	case len(given) == 0:
		return usageErrorf("nothing to send: pass --event PROVIDER:TYPE (see --list-events), --data TEXT, --file F, or - for standard input")
	case len(given) > 1:
		return usageErrorf("pass only one of --event, --data, --file and -, not %s", strings.Join(given, " and "))
	}
	if o.Stdin && o.deps.IO.InTTY {
		return usageErrorf("- reads the body from standard input, which is a terminal: pipe a body in, or use --data or --file")
	}
	if o.EventName != "" {
		ev, err := catalog.Lookup(o.EventName)
		if err != nil {
			return usageErrorf("%v", err)
		}
		o.Event = &ev
	}
	return nil
}

// resolveSigning picks the scheme (--provider, else the event's) and the
// secret. An explicit --provider without a secret is a mistake; an event
// without one is sent unsigned, with a note.
func (o *sendOptions) resolveSigning() error {
	secrets, err := o.secrets.resolve(o.deps.Getenv)
	if err != nil {
		return err
	}
	if len(secrets) > 0 {
		o.Secret = secrets[0]
	}
	name := o.Provider
	if name == "" && o.Event != nil {
		name = o.Event.Scheme
	}
	if name == "" {
		if o.Secret != "" {
			return usageErrorf("a secret was given but no provider to sign as: pass --provider NAME (hookctl sign --list shows them)")
		}
		return nil
	}
	s, err := sign.Lookup(name)
	if err != nil {
		return usageErrorf("%v", err)
	}
	o.Scheme = s
	if o.Secret == "" && o.Provider != "" {
		return usageErrorf("--provider %s needs a secret to sign with: pass --secret, --secret-file or set HOOKCTL_SECRET", o.Provider)
	}
	if o.Secret != "" && s.Info().URL && o.URL == "" {
		return usageErrorf("%s signs the URL it is sent to: pass the URL (it is not contacted with --print)", s.Info().Title)
	}
	return nil
}

// sendSignError turns the sign package's errors into advice.
func sendSignError(title string, err error) error {
	switch {
	case errors.Is(err, sign.ErrBadSecret):
		return usageErrorf("cannot sign as %s: the secret is not in a form %s uses (check --secret)", title, title)
	case errors.Is(err, sign.ErrNeedURL):
		return usageErrorf("cannot sign as %s: it signs the URL; pass one", title)
	}
	return usageErrorf("cannot sign as %s: %v", title, err)
}

// guessContentType names the media type of a body given with --data,
// --file or stdin when --content-type does not.
func guessContentType(body []byte) string {
	trimmed := strings.TrimSpace(string(body))
	switch {
	case trimmed == "":
		return ""
	case (strings.HasPrefix(trimmed, "{") || strings.HasPrefix(trimmed, "[")) && json.Valid(body):
		return "application/json"
	}
	return http.DetectContentType(body)
}
