package listen

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/hookctl/hookctl/sign"
	"github.com/hookctl/hookctl/webhook"
)

func TestSignedRequestsVerify(t *testing.T) {
	cases := []struct {
		provider, secret, body, event string
		extra                         webhook.Headers
	}{
		{"stripe", "whsec_hookctlExampleStripeSecret0000000000", `{"id":"evt_1","type":"payment_intent.succeeded"}`, "payment_intent.succeeded", nil},
		{"github", "hookctl-example-github-secret", `{"action":"opened"}`, "pull_request.opened", webhook.NewHeaders("X-GitHub-Event", "pull_request")},
		{"slack", "8f742231b10e8888abcd99yyyzzz85a5", `{"type":"event_callback","event":{"type":"app_mention"}}`, "", nil},
		{"standard-webhooks", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", `{"type":"invoice.paid"}`, "", nil},
		{"shopify", "hush", `{"id":1}`, "", webhook.NewHeaders("X-Shopify-Topic", "orders/create")},
	}
	for _, tc := range cases {
		t.Run(tc.provider, func(t *testing.T) {
			old := "an-old-secret"
			if tc.provider == "standard-webhooks" {
				old = "whsec_b2xkLXNlY3JldC1iZWZvcmUtcm90YXRpb24="
			}
			l := start(t, Config{Scheme: scheme(t, tc.provider), Secrets: []string{old, tc.secret}})
			body := []byte(tc.body)
			h := append(signed(t, tc.provider, tc.secret, body, time.Now(), ""), tc.extra...)
			got := send(t, "POST", l.url+"/hooks", h, body)
			ev := l.next(t)
			v := ev.Verification
			if got.status != 200 || v == nil || !v.Valid || v.Provider != tc.provider || v.SecretIndex != 1 || v.Detected {
				t.Fatalf("answer %d, verification %+v", got.status, v)
			}
			if tc.event != "" && ev.Request.Event != tc.event {
				t.Errorf("event = %q, want %q", ev.Request.Event, tc.event)
			}
			if r := ev.Request.Verification; r == nil || !r.Valid || ev.Request.Provider != tc.provider {
				t.Errorf("the captured request does not record the check: %+v", r)
			}
		})
	}
}

func TestVerificationFailuresSayWhy(t *testing.T) {
	const secret = "whsec_hookctlExampleStripeSecret0000000000"
	body := []byte(`{"id":"evt_1","type":"charge.succeeded"}`)
	cases := []struct {
		name    string
		headers webhook.Headers
		body    []byte
		code    string
		reason  string // a part of the reason
	}{
		{"tampered body", signed(t, "stripe", secret, body, time.Now(), ""), []byte(`{"id":"evt_1","type":"charge.refunded"}`), "signature_mismatch", ""},
		{"stale timestamp", signed(t, "stripe", secret, body, time.Now().Add(-time.Hour), ""), body, "timestamp_too_old", "1h"},
		{"wrong secret", signed(t, "stripe", "whsec_someoneElsesSecret", body, time.Now(), ""), body, "signature_mismatch", ""},
		{"missing header", webhook.NewHeaders("Content-Type", "application/json"), body, "missing_header", "Stripe-Signature"},
	}
	l := start(t, Config{Scheme: scheme(t, "stripe"), Secrets: []string{secret}})
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			send(t, "POST", l.url+"/", tc.headers, tc.body)
			v := l.next(t).Verification
			if v == nil || v.Valid || v.Code != tc.code || !strings.Contains(v.Reason, tc.reason) {
				t.Fatalf("verification = %+v, want code %s and a reason with %q", v, tc.code, tc.reason)
			}
			if strings.Contains(v.Reason+v.Hint, secret) {
				t.Fatal("the reason shows the secret")
			}
		})
	}
}

func TestOtherProvidersHeaderIsNamed(t *testing.T) {
	body := []byte(`{"zen":"hi"}`)
	l := start(t, Config{Scheme: scheme(t, "stripe"), Detect: sign.Detect, Secrets: []string{"whsec_x"}})
	h := append(signed(t, "github", "s", body, time.Now(), ""), webhook.NewHeaders("X-GitHub-Event", "ping")...)
	send(t, "POST", l.url+"/", h, body)
	v := l.next(t).Verification
	if v.Code != "missing_header" || !strings.Contains(strings.ToLower(v.Hint+v.Reason), "github") {
		t.Fatalf("verification = %+v, want a hint naming GitHub", v)
	}
}

func TestAutoDetectSaysWhichProvider(t *testing.T) {
	l := start(t, Config{Detect: sign.Detect, Secrets: []string{"hookctl-example-github-secret"}})
	body := []byte(`{"ref":"refs/heads/main"}`)
	h := append(signed(t, "github", "hookctl-example-github-secret", body, time.Now(), ""), webhook.NewHeaders("X-GitHub-Event", "push")...)
	send(t, "POST", l.url+"/", h, body)
	ev := l.next(t)
	if v := ev.Verification; v == nil || !v.Valid || !v.Detected || v.Provider != "github" || ev.Request.Event != "push" {
		t.Fatalf("verification %+v, event %q", v, ev.Request.Event)
	}
	send(t, "POST", l.url+"/", nil, body)
	if v := l.next(t).Verification; v == nil || v.Valid || v.Code != "unknown_provider" {
		t.Fatalf("an unsigned request under auto: %+v", v)
	}
}

func TestTwilioVerifiesAgainstPublicURL(t *testing.T) {
	const token = "hookctl0example0twilio0token0000"
	body := []byte("Body=hello&From=%2B15005550006")
	h := signed(t, "twilio", token, body, time.Now(), "https://hooks.example.com/twilio/sms")
	h.Set("Content-Type", "application/x-www-form-urlencoded")
	l := start(t, Config{Scheme: scheme(t, "twilio"), Secrets: []string{token}, PublicURL: "https://hooks.example.com"})
	send(t, "POST", l.url+"/twilio/sms", h, body)
	if v := l.next(t).Verification; !v.Valid {
		t.Fatalf("verification = %+v", v)
	}
}

// The expected answers follow each provider's documentation: Slack
// (api.slack.com/events/url_verification) echoes the challenge; Zoom
// (developers.zoom.us, "Validate your webhook endpoint") returns the plain
// token and its HMAC-SHA256 under the secret token in hex; Twitch (dev.twitch.tv
// EventSub "Responding to a challenge request") returns the raw challenge as
// text/plain; Dropbox (dropbox.com/developers/reference/webhooks) echoes the
// challenge query parameter with X-Content-Type-Options: nosniff.
func TestHandshakesAreAnswered(t *testing.T) {
	const secret = "hs-secret-0123456789"
	zoomMAC := hmac.New(sha256.New, []byte(secret))
	zoomMAC.Write([]byte("qgg8vlvZRS6UYooatFL8Aw"))
	cases := []struct {
		provider, method, path, body string
		extra                        webhook.Headers
		status                       int
		wantBody, wantType           string
	}{
		{"slack", "POST", "/", `{"token":"t","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`, nil, 200, "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P", "text/plain"},
		{"zoom", "POST", "/", `{"payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"},"event_ts":1654503849680,"event":"endpoint.url_validation"}`, nil, 200,
			`{"encryptedToken":"` + hex.EncodeToString(zoomMAC.Sum(nil)) + `","plainToken":"qgg8vlvZRS6UYooatFL8Aw"}`, "application/json"},
		{"twitch", "POST", "/", `{"challenge":"pogchamp-kappa-360noscope-vohiyo","subscription":{"type":"channel.follow"}}`,
			webhook.NewHeaders("Twitch-Eventsub-Message-Type", "webhook_callback_verification"), 200, "pogchamp-kappa-360noscope-vohiyo", "text/plain"},
		{"dropbox", "GET", "/?challenge=abc123", "", nil, 200, "abc123", "text/plain"},
	}
	for _, tc := range cases {
		t.Run(tc.provider, func(t *testing.T) {
			l := start(t, Config{Scheme: scheme(t, tc.provider), Secrets: []string{secret}, ForwardTo: "http://127.0.0.1:1"})
			body := []byte(tc.body)
			h := append(signed(t, tc.provider, secret, body, time.Now(), ""), tc.extra...)
			got := send(t, tc.method, l.url+tc.path, h, body)
			ev := l.next(t)
			if ev.Handshake == "" || ev.Forwarded != nil || ev.ForwardErr != nil {
				t.Fatalf("not shown as a handshake, or forwarded: %+v", ev)
			}
			if got.status != tc.status || !strings.HasPrefix(got.header.Get("Content-Type"), tc.wantType) {
				t.Fatalf("answer %d %q", got.status, got.header.Get("Content-Type"))
			}
			if tc.wantType == "application/json" {
				var a, b any
				json.Unmarshal([]byte(got.body), &a)
				json.Unmarshal([]byte(tc.wantBody), &b)
				gotJSON, _ := json.Marshal(a)
				wantJSON, _ := json.Marshal(b)
				if string(gotJSON) != string(wantJSON) {
					t.Fatalf("body %s, want %s", got.body, tc.wantBody)
				}
			} else if got.body != tc.wantBody {
				t.Fatalf("body %q, want %q", got.body, tc.wantBody)
			}
			if tc.provider == "dropbox" && got.header.Get("X-Content-Type-Options") != "nosniff" {
				t.Fatal("dropbox's answer lacks X-Content-Type-Options: nosniff")
			}
		})
	}
}

// A handshake is the provider checking the endpoint, not a delivery: it
// does not count towards Limit, and an unsigned one (Dropbox's GET) is not
// a failed check.
func TestHandshakesDoNotCountAsEvents(t *testing.T) {
	l := start(t, Config{Limit: 1, Scheme: scheme(t, "dropbox"), Secrets: []string{"app-secret"}})
	got := send(t, "GET", l.url+"/?challenge=xyz", nil, nil)
	ev := l.next(t)
	if got.body != "xyz" || ev.Handshake == "" || ev.Verification != nil || ev.Request.Verification != nil {
		t.Fatalf("answer %q, event %+v", got.body, ev)
	}
	body := []byte(`{"list_folder":{"accounts":["dbid:1"]}}`)
	send(t, "POST", l.url+"/", signed(t, "dropbox", "app-secret", body, time.Now(), ""), body)
	if v := l.next(t).Verification; v == nil || !v.Valid {
		t.Fatalf("verification %+v", v)
	}
	sum, _ := l.stop()
	if sum != (Summary{Requests: 1, Handshakes: 1, Complete: true}) {
		t.Fatalf("summary %+v", sum)
	}
}

// With --provider auto the secrets are for several providers; one that is
// not in a scheme's form must not stop another from matching.
func TestAutoWithSecretsForSeveralProviders(t *testing.T) {
	const gh, sw = "hookctl-example-github-secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	l := start(t, Config{Detect: sign.Detect, Secrets: []string{gh, sw}})
	body := []byte(`{"type":"invoice.paid"}`)
	send(t, "POST", l.url+"/", signed(t, "standard-webhooks", sw, body, time.Now(), ""), body)
	if v := l.next(t).Verification; !v.Valid || v.SecretIndex != 1 || v.Provider != "standard-webhooks" {
		t.Fatalf("verification %+v", v)
	}
	send(t, "POST", l.url+"/", signed(t, "standard-webhooks", "whsec_b3RoZXItc2VjcmV0LW5vdC1naXZlbi10by1saXN0ZW4=", body, time.Now(), ""), body)
	if v := l.next(t).Verification; v.Valid || v.Code != "signature_mismatch" {
		t.Fatalf("a wrong secret gave %+v, want a mismatch rather than the unusable secret", v)
	}
}
