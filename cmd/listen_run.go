package cmd

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/hookctl/hookctl/listen"
	"github.com/hookctl/hookctl/sign"
	"github.com/hookctl/hookctl/webhook"
	"github.com/spf13/cobra"
)

var errListenTimeout = errors.New("--timeout passed")

func listenRun(c *cobra.Command, o *listenOptions) error {
	cfg, err := o.config()
	if err != nil {
		return err
	}
	tuneServeGC(o.deps.Getenv)
	view := newListenView(o)
	defer view.close()
	cfg.OnRequest = view.request
	srv, err := listen.New(cfg)
	if err != nil {
		return usageErrorf("%v", err)
	}
	if err := srv.Listen(); err != nil {
		return failError(err)
	}
	if o.ReadyFile != "" {
		if err := webhook.WriteAtomic(o.ReadyFile, []byte(srv.URL()+"\n"), 0o644); err != nil {
			return usageErrorf("--ready-file: %v", err)
		}
	}
	view.ready(srv.URL())
	parent := c.Context()
	ctx := parent
	if o.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeoutCause(parent, o.Timeout, errListenTimeout)
		defer cancel()
	}
	var tunnel <-chan error
	stopRelay, relayDrained := func() {}, func() {}
	if o.Relay != "" {
		ctx, stopRelay = context.WithCancel(ctx)
		defer stopRelay()
		var drained func()
		if tunnel, drained, err = o.startRelay(ctx, srv, SyncWriter(o.deps.IO.ErrOut)); err != nil {
			return err
		}
		relayDrained = drained
		// A refused token ends the tunnel for good: stop the listener too.
		tunnel = stopOnError(tunnel, stopRelay)
	}
	sum, err := srv.Serve(ctx)
	if err != nil {
		return failError(err)
	}
	if tunnel != nil {
		relayDrained()
		stopRelay() // --count or --timeout ended the listener: end the tunnel too
		if err := <-tunnel; err != nil {
			return failError(err)
		}
	}
	timedOut := errors.Is(context.Cause(ctx), errListenTimeout) && parent.Err() == nil
	view.done(sum, timedOut)
	switch {
	case parent.Err() != nil:
		return nil // Ctrl-C is how a listener is meant to end
	case o.Count > 0 && !sum.Complete && timedOut:
		return failError(fmt.Errorf("--timeout %s passed after %d of %d requests", o.Timeout, sum.Requests, o.Count))
	case sum.Unverified > 0:
		return failError(fmt.Errorf("%d of %d requests failed signature verification", sum.Unverified, sum.Requests))
	}
	return nil
}

// config turns the flags into the listener's configuration.
func (o *listenOptions) config() (listen.Config, error) {
	cfg := listen.Config{
		Addr: o.Addr, Tolerance: o.Tolerance, PublicURL: o.PublicURL, Delay: o.Delay,
		SaveDir: o.SaveDir, Redact: o.Redact, ForwardTo: o.ForwardTo, Limit: o.Count, Now: o.deps.Now,
		Fail:    listen.FailConfig{First: o.FailFirst, Rate: o.FailRate, Status: o.FailStatus},
		Deliver: webhook.DeliverOptions{Client: o.deps.HTTPClient, Timeout: o.ForwardTimeout},
	}
	if err := o.checker(&cfg); err != nil {
		return cfg, err
	}
	answer, err := o.answer()
	if err != nil {
		return cfg, err
	}
	cfg.Answer, cfg.AnswerFixed = answer, o.statusSet
	cfg.MaxBody, _ = parseListenSize(o.MaxBody) // checked in validate
	return cfg, nil
}

// checker sets how signatures are checked: by a named scheme, by one
// guessed per request, or not at all.
func (o *listenOptions) checker(cfg *listen.Config) error {
	secrets, err := o.secrets.resolve(o.deps.Getenv)
	if err != nil {
		return err
	}
	cfg.Secrets = secrets
	// Each provider's own variable (HOOKCTL_SECRET_STRIPE), as replay reads
	// them, so --provider auto can check several providers at once.
	cfg.SecretsFor = func(provider string) []string {
		if v := strings.TrimSpace(o.deps.Getenv(providerSecretEnv(provider))); v != "" {
			return []string{v}
		}
		return nil
	}
	switch o.Provider {
	case "":
		if len(o.secrets.Secrets)+len(o.secrets.Files) > 0 {
			return usageErrorf("--secret needs --provider NAME (or --provider auto) to know how to check signatures")
		}
	case "auto":
		cfg.Detect = sign.Detect
	default:
		scheme, err := sign.Lookup(o.Provider)
		if err != nil {
			return usageErrorf("--provider: %v", err)
		}
		cfg.Scheme = scheme
		name := scheme.Info().Name
		if len(secrets) == 0 && cfg.SecretsFor(name) == nil {
			return usageErrorf("--provider %s needs the signing secret: pass --secret, --secret-file, or set HOOKCTL_SECRET or %s", o.Provider, providerSecretEnv(name))
		}
	}
	return nil
}

func (o *listenOptions) answer() (listen.Answer, error) {
	h, err := parseHeaderFlags("--response-header", o.ResponseHeaders)
	if err != nil {
		return listen.Answer{}, err
	}
	body := []byte(o.ResponseBody)
	if path, ok := strings.CutPrefix(o.ResponseBody, "@"); ok {
		body, err = os.ReadFile(path)
		if err != nil {
			return listen.Answer{}, usageErrorf("--response-body @%s: %v", path, cleanOSError(err))
		}
	}
	return listen.Answer{Status: o.Status, Headers: h, Body: body}, nil
}

// stopOnError passes on the tunnel's result and, if it is an error, calls
// stop so the listener ends with it.
func stopOnError(done <-chan error, stop context.CancelFunc) <-chan error {
	out := make(chan error, 1)
	go func() {
		err := <-done
		if err != nil {
			stop()
		}
		out <- err
	}()
	return out
}
