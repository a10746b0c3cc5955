package replay

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hookctl/hookctl/sign"
	"github.com/hookctl/hookctl/webhook"
)

// Secrets of the fixtures in testdata (see ../testdata/hooks and
// testdata/standard_webhooks_invoice.paid.json).
const (
	stripeSecret   = "whsec_hookctlExampleStripeSecret0000000000"
	githubSecret   = "hookctl-example-github-secret"
	twilioToken    = "hookctl0example0twilio0token0000"
	standardSecret = "whsec_aG9va2N0bC1zdGFuZGFyZC13ZWJob29rcy1zZWNyZXQ="
)

func scheme(t *testing.T, name string) sign.Scheme {
	t.Helper()
	s, err := sign.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestResignedFixturesVerify replays each fixture twice, as recorded and
// re-signed, and checks on the test goroutine what the app would: the
// re-signed request verifies now; the recorded one fails for its age.
func TestResignedFixturesVerify(t *testing.T) {
	cases := []struct {
		fixture, provider, secret string
		stale                     error // why the recorded request fails now; nil if it still verifies
	}{
		{"../testdata/hooks/stripe_payment_intent.succeeded.json", "", stripeSecret, sign.ErrTimestampTooOld},
		{"testdata/standard_webhooks_invoice.paid.json", "", standardSecret, sign.ErrTimestampTooOld},
		{"testdata/standard_webhooks_invoice.paid.json", "svix", standardSecret, sign.ErrTimestampTooOld},
		{"../testdata/hooks/github_push.json", "github", githubSecret, nil},
		{"../testdata/hooks/twilio_sms.json", "", twilioToken, sign.ErrNoMatchingSignature}, // the URL changed
	}
	for _, tc := range cases {
		srv, got := server(t, ok200)
		items := Plan(load(t, tc.fixture), Filter{}, OrderFile, 0)
		rec := items[0].Request
		s := scheme(t, rec.Provider)
		verify := func(h webhook.Headers, body []byte, path string) error {
			_, err := s.Verify(sign.VerifyParams{Headers: h, Body: body, URL: srv.URL + path, Method: "POST", Secrets: []string{tc.secret}, Now: time.Now()})
			return err
		}

		Run(context.Background(), items, Options{Target: srv.URL})
		as := <-got
		if err := verify(headersOf(as), as.body, as.uri); !errors.Is(err, tc.stale) {
			t.Errorf("%s as recorded: verify = %v, want %v", tc.fixture, err, tc.stale)
		}

		rs := &Resigner{Lookup: sign.Lookup, Secret: tc.secret}
		if tc.provider != "" {
			rs.Scheme = scheme(t, tc.provider)
		}
		sum := Run(context.Background(), items, Options{Target: srv.URL, Resign: rs})
		re := <-got
		if err := verify(headersOf(re), re.body, re.uri); err != nil {
			t.Errorf("%s re-signed: %v", tc.fixture, err)
		}
		if r := sum.Results[0]; !r.Signing.Resigned || r.Signing.Provider != s.Info().Name {
			t.Errorf("%s: outcome %+v", tc.fixture, r.Signing)
		}
		if n := len(headersOf(re)); n != len(headersOf(as)) {
			t.Errorf("%s: %d headers re-signed, %d recorded: old signatures not replaced", tc.fixture, n, len(headersOf(as)))
		}
	}
}

func headersOf(s seen) webhook.Headers {
	return webhook.FromHTTP(s.header)
}

func TestResignReplacesOldHeadersInPlace(t *testing.T) {
	r := load(t, "../testdata/hooks/github_push.json")[0].Request.Clone()
	before := r.Headers.Clone()
	rs := &Resigner{Scheme: scheme(t, "github"), Secret: githubSecret}
	if _, err := rs.Apply(r, "http://127.0.0.1/webhooks/github"); err != nil {
		t.Fatal(err)
	}
	for i, kv := range r.Headers {
		if kv.Name != before[i].Name {
			t.Fatalf("header %d is %s, was %s: order changed", i, kv.Name, before[i].Name)
		}
	}
	if len(r.Headers) != len(before) || !strings.HasPrefix(r.Headers.Get("X-Hub-Signature-256"), "sha256=") {
		t.Fatalf("headers = %v", r.Headers)
	}
}

func TestResignWithoutSecretKeepsTheSignature(t *testing.T) {
	r := load(t, "../testdata/hooks/stripe_payment_intent.succeeded.json")[0].Request.Clone()
	before := r.Headers.Get("Stripe-Signature")
	out, err := (&Resigner{Lookup: sign.Lookup}).Apply(r, "http://127.0.0.1/")
	if err != nil || !out.NoSecret || out.Resigned || out.Provider != "stripe" || r.Headers.Get("Stripe-Signature") != before {
		t.Fatalf("outcome %+v, %v", out, err)
	}
	var none *Resigner
	if out, err := none.Apply(r, ""); err != nil || out != (Outcome{}) {
		t.Fatalf("nil resigner: %+v, %v", out, err)
	}
}

func TestResignFailuresFailTheItem(t *testing.T) {
	unknown := req("x", "")
	unknown.Provider = "no-such-provider"
	srv, got := server(t, ok200)
	items := Plan(append(loaded(unknown), load(t, filepath.Join("testdata", "standard_webhooks_invoice.paid.json"))...), Filter{}, OrderFile, 0)
	sum := Run(context.Background(), items, Options{Target: srv.URL, Resign: &Resigner{Lookup: sign.Lookup, Secret: "not base64 !!"}})
	if r := sum.Results[0]; r.Passed || !strings.Contains(r.Reason, `provider "no-such-provider" is unknown`) {
		t.Errorf("unknown provider: %+v", r.Reason)
	}
	if r := sum.Results[1]; r.Passed || !strings.Contains(r.Reason, "cannot re-sign with standard-webhooks") || strings.Contains(r.Reason, "not base64") {
		t.Errorf("bad secret: %q", r.Reason)
	}
	if n := len(drain(got)); n != 0 {
		t.Fatalf("%d requests sent that could not be signed", n)
	}
}

// TestResignMixedFolderWithASecretPerProvider re-signs fixtures of four
// providers in one run, each with its own secret.
func TestResignMixedFolderWithASecretPerProvider(t *testing.T) {
	secrets := map[string]string{"stripe": stripeSecret, "github": githubSecret, "twilio": twilioToken, "standard-webhooks": standardSecret}
	srv, got := server(t, ok200)
	items := Plan(append(hooks(t), load(t, "testdata/standard_webhooks_invoice.paid.json")...), Filter{}, OrderFile, 0)
	rs := &Resigner{Lookup: sign.Lookup, SecretFor: func(p string) string { return secrets[p] }}
	sum := Run(context.Background(), items, Options{Target: srv.URL, Resign: rs})
	for _, r := range sum.Results {
		s := <-got
		name := r.Request.Provider
		_, err := scheme(t, name).Verify(sign.VerifyParams{Headers: headersOf(s), Body: s.body, URL: srv.URL + s.uri, Method: s.method, Secrets: []string{secrets[name]}, Now: time.Now()})
		if err != nil || !r.Signing.Resigned {
			t.Errorf("%s: %v (outcome %+v)", r.Source, err, r.Signing)
		}
	}
	delete(secrets, "twilio")
	sum = Run(context.Background(), items, Options{Target: srv.URL, Resign: rs})
	drain(got)
	if r := sum.Results[2]; r.Request.Provider != "twilio" || !r.Signing.NoSecret || r.Signing.Resigned {
		t.Errorf("no twilio secret: %+v", r.Signing)
	}
}
