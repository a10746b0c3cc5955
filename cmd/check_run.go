package cmd

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/hookctl/hookctl/check"
	"github.com/hookctl/hookctl/sign"
	"github.com/hookctl/hookctl/webhook"
	"github.com/spf13/cobra"
)

// checkRun sends the checks and prints the scorecard as results arrive.
func checkRun(c *cobra.Command, o *checkOptions) error {
	now := o.deps.Now()
	ev, err := o.loadEvent(now)
	if err != nil {
		return err
	}
	view := newCheckView(o)
	view.header()
	results, err := check.Run(c.Context(), check.Options{
		URL: o.URL, Scheme: o.scheme, Secret: o.secret, Event: ev,
		Only: o.Only, Skip: o.Skip, Timeout: o.Timeout, SideEffectURL: o.SideEffectURL, Strict: o.Strict,
		Headers: o.headers, Client: o.deps.HTTPClient, Now: o.deps.Now, OnResult: view.result,
	})
	if err != nil {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			return err
		}
		return usageErrorf("%v", err)
	}
	view.summary(results)
	if why := noAnswerAtAll(results); why != "" {
		// The scorecard goes to stdout; a script reading stderr still
		// needs the one line that says the app was never reached.
		return failError(fmt.Errorf("no answer from %s to any check: %s", o.URL, why))
	}
	for _, r := range results {
		if r.Required && r.Failed() {
			return errSilent{ExitFail}
		}
	}
	return nil
}

// noAnswerAtAll returns why no delivery got an answer, or "" if one did.
func noAnswerAtAll(results []check.Result) string {
	why := ""
	for _, r := range results {
		for _, d := range r.Deliveries {
			if d.Error == "" || d.TimedOut {
				return ""
			}
			why = d.Error
		}
	}
	return why
}

// loadEvent returns the event --event or --file chose, or nil for the
// provider's built-in one.
func (o *checkOptions) loadEvent(now time.Time) (*check.Event, error) {
	switch {
	case o.catalogEvent != nil:
		req, err := o.catalogEvent.Render(now, nil)
		if err != nil {
			return nil, usageErrorf("--event: %v", err)
		}
		return &check.Event{Type: req.Event, Body: req.Body, Headers: req.Headers, At: now}, nil
	case o.File != "":
		data, err := os.ReadFile(o.File)
		if err != nil {
			return nil, usageErrorf("--file %s: %s", o.File, cleanOSError(err))
		}
		return o.fileEvent(data, now)
	}
	return nil, nil
}

// fileEvent reads a fixture (body and headers, less its old signature) or
// a raw body, whose Content-Type is told from its content.
func (o *checkOptions) fileEvent(data []byte, now time.Time) (*check.Event, error) {
	ev := &check.Event{Body: data, At: now}
	if isFixtureData(data) {
		req, err := webhook.ParseFixture(data)
		if err != nil {
			return nil, usageErrorf("--file %s: %v", o.File, err)
		}
		ev.Body, ev.Headers, ev.Type = req.Body, req.Headers.Clone(), req.Event
		for _, name := range o.scheme.Info().Headers {
			ev.Headers.Del(name)
		}
	} else {
		ev.Headers = webhook.NewHeaders("Content-Type", checkContentType(data))
	}
	if t, ok := o.scheme.(sign.EventTyper); ok && ev.Type == "" {
		ev.Type = t.EventType(ev.Headers, ev.Body)
	}
	return ev, nil
}

// isFixtureData tells a hookctl fixture from a JSON body by its version
// and method fields.
func isFixtureData(data []byte) bool {
	var probe struct {
		Version *int    `json:"version"`
		Method  *string `json:"method"`
	}
	return json.Unmarshal(data, &probe) == nil && probe.Version != nil && probe.Method != nil
}

func checkContentType(body []byte) string {
	if json.Valid(body) {
		return "application/json"
	}
	text := strings.TrimSpace(string(body))
	if q, err := url.ParseQuery(text); err == nil && len(q) > 0 && !strings.ContainsAny(text, " \n") {
		return "application/x-www-form-urlencoded"
	}
	return "text/plain; charset=utf-8"
}
