package check

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/hookctl/hookctl/sign"
)

// secrets per provider, in each provider's own form.
var testSecrets = map[string]string{
	"stripe":            "whsec_hookctlExampleStripeSecret0000000000",
	"github":            "hookctl-example-github-secret",
	"standard-webhooks": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
	"slack":             "8f742231b10e8888abcd99yyyzzz85a5",
	"shopify":           "hookctl-example-shopify-secret",
	"twilio":            "hookctl0example0twilio0token0000",
	"zoom":              "hookctlExampleZoomSecretToken",
	"twitch":            "hookctl-example-twitch-secret",
	"paddle":            "pdl_ntfset_01hookctlexample_secret",
	"typeform":          "hookctl-example-typeform-secret",
	"linear":            "lin_wh_hookctlexamplesecret",
	"mailgun":           "key-hookctlexamplemailgunsigningkey",
}

func lookup(t *testing.T, name string) sign.Scheme {
	t.Helper()
	s, err := sign.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func run(t *testing.T, provider string, a *app, tweak func(*Options)) []Result {
	t.Helper()
	opts := Options{URL: a.srv.URL, Scheme: lookup(t, provider), Secret: testSecrets[provider],
		SideEffectURL: a.srv.URL + "/effects?id={id}"}
	if tweak != nil {
		tweak(&opts)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	res, err := Run(ctx, opts)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return res
}

func byName(res []Result) map[string]Result {
	m := map[string]Result{}
	for _, r := range res {
		m[r.Name] = r
	}
	return m
}

func failedNames(res []Result) []string {
	var out []string
	for _, r := range res {
		if r.Failed() {
			out = append(out, r.Name)
		}
	}
	return out
}

func TestCarefulAppPassesEveryCheck(t *testing.T) {
	cases := []struct {
		provider  string
		handshake bool
		window    bool // stale and replay apply
	}{
		{"stripe", false, true},
		{"github", false, false},
		{"standard-webhooks", false, true},
		{"slack", true, true},
		{"twitch", true, true},
		{"zoom", true, false}, // no event id: idempotency is skipped
		{"shopify", false, false},
		{"twilio", false, false},
		{"paddle", false, true},
		{"typeform", false, false},
		{"linear", false, true},
		{"mailgun", false, false},
	}
	for _, tc := range cases {
		t.Run(tc.provider, func(t *testing.T) {
			t.Parallel()
			res := run(t, tc.provider, carefulApp(t, lookup(t, tc.provider), testSecrets[tc.provider]), nil)
			for _, r := range res {
				if r.Failed() {
					t.Errorf("%s failed: expected %s, got %s", r.Name, r.Expected, r.Got)
				}
			}
			got := byName(res)
			if _, ok := got[Handshake]; ok != tc.handshake {
				t.Errorf("handshake listed = %v, want %v", ok, tc.handshake)
			}
			for _, name := range []string{Stale, Replay} {
				if got[name].Skipped == tc.window {
					t.Errorf("%s skipped = %v, want %v (%s)", name, got[name].Skipped, !tc.window, got[name].Why)
				}
			}
			if tc.provider != "zoom" && (!got[Idempotency].Passed || got[Idempotency].Got != "1 effect after 200 OK, then 200 OK") {
				t.Errorf("idempotency: %+v", got[Idempotency])
			}
		})
	}
}

func TestNaiveAppFailsSignatureStalenessAndReplay(t *testing.T) {
	cases := []struct {
		provider string
		want     []string
	}{
		{"stripe", []string{Idempotency, Tampered, Unsigned, WrongSecret, Stale, Replay}},
		{"standard-webhooks", []string{Idempotency, Tampered, Unsigned, WrongSecret, Stale, Replay}},
		{"github", []string{Idempotency, Tampered, Unsigned, WrongSecret}},
		{"slack", []string{Handshake, Idempotency, Tampered, Unsigned, WrongSecret, Stale, Replay}},
	}
	for _, tc := range cases {
		t.Run(tc.provider, func(t *testing.T) {
			t.Parallel()
			res := run(t, tc.provider, naiveApp(t, tc.provider), nil)
			if got := failedNames(res); !slices.Equal(got, tc.want) {
				t.Fatalf("failed checks = %v, want %v", got, tc.want)
			}
			for _, r := range res {
				if r.Failed() && (r.Why == "" || !r.Required) {
					t.Errorf("%s: a required failure needs a why: %+v", r.Name, r)
				}
			}
			got := byName(res)
			if r := got[Tampered]; r.Expected != "4xx" || r.Got != "200 OK" || !strings.Contains(r.Why, "forge") {
				t.Errorf("tampered: %+v", r)
			}
			if r := got[Idempotency]; !strings.HasPrefix(r.Got, "2 effects") {
				t.Errorf("idempotency got %q, want 2 effects", r.Got)
			}
		})
	}
}

func TestGitHubSaysWhyStaleAndReplayAreSkipped(t *testing.T) {
	got := byName(run(t, "github", naiveApp(t, "github"), nil))
	for _, name := range []string{Stale, Replay} {
		r := got[name]
		if !r.Skipped || r.Failed() || !strings.Contains(r.Why, "GitHub signs no timestamp") || !strings.Contains(r.Why, "X-GitHub-Delivery") {
			t.Errorf("%s: %+v", name, r)
		}
	}
}
