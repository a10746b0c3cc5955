package sign_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/hookctl/hookctl/sign"
)

var signedAt = time.Unix(1795435200, 0)

// keys returns the secret to sign with and the one to verify with: the
// same for HMAC schemes, a key pair for asymmetric ones.
func keys(t testing.TB, info sign.Info) (signKey, verifyKey string) {
	t.Helper()
	if kp, ok := testKeyPairs[info.Name]; ok {
		return kp[0], kp[1]
	}
	if info.Name == "airtable" {
		return "dGVzdC1zZWNyZXQtZm9yLWhvb2tjdGwtdGVzdHMtMDE=", "dGVzdC1zZWNyZXQtZm9yLWhvb2tjdGwtdGVzdHMtMDE="
	}
	if info.KeyPair {
		t.Fatalf("%s uses a key pair and has no test key", info.Name)
	}
	return "whsec_" + "dGVzdC1zZWNyZXQtZm9yLWhvb2tjdGwtdGVzdHMtMDE=", "whsec_" + "dGVzdC1zZWNyZXQtZm9yLWhvb2tjdGwtdGVzdHMtMDE="
}

const testURL = "https://hooks.example.com/webhooks/in?source=test"

// testBody is a body every scheme can sign: form-encoded for Twilio,
// JSON with a millisecond webhookTimestamp for Linear.
func testBody(name string) []byte {
	switch name {
	case "twilio":
		return []byte("From=%2B12125550123&Body=Caf%C3%A9+%E2%98%95&To=%2B14155550100")
	case "linear":
		return []byte(`{"action":"create","type":"Issue","webhookTimestamp":1795435200000}`)
	}
	return []byte("{\"type\":\"ping\",\"data\":{\"text\":\"héllo ✨\"}}")
}

type signed struct {
	scheme sign.Scheme
	info   sign.Info
	body   []byte
	hdr    sign.Headers
	verify sign.VerifyParams
}

func signFor(t *testing.T, s sign.Scheme) signed {
	t.Helper()
	info := s.Info()
	sk, vk := keys(t, info)
	body := testBody(info.Name)
	p := sign.SignParams{Secret: sk, Body: body, Timestamp: signedAt, ID: "msg_test_1", URL: testURL}
	var hdr []sign.Header
	var err error
	if bs, ok := s.(sign.BodySigner); ok {
		body, hdr, err = bs.SignBody(p)
	} else {
		hdr, err = s.Sign(p)
	}
	if err != nil {
		t.Fatalf("sign: %v", err)
	}
	return signed{s, info, body, sign.Headers(hdr), sign.VerifyParams{Headers: sign.Headers(hdr), Body: body, URL: testURL,
		Secrets: []string{vk}, Now: signedAt.Add(2 * time.Second)}}
}

func TestRoundTrip(t *testing.T) {
	for _, s := range sign.All() {
		t.Run(s.Info().Name, func(t *testing.T) {
			sg := signFor(t, s)
			res, err := s.Verify(sg.verify)
			if err != nil {
				t.Fatalf("verify own signature: %v (headers %v)", err, sg.hdr)
			}
			if res.Provider != sg.info.Name {
				t.Errorf("Result.Provider = %q", res.Provider)
			}
			if sg.info.Timestamp && !res.Timestamp.Equal(signedAt) && res.Timestamp.Unix() != signedAt.Unix() {
				t.Errorf("Result.Timestamp = %v, want %v", res.Timestamp, signedAt)
			}
		})
	}
}

// TestRotation: the second of several secrets matches, and SecretIndex
// says so.
func TestRotation(t *testing.T) {
	for _, s := range sign.All() {
		t.Run(s.Info().Name, func(t *testing.T) {
			sg := sign.VerifyParams{}
			x := signFor(t, s)
			sg = x.verify
			sg.Secrets = append([]string{otherSecret(x.info)}, sg.Secrets...)
			res, err := s.Verify(sg)
			if err != nil {
				t.Fatalf("verify with the right secret second: %v", err)
			}
			if res.SecretIndex != 1 {
				t.Errorf("SecretIndex = %d, want 1", res.SecretIndex)
			}
		})
	}
}

func otherSecret(info sign.Info) string {
	if kp, ok := testKeyPairs[info.Name+"-other"]; ok {
		return kp[1]
	}
	if info.Name == "airtable" {
		return "b3RoZXItc2VjcmV0LWZvci1ob29rY3RsLXRlc3RzLTAy"
	}
	return "whsec_" + "b3RoZXItc2VjcmV0LWZvci1ob29rY3RsLXRlc3RzLTAy"
}

func TestNegative(t *testing.T) {
	for _, s := range sign.All() {
		name := s.Info().Name
		t.Run(name, func(t *testing.T) {
			for _, c := range negativeCases(t, s) {
				_, err := s.Verify(c.params)
				if err == nil {
					t.Errorf("%s: verified, want %v", c.name, c.want)
					continue
				}
				if !errors.Is(err, c.want) {
					t.Errorf("%s: got %v, want %v", c.name, err, c.want)
				}
				var ve *sign.VerifyError
				if !errors.As(err, &ve) || ve.Provider != name {
					t.Errorf("%s: %T %v is not a *VerifyError for %s", c.name, err, err, name)
				}
				if strings.Contains(err.Error(), "\n") {
					t.Errorf("%s: message has a newline: %q", c.name, err)
				}
			}
		})
	}
}

// TestSignWithSeveralSecrets: during a rotation a sender signs with every
// active secret; a receiver holding either one accepts the request.
func TestSignWithSeveralSecrets(t *testing.T) {
	a, b := "whsec_"+"c2VjcmV0LW9uZQ==", "whsec_"+"c2VjcmV0LXR3bw=="
	for _, c := range []struct {
		provider string
		both     bool // whether the header carries both signatures
	}{
		{"stripe", true}, {"pagerduty", true}, {"standard-webhooks", true}, {"box", true}, {"paddle", false}, {"github", false},
	} {
		s, _ := sign.Lookup(c.provider)
		h, err := s.Sign(sign.SignParams{Secret: a, ExtraSecrets: []string{b}, Body: []byte("{}"), Timestamp: signedAt, ID: "m"})
		if err != nil {
			t.Fatal(err)
		}
		for _, secret := range []string{a, b} {
			_, err := s.Verify(sign.VerifyParams{Headers: sign.Headers(h), Body: []byte("{}"), Secrets: []string{secret}, Now: signedAt})
			if ok := err == nil; ok != (c.both || secret == a) {
				t.Errorf("%s signed with both, verified with %s: %v (headers %v)", c.provider, secret, err, h)
			}
		}
	}
}
