package cmd

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hookctl/hookctl/sign"
)

const checkStripeSecret = "whsec_hookctlExampleStripeSecret0000000000"

// checkApp is a Stripe endpoint under test. A careful one verifies, rejects
// stale timestamps and de-duplicates by event id; a naive one accepts
// everything. Both count effects per event id at /effects?id=.
func checkApp(t *testing.T, careful bool) *httptest.Server {
	t.Helper()
	scheme, err := sign.Lookup("stripe")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	effects := map[string]int{}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /effects", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		_ = json.NewEncoder(w).Encode(map[string]int{"count": effects[r.URL.Query().Get("id")]})
	})
	mux.HandleFunc("POST /", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if careful {
			if _, err := scheme.Verify(sign.VerifyParams{Headers: r.Header, Body: body, Secrets: []string{checkStripeSecret}, Now: time.Now()}); err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
		}
		var ev struct{ ID string }
		_ = json.Unmarshal(body, &ev)
		mu.Lock()
		if !careful || effects[ev.ID] == 0 {
			effects[ev.ID]++
		}
		mu.Unlock()
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// runCheck runs `hookctl check args...` in process.
func runCheck(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	deps, out, errOut := testDeps(nil)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	code := Main(ctx, append([]string{"check"}, args...), *deps)
	return code, out.String(), errOut.String()
}

func TestCheckCarefulAppExitsZero(t *testing.T) {
	srv := checkApp(t, true)
	code, out, errOut := runCheck(t, srv.URL+"/webhooks", "--provider", "stripe", "--secret", checkStripeSecret,
		"--side-effect-url", srv.URL+"/effects?id={id}")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	for _, want := range []string{"Checking " + srv.URL + "/webhooks as Stripe delivers: answers within 10s, timestamps valid for 5m0s",
		"✔ tampered      4xx", "✔ idempotency   1 effect", "✔ every required check passed (9)"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if errOut != "" {
		t.Errorf("stderr: %s", errOut)
	}
}

func TestCheckNaiveAppExitsOne(t *testing.T) {
	srv := checkApp(t, false)
	code, out, errOut := runCheck(t, srv.URL, "--provider", "stripe", "--secret", checkStripeSecret)
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", code, out, errOut)
	}
	for _, want := range []string{"✘ unsigned      4xx", "200 OK", "↳ the app accepted a request with no signature",
		"✘ 5 of 8 required checks failed: tampered, unsigned, wrong-secret, stale, replay", "1 skipped"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if errOut != "" {
		t.Errorf("stderr should stay empty, the scorecard explains the failure: %q", errOut)
	}
}

func TestCheckJSONShape(t *testing.T) {
	srv := checkApp(t, false)
	code, out, _ := runCheck(t, srv.URL, "--provider", "github", "--secret", "s3cret", "--json", "--skip", "timing")
	if code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	var names []string
	for i, line := range lines {
		var obj map[string]any
		if err := json.Unmarshal([]byte(line), &obj); err != nil {
			t.Fatalf("line %d is not JSON: %s", i+1, line)
		}
		if i == len(lines)-1 {
			if obj["type"] != "summary" || obj["ok"] != false || obj["failed"] != 3.0 || obj["skipped"] != 3.0 || obj["provider"] != "github" {
				t.Errorf("summary: %s", line)
			}
			continue
		}
		for _, key := range []string{"type", "name", "passed", "required", "skipped", "expected", "got", "duration_ms", "why", "deliveries"} {
			if _, ok := obj[key]; !ok {
				t.Errorf("line %d lacks %q: %s", i+1, key, line)
			}
		}
		if obj["type"] != "check" {
			t.Errorf("line %d type = %v", i+1, obj["type"])
		}
		if _, ok := obj["deliveries"].([]any); !ok {
			t.Errorf("line %d deliveries is not a list: %s", i+1, line)
		}
		names = append(names, obj["name"].(string))
	}
	want := []string{"valid", "duplicate", "idempotency", "tampered", "unsigned", "wrong-secret", "stale", "replay", "out-of-order"}
	if !slices.Equal(names, want) {
		t.Errorf("checks = %v, want %v", names, want)
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("JSON output holds colour codes")
	}
}

func TestCheckOnlyWithCatalogEvent(t *testing.T) {
	srv := checkApp(t, true)
	code, out, errOut := runCheck(t, srv.URL, "--event", "stripe:invoice.paid", "--secret", checkStripeSecret, "--only", "valid,duplicate", "--json")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	if n := strings.Count(out, `"type":"check"`); n != 2 {
		t.Errorf("%d checks ran, want 2:\n%s", n, out)
	}
}

func TestCheckFileFixtureAndRawBody(t *testing.T) {
	srv := checkApp(t, true)
	raw := filepath.Join(t.TempDir(), "event.json")
	if err := os.WriteFile(raw, []byte(`{"id":"evt_fromfile123","type":"charge.succeeded","amount":500}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{raw, "../testdata/hooks/stripe_payment_intent.succeeded.json"} {
		code, out, errOut := runCheck(t, srv.URL, "--provider", "stripe", "--secret", checkStripeSecret, "--file", file)
		if code != 0 {
			t.Errorf("--file %s: exit %d\n%s%s", file, code, out, errOut)
		}
	}
}

func TestCheckUsageErrors(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no URL", []string{"--provider", "stripe", "--secret", "x"}, "check takes one URL"},
		{"bad URL", []string{"localhost:3000", "--provider", "stripe", "--secret", "x"}, "must start with http://"},
		{"no provider", []string{"http://127.0.0.1:1", "--secret", "x"}, "--provider is required"},
		{"unknown provider", []string{"http://127.0.0.1:1", "--provider", "strip", "--secret", "x"}, "did you mean stripe"},
		{"no secret", []string{"http://127.0.0.1:1", "--provider", "stripe"}, "needs the secret"},
		{"unknown check", []string{"http://127.0.0.1:1", "--provider", "stripe", "--secret", "x", "--only", "valid,bogus"}, `unknown check "bogus"`},
		{"event and file", []string{"http://127.0.0.1:1", "--provider", "stripe", "--secret", "x", "--event", "stripe:invoice.paid", "--file", "x.json"}, "use one"},
		{"event of another provider", []string{"http://127.0.0.1:1", "--provider", "github", "--secret", "x", "--event", "stripe:invoice.paid"}, "is signed as stripe, not github"},
		{"unknown event", []string{"http://127.0.0.1:1", "--secret", "x", "--event", "stripe:nope"}, "unknown event"},
		{"missing file", []string{"http://127.0.0.1:1", "--provider", "stripe", "--secret", "x", "--file", "/nonexistent/x.json"}, "no such file"},
		{"negative timeout", []string{"http://127.0.0.1:1", "--provider", "stripe", "--secret", "x", "--timeout", "-1s"}, "negative"},
		{"bad header", []string{"http://127.0.0.1:1", "--provider", "stripe", "--secret", "x", "-H", "nocolon"}, "is not a header"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := runCheck(t, tc.args...)
			if code != 2 || !strings.Contains(errOut, tc.want) || out != "" {
				t.Errorf("exit %d, stderr %q, stdout %q; want 2 and %q", code, errOut, out, tc.want)
			}
		})
	}
}

func TestCheckFlagsReachTheOptions(t *testing.T) {
	deps, _, _ := testDeps(map[string]string{"HOOKCTL_SECRET": "from-env"})
	var got *checkOptions
	c := newCheckCmd(deps, func(o *checkOptions) error { got = o; return nil })
	c.SetArgs([]string{"http://localhost:3000/hooks", "--event", "github:push", "--only", "valid,timing",
		"--skip", "stale", "--timeout", "3s", "--strict", "-H", "Authorization: Bearer t"})
	c.SetOut(io.Discard)
	if err := c.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.scheme.Info().Name != "github" || got.secret != "from-env" || got.Timeout != 3*time.Second || !got.Strict ||
		!slices.Equal(got.Only, []string{"valid", "timing"}) || !slices.Equal(got.Skip, []string{"stale"}) ||
		got.headers.Get("Authorization") != "Bearer t" || got.catalogEvent == nil {
		t.Errorf("options = %+v", got)
	}
}

func TestCheckContentTypeGuess(t *testing.T) {
	for body, want := range map[string]string{
		`{"a":1}`:       "application/json",
		"a=1&b=two":     "application/x-www-form-urlencoded",
		"hello world\n": "text/plain; charset=utf-8",
	} {
		if got := checkContentType([]byte(body)); got != want {
			t.Errorf("checkContentType(%q) = %q, want %q", body, got, want)
		}
	}
	if !isFixtureData([]byte(`{"version":1,"method":"POST","body":"{}"}`)) || isFixtureData([]byte(`{"version":1}`)) {
		t.Error("isFixtureData misjudges")
	}
}

// verifyingApp accepts exactly the requests that verify under scheme, at
// the URL they were sent to, and refuses the rest with 401.
func verifyingApp(t *testing.T, scheme sign.Scheme, secret string) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		_, err := scheme.Verify(sign.VerifyParams{Headers: r.Header, Body: body, Method: r.Method,
			URL: "http://" + r.Host + r.URL.RequestURI(), Secrets: []string{secret}, Now: time.Now()})
		if err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestCheckCatalogEventsOfEveryProvider sends one catalog event of each
// provider through the signature checks: the catalog's bodies and headers
// must sign, tamper and verify as the built-in ones do.
func TestCheckCatalogEventsOfEveryProvider(t *testing.T) {
	events := map[string]string{
		"stripe": "stripe:invoice.paid", "github": "github:push", "standard-webhooks": "standard-webhooks:test",
		"slack": "slack:event_callback.app_mention", "shopify": "shopify:orders/create", "twilio": "twilio:sms.received",
		"paddle": "paddle:transaction.completed", "calendly": "calendly:invitee.created", "square": "square:payment.created",
		"pagerduty": "pagerduty:incident.triggered", "clerk": "clerk:user.created", "linear": "linear:Issue.create",
	}
	secrets := map[string]string{"standard-webhooks": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "clerk": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
		"stripe": checkStripeSecret}
	for provider, event := range events {
		t.Run(provider, func(t *testing.T) {
			secret := secrets[provider]
			if secret == "" {
				secret = "hookctl-example-" + provider + "-secret"
			}
			scheme, err := sign.Lookup(strings.Split(event, ":")[0])
			if err != nil {
				t.Fatal(err)
			}
			srv := verifyingApp(t, scheme, secret)
			code, out, errOut := runCheck(t, srv.URL+"/hooks", "--event", event, "--secret", secret,
				"--only", "valid,duplicate,tampered,unsigned,wrong-secret,stale,replay")
			if code != 0 {
				t.Errorf("exit %d\n%s%s", code, out, errOut)
			}
		})
	}
}
