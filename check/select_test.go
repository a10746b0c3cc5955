package check

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hookctl/hookctl/sign"
)

func names(res []Result) []string {
	var out []string
	for _, r := range res {
		out = append(out, r.Name)
	}
	return out
}

func TestOnlyAndSkipSelectChecks(t *testing.T) {
	a := carefulApp(t, lookup(t, "stripe"), testSecrets["stripe"])
	cases := []struct {
		name       string
		only, skip []string
		want       []string
	}{
		{"all", nil, nil, []string{Valid, Duplicate, Idempotency, Tampered, Unsigned, WrongSecret, Stale, Replay, OutOfOrder, Timing}},
		{"only", []string{Tampered, Valid}, nil, []string{Valid, Tampered}},
		{"skip", nil, []string{Timing, OutOfOrder, Idempotency}, []string{Valid, Duplicate, Tampered, Unsigned, WrongSecret, Stale, Replay}},
		{"only and skip", []string{Valid, Stale}, []string{Stale}, []string{Valid}},
		{"handshake asked of a provider without one", []string{Handshake}, nil, []string{Handshake}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := run(t, "stripe", a, func(o *Options) { o.Only, o.Skip = tc.only, tc.skip })
			if got := names(res); !slices.Equal(got, tc.want) {
				t.Fatalf("checks = %v, want %v", got, tc.want)
			}
		})
	}
	res := run(t, "stripe", a, func(o *Options) { o.Only = []string{Handshake} })
	if !res[0].Skipped || !strings.Contains(res[0].Why, "Stripe has no endpoint handshake") {
		t.Errorf("handshake for stripe: %+v", res[0])
	}
}

func TestSlowEndpointFailsTiming(t *testing.T) {
	a := slowApp(t, 5*time.Second)
	res := byName(run(t, "stripe", a, func(o *Options) {
		o.Only, o.Timeout = []string{Valid, Timing}, 50*time.Millisecond
	}))
	tm := res[Timing]
	if !tm.Failed() || tm.Expected != "under 50ms" || !strings.Contains(tm.Got, "valid (signed event): no answer within 50ms") {
		t.Fatalf("timing: %+v", tm)
	}
	if !strings.Contains(tm.Why, "https://docs.stripe.com") {
		t.Errorf("timing why names no source: %q", tm.Why)
	}
	if v := res[Valid]; !v.Failed() || !strings.HasPrefix(v.Got, "no answer: timed out") || !strings.HasPrefix(v.Why, "no answer (timed out)") {
		t.Errorf("valid: %+v", v)
	}
}

func TestTimingAloneSendsOneEvent(t *testing.T) {
	a := carefulApp(t, lookup(t, "github"), testSecrets["github"])
	res := run(t, "github", a, func(o *Options) { o.Only = []string{Timing} })
	if len(res) != 1 || !res[0].Passed || len(res[0].Deliveries) != 1 || !strings.HasPrefix(res[0].Got, "slowest ") {
		t.Fatalf("timing alone: %+v", res)
	}
}

func TestServerErrorsFailRejectionsAndOutOfOrder(t *testing.T) {
	res := byName(run(t, "stripe", statusApp(t, http.StatusInternalServerError), func(o *Options) { o.SideEffectURL = "" }))
	for _, name := range []string{Valid, Duplicate, Tampered, Unsigned, WrongSecret, Stale, Replay, OutOfOrder} {
		if !res[name].Failed() {
			t.Errorf("%s passed on a 500: %+v", name, res[name])
		}
	}
	if r := res[OutOfOrder]; r.Required || r.Got != "500 Internal Server Error, then 500 Internal Server Error" {
		t.Errorf("out-of-order should be advisory with both answers: %+v", r)
	}
	if r := res[Tampered]; !strings.Contains(r.Why, "answered 500, so Stripe would keep retrying") {
		t.Errorf("tampered why on a 500: %q", r.Why)
	}
	if r := res[Idempotency]; !r.Skipped || !strings.Contains(r.Why, "--side-effect-url") {
		t.Errorf("idempotency without a side-effect URL: %+v", r)
	}
}

func TestRedirectIsExplained(t *testing.T) {
	res := run(t, "github", statusApp(t, http.StatusMovedPermanently), func(o *Options) { o.Only = []string{Valid} })
	if !res[0].Failed() || !strings.Contains(res[0].Why, "redirect (301), which GitHub does not follow") {
		t.Fatalf("valid on a 301: %+v", res[0])
	}
}

func TestStrictMakesAdvisoryRequired(t *testing.T) {
	res := byName(run(t, "stripe", statusApp(t, http.StatusOK), func(o *Options) { o.Only, o.Strict = []string{OutOfOrder}, true }))
	if !res[OutOfOrder].Required {
		t.Fatal("out-of-order is not required under Strict")
	}
}

// TestWhatTheEndpointReceives checks the crafted requests themselves, as
// the app saw them.
func TestWhatTheEndpointReceives(t *testing.T) {
	a := naiveApp(t, "stripe")
	scheme := lookup(t, "stripe")
	res := run(t, "stripe", a, func(o *Options) {
		o.Only = []string{Valid, Duplicate, Tampered, Unsigned, Replay}
		o.SideEffectURL = ""
	})
	if len(res) != 5 {
		t.Fatalf("results: %v", names(res))
	}
	got := a.drain()
	if len(got) != 5 {
		t.Fatalf("the app saw %d requests, want 5", len(got))
	}
	valid, retry, tampered, unsigned, replay := got[0], got[1], got[2], got[3], got[4]
	if !bytes.Equal(valid.Body, retry.Body) || !bytes.Equal(valid.Body, replay.Body) {
		t.Error("the retry and the replay must repeat the valid event byte for byte")
	}
	if idOf("stripe", tampered.Header, tampered.Body) == idOf("stripe", valid.Header, valid.Body) {
		t.Error("the tampered event must carry a fresh id")
	}
	if unsigned.Header.Get("Stripe-Signature") != "" {
		t.Error("the unsigned request carries a signature")
	}
	verify := func(s seen) error {
		_, err := scheme.Verify(sign.VerifyParams{Headers: s.Header, Body: s.Body, Secrets: []string{testSecrets["stripe"]}, Now: time.Now()})
		return err
	}
	if err := verify(valid); err != nil {
		t.Errorf("the valid request does not verify: %v", err)
	}
	if err := verify(tampered); err == nil {
		t.Error("the tampered request verifies")
	}
	if err := verify(replay); !errors.Is(err, sign.ErrTimestampTooOld) {
		t.Errorf("the replay should fail only for its age: %v", err)
	}
}

func TestRunRejectsBadTargets(t *testing.T) {
	for _, u := range []string{"", "localhost:3000", "ftp://example.com"} {
		_, err := Run(context.Background(), Options{URL: u, Scheme: lookup(t, "stripe"), Secret: "whsec_x"})
		if err == nil {
			t.Errorf("Run(%q) gave no error", u)
		}
	}
}

func TestHandshakeFailuresSayWhatWasWrong(t *testing.T) {
	cases := []struct{ provider, got, why string }{
		{"slack", `200 OK with "ok"`, "url_verification"},
		{"zoom", `200 OK with "ok"`, "encryptedToken"},
		{"twitch", `200 OK with "ok"`, "text/plain"},
	}
	for _, tc := range cases {
		t.Run(tc.provider, func(t *testing.T) {
			res := run(t, tc.provider, naiveApp(t, tc.provider), func(o *Options) { o.Only = []string{Handshake} })
			if len(res) != 1 || !res[0].Failed() || res[0].Got != tc.got || !strings.Contains(res[0].Why, tc.why) {
				t.Fatalf("handshake: %+v", res)
			}
		})
	}
}

// TestSignaturesAreDatedWhenSent runs Paddle (a 5 s window) on a clock that
// moves 2 s at every reading: signatures dated at the start of the run
// would be stale by the third delivery.
func TestSignaturesAreDatedWhenSent(t *testing.T) {
	var mu sync.Mutex
	at := time.Now()
	clock := func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		at = at.Add(2 * time.Second)
		return at
	}
	a := carefulAppAt(t, lookup(t, "paddle"), testSecrets["paddle"], clock)
	res := run(t, "paddle", a, func(o *Options) { o.Now = clock })
	for _, r := range res {
		if r.Failed() {
			t.Errorf("%s failed: expected %s, got %s", r.Name, r.Expected, r.Got)
		}
	}
}

// With no answer at all there is no time to judge: timing must not pass.
func TestTimingFailsWhenNothingAnswered(t *testing.T) {
	a := statusApp(t, 200)
	a.srv.Close() // the port now refuses connections
	res := byName(run(t, "stripe", a, func(o *Options) { o.Only = []string{Valid, Timing} }))
	if tm := res[Timing]; !tm.Failed() || tm.Got != "no answer to any delivery, so no time to judge" {
		t.Fatalf("timing: %+v", tm)
	}
	if v := res[Valid]; !v.Failed() {
		t.Fatalf("valid passed against a closed port: %+v", v)
	}
}
