package sign_test

import (
	"encoding/base64"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hookctl/hookctl/sign"
)

func mustSign(t *testing.T, provider string, p sign.SignParams) sign.Headers {
	t.Helper()
	s, err := sign.Lookup(provider)
	if err != nil {
		t.Fatal(err)
	}
	h, err := s.Sign(p)
	if err != nil {
		t.Fatal(err)
	}
	return sign.Headers(h)
}

// TestHints: a mismatch names its likely cause.
func TestHints(t *testing.T) {
	pretty := []byte("{\n  \"id\": \"evt_1\",\n  \"type\": \"ping\"\n}")
	compact := []byte(`{"id":"evt_1","type":"ping"}`)
	whsec := "whsec_" + base64.StdEncoding.EncodeToString([]byte("0123456789abcdef0123456789abcdef"))
	decoded := string([]byte("0123456789abcdef0123456789abcdef"))
	twilioURL := "https://hooks.example.com/sms"
	form := []byte("Body=hi&From=%2B1555")
	for _, c := range []struct {
		name, provider string
		signed         sign.SignParams
		verify         sign.VerifyParams
		want           string
	}{
		{"trailing newline added", "github", sign.SignParams{Secret: "s", Body: compact},
			sign.VerifyParams{Body: append(compact, '\n'), Secrets: []string{"s"}}, "no trailing newline (this one has one)"},
		{"trailing newline lost", "github", sign.SignParams{Secret: "s", Body: append(compact, '\n')},
			sign.VerifyParams{Body: compact, Secrets: []string{"s"}}, "ended with a newline"},
		{"compact JSON pretty-printed", "stripe", sign.SignParams{Secret: "s", Body: compact, Timestamp: signedAt},
			sign.VerifyParams{Body: pretty, Secrets: []string{"s"}}, "signed as compact JSON"},
		{"pretty JSON compacted", "shopify", sign.SignParams{Secret: "s", Body: pretty},
			sign.VerifyParams{Body: compact, Secrets: []string{"s"}}, "signed as indented JSON"},
		{"whsec secret decoded for Stripe", "stripe", sign.SignParams{Secret: decoded, Body: compact, Timestamp: signedAt},
			sign.VerifyParams{Body: compact, Secrets: []string{"whsec_" + base64.StdEncoding.EncodeToString([]byte(decoded))}}, "signed with the base64-decoded secret"},
		{"whsec secret used raw for Standard Webhooks", "standard-webhooks", sign.SignParams{Secret: "whsec_" + base64.StdEncoding.EncodeToString([]byte(whsec)), Body: compact, Timestamp: signedAt, ID: "m"},
			sign.VerifyParams{Body: compact, Secrets: []string{whsec}}, ""},
		{"secret with a trailing newline", "github", sign.SignParams{Secret: "s3cret", Body: compact},
			sign.VerifyParams{Body: compact, Secrets: []string{"s3cret\n"}}, "whitespace"},
		{"Twilio URL scheme changed by a proxy", "twilio", sign.SignParams{Secret: "tok", Body: form, URL: twilioURL},
			sign.VerifyParams{Body: form, URL: "http://hooks.example.com/sms", Secrets: []string{"tok"}}, "signed with https://"},
		{"Square URL trailing slash", "square", sign.SignParams{Secret: "k", Body: compact, URL: "https://x.example/hook/"},
			sign.VerifyParams{Body: compact, URL: "https://x.example/hook", Secrets: []string{"k"}}, "with a trailing slash"},
		{"HubSpot URL query dropped", "hubspot", sign.SignParams{Secret: "k", Body: compact, URL: "https://x.example/hook", Timestamp: signedAt},
			sign.VerifyParams{Body: compact, URL: "https://x.example/hook?a=1", Secrets: []string{"k"}}, "without the query string"},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, _ := sign.Lookup(c.provider)
			p := c.verify
			p.Headers = mustSign(t, c.provider, c.signed)
			p.Now = signedAt
			_, err := s.Verify(p)
			var ve *sign.VerifyError
			if !errors.As(err, &ve) || !errors.Is(err, sign.ErrNoMatchingSignature) {
				t.Fatalf("err = %v, want a no-match VerifyError", err)
			}
			if c.want != "" && !strings.Contains(ve.Hint, c.want) {
				t.Errorf("hint %q does not say %q", ve.Hint, c.want)
			}
		})
	}
}

// TestTwilioDefaultPort: Twilio's validators accept the URL with or
// without the default port; so does hookctl, without a hint.
func TestTwilioDefaultPort(t *testing.T) {
	s, _ := sign.Lookup("twilio")
	form := []byte("Body=hi")
	for _, c := range [][2]string{
		{"https://hooks.example.com/sms", "https://hooks.example.com:443/sms"},
		{"https://hooks.example.com:443/sms", "https://hooks.example.com/sms"},
		{"http://hooks.example.com/sms", "http://hooks.example.com:80/sms"},
	} {
		h := mustSign(t, "twilio", sign.SignParams{Secret: "tok", Body: form, URL: c[0]})
		if _, err := s.Verify(sign.VerifyParams{Headers: h, Body: form, URL: c[1], Secrets: []string{"tok"}}); err != nil {
			t.Errorf("signed for %s, verified at %s: %v", c[0], c[1], err)
		}
	}
}

// TestTimestampDetail says how far outside the window, and which way.
func TestTimestampDetail(t *testing.T) {
	s, _ := sign.Lookup("slack")
	h := mustSign(t, "slack", sign.SignParams{Secret: "s", Body: []byte("x"), Timestamp: signedAt})
	_, err := s.Verify(sign.VerifyParams{Headers: h, Body: []byte("x"), Secrets: []string{"s"}, Now: signedAt.Add(7 * time.Minute)})
	if !errors.Is(err, sign.ErrTimestampTooOld) || !strings.Contains(err.Error(), "is 7m0s old, 2m0s past the 5m0s tolerance") {
		t.Errorf("old: %v", err)
	}
	_, err = s.Verify(sign.VerifyParams{Headers: h, Body: []byte("x"), Secrets: []string{"s"}, Now: signedAt.Add(-6 * time.Minute)})
	if !errors.Is(err, sign.ErrTimestampTooNew) || !strings.Contains(err.Error(), "6m0s in the future, 1m0s past") {
		t.Errorf("new: %v", err)
	}
	// Stripe accepts a timestamp from the future, as its SDK does.
	st, _ := sign.Lookup("stripe")
	sh := mustSign(t, "stripe", sign.SignParams{Secret: "s", Body: []byte("x"), Timestamp: signedAt})
	if _, err := st.Verify(sign.VerifyParams{Headers: sh, Body: []byte("x"), Secrets: []string{"s"}, Now: signedAt.Add(-time.Hour)}); err != nil {
		t.Errorf("stripe future: %v", err)
	}
	// A negative tolerance turns the check off.
	if _, err := s.Verify(sign.VerifyParams{Headers: h, Body: []byte("x"), Secrets: []string{"s"}, Now: signedAt.Add(time.Hour), Tolerance: -1}); err != nil {
		t.Errorf("tolerance off: %v", err)
	}
}

// TestSeveralSignaturesInOneHeader: Stripe and PagerDuty send one entry
// per active secret; any may match.
func TestSeveralSignaturesInOneHeader(t *testing.T) {
	for _, c := range []struct{ provider, header, value string }{
		{"stripe", "Stripe-Signature", "t=1795435200,v1=" + strings.Repeat("0", 64) + ",v1=%s,v0=abc"},
		{"pagerduty", "X-PagerDuty-Signature", "v1=" + strings.Repeat("0", 64) + ",v1=%s"},
		{"standard-webhooks", "webhook-signature", "v1,AAAA v1,%s"},
	} {
		s, _ := sign.Lookup(c.provider)
		secret := "whsec_" + base64.StdEncoding.EncodeToString([]byte("k"))
		h := mustSign(t, c.provider, sign.SignParams{Secret: secret, Body: []byte("{}"), Timestamp: signedAt, ID: "m"})
		own := h.Get(c.header)
		own = own[strings.LastIndexAny(own, "=,")+1:]
		if c.provider == "standard-webhooks" {
			own = strings.TrimPrefix(h.Get(c.header), "v1,")
		}
		for i := range h {
			if strings.EqualFold(h[i].Name, c.header) {
				h[i].Value = strings.Replace(c.value, "%s", own, 1)
			}
		}
		if _, err := s.Verify(sign.VerifyParams{Headers: h, Body: []byte("{}"), Secrets: []string{secret}, Now: signedAt}); err != nil {
			t.Errorf("%s with %q: %v", c.provider, h.Get(c.header), err)
		}
	}
}

// TestErrorsNeverRevealExpectedSignature: for every scheme and failure,
// the message does not contain the signature that would have matched,
// unless Debug asks for it.
func TestErrorsNeverRevealExpectedSignature(t *testing.T) {
	for _, s := range sign.All() {
		sg := signFor(t, s)
		// Keep the signature header, change the body: the expected MAC is
		// then one the test can compute by signing the changed body.
		body := tamper(sg.info.Name, sg.body)
		sk, _ := keys(t, sg.info)
		want, err := s.Sign(sign.SignParams{Secret: sk, Body: body, Timestamp: signedAt, ID: "msg_test_1", URL: testURL})
		if err != nil {
			continue // body signers: covered by the wrong-secret case below
		}
		p := sg.verify
		p.Body = body
		_, verr := s.Verify(p)
		if verr == nil {
			continue
		}
		for _, h := range want {
			if len(h.Value) >= 16 && strings.Contains(verr.Error(), sigPart(h.Value)) {
				t.Errorf("%s: error %q reveals the expected %s", sg.info.Name, verr, h.Name)
			}
		}
	}
	s, _ := sign.Lookup("github")
	h := http.Header{"X-Hub-Signature-256": {"sha256=00"}}
	_, err := s.Verify(sign.VerifyParams{Headers: h, Body: []byte("Hello, World!"), Secrets: []string{"It's a Secret to Everybody"}, Debug: true})
	if err == nil || !strings.Contains(err.Error(), "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17") {
		t.Errorf("Debug: %v, want the expected signature shown", err)
	}
}

// sigPart is the signature inside a header value, without t=… or prefixes.
func sigPart(v string) string {
	if i := strings.LastIndexAny(v, "=,"); i >= 0 && i < len(v)-8 {
		return v[i+1:]
	}
	return v
}
