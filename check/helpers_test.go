package check

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/hookctl/hookctl/sign"
	"github.com/hookctl/hookctl/webhook"
)

func TestTamperChangesOneByteAndKeepsJSONValid(t *testing.T) {
	for _, body := range []string{
		`{"id":"evt_1","amount":2000}`,
		`{"id":"evt_1","amount":9}`,
		`{"name":"abc"}`,
		`{"n":0}`,
		`a=1&b=2`,
		``,
	} {
		got := tamper([]byte(body))
		diff := 0
		for i := range min(len(got), len(body)) {
			if got[i] != body[i] {
				diff++
			}
		}
		diff += abs(len(got) - len(body))
		if diff != 1 {
			t.Errorf("tamper(%q) = %q: %d bytes differ, want 1", body, got, diff)
		}
		if json.Valid([]byte(body)) && !json.Valid(got) {
			t.Errorf("tamper(%q) = %q is no longer JSON", body, got)
		}
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func TestWrongSecretKeepsTheForm(t *testing.T) {
	for _, s := range []string{
		"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
		"whsec_hookctlExampleStripeSecret0000000000",
		"8f742231b10e8888abcd99yyyzzz85a5",
		"x",
		"---",
	} {
		w := wrongSecret(s)
		if w == s {
			t.Errorf("wrongSecret(%q) is the same secret", s)
		}
		if strings.HasPrefix(s, "whsec_") {
			if !strings.HasPrefix(w, "whsec_") || len(w) != len(s) {
				t.Errorf("wrongSecret(%q) = %q lost its form", s, w)
			}
			if _, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(s, "whsec_")); err == nil {
				if _, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(w, "whsec_")); err != nil {
					t.Errorf("wrongSecret(%q) = %q is no longer base64", s, w)
				}
			}
		}
	}
}

func TestMatchesAnswer(t *testing.T) {
	cases := []struct {
		name, want, got, key string
		ok                   bool
	}{
		{"exact text", "abc", "abc\n", "", true},
		{"wrong text", "abc", "abd", "", false},
		{"text under a JSON key", "abc", `{"challenge":"abc"}`, "challenge", true},
		{"JSON key not allowed", "abc", `{"challenge":"abc"}`, "", false},
		{"JSON fields", `{"plainToken":"p","encryptedToken":"e"}`, `{"encryptedToken":"e","plainToken":"p","x":1}`, "", true},
		{"JSON field wrong", `{"plainToken":"p","encryptedToken":"e"}`, `{"encryptedToken":"x","plainToken":"p"}`, "", false},
		{"JSON field missing", `{"plainToken":"p","encryptedToken":"e"}`, `{"plainToken":"p"}`, "", false},
		{"empty", "abc", "", "challenge", false},
	}
	for _, tc := range cases {
		if got := matchesAnswer([]byte(tc.want), []byte(tc.got), tc.key); got != tc.ok {
			t.Errorf("%s: matchesAnswer = %v, want %v", tc.name, got, tc.ok)
		}
	}
}

func TestParseCount(t *testing.T) {
	cases := []struct {
		body string
		n    int
		ok   bool
	}{
		{"1", 1, true}, {" 2\n", 2, true}, {`{"count":0}`, 0, true}, {`{"count":3,"id":"x"}`, 3, true},
		{`{"n":1}`, 0, false}, {"one", 0, false},
	}
	for _, tc := range cases {
		n, err := parseCount([]byte(tc.body))
		if (err == nil) != tc.ok || n != tc.n {
			t.Errorf("parseCount(%q) = %d, %v", tc.body, n, err)
		}
	}
}

func TestFindAndReplaceIDs(t *testing.T) {
	stripe := ProfileFor(sign.Info{Name: "stripe"})
	body := []byte(`{"id":"evt_old123","object":"event","data":{"object":{"id":"pi_1"}}}`)
	if id := stripe.findID(body, nil); id != "evt_old123" {
		t.Fatalf("stripe id = %q", id)
	}
	ev := stripe.withID(Event{ID: "evt_old123", Body: body}, "evt_new456")
	if stripe.findID(ev.Body, nil) != "evt_new456" || !strings.Contains(string(ev.Body), `"pi_1"`) {
		t.Errorf("withID body = %s", ev.Body)
	}

	gh := ProfileFor(sign.Info{Name: "github"})
	h := webhook.NewHeaders("X-GitHub-Delivery", "d-1", "X-GitHub-Event", "push")
	if id := gh.findID([]byte(`{}`), h); id != "d-1" {
		t.Fatalf("github id = %q", id)
	}
	ev = gh.withID(Event{ID: "d-1", Body: []byte(`{}`), Headers: h}, "d-2")
	if ev.Headers.Get("X-GitHub-Delivery") != "d-2" || h.Get("X-GitHub-Delivery") != "d-1" {
		t.Errorf("withID headers = %v (original %v)", ev.Headers, h)
	}

	generic := ProfileFor(sign.Info{Name: "acme", Title: "Acme"})
	if generic.Timeout != defaultTimeout || !strings.Contains(generic.TimeoutSource, "Acme") {
		t.Errorf("generic profile = %+v", generic)
	}
}

var fixedNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// TestProfilesBuildEventsTheirSchemesSign makes sure every built-in payload
// is signable and carries its id where its profile says.
func TestProfilesBuildEventsTheirSchemesSign(t *testing.T) {
	for _, p := range profiles() {
		scheme := lookup(t, p.Provider)
		for _, typ := range []string{p.DefaultType, p.Pair[0], p.Pair[1]} {
			if typ == "" {
				continue
			}
			ev := p.event(typ, fixedNow)
			if p.Provider != "twilio" && !json.Valid(ev.Body) {
				t.Errorf("%s %s: body is not JSON: %s", p.Provider, typ, ev.Body)
			}
			if (len(p.IDHeaders) > 0 || p.IDField != "") && p.findID(ev.Body, ev.Headers) != ev.ID {
				t.Errorf("%s %s: id %q not found where the profile says", p.Provider, typ, ev.ID)
			}
			if _, err := scheme.Sign(sign.SignParams{Secret: testSecrets[p.Provider], Body: ev.Body, Timestamp: fixedNow, ID: ev.ID, URL: "https://example.com/hooks"}); err != nil {
				t.Errorf("%s: %v", p.Provider, err)
			}
		}
	}
}
