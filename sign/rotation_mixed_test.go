package sign_test

import (
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/hookctl/hookctl/sign"
)

// A list of secrets may hold some a scheme cannot use (another provider's,
// during a migration, or with --provider auto): the one that fits must
// still match, and an unusable one is reported only when none does.
func TestUnusableSecretDoesNotHideAMatchingOne(t *testing.T) {
	now := time.Unix(1795435200, 0)
	body := []byte(`{"type":"invoice.paid"}`)
	cases := []struct {
		provider, signWith, unusable string
	}{
		{"standard-webhooks", "whsec_aG9va2N0bC1zdGFuZGFyZC13ZWJob29rcy1zZWNyZXQ=", "plain-github-secret"},
		{"discord", testKeyPairs["discord"][0], "not-a-key"},
	}
	for _, tc := range cases {
		t.Run(tc.provider, func(t *testing.T) {
			s, err := sign.Lookup(tc.provider)
			if err != nil {
				t.Fatal(err)
			}
			hs, err := s.Sign(sign.SignParams{Secret: tc.signWith, Body: body, Timestamp: now, ID: "msg_1"})
			if err != nil {
				t.Fatal(err)
			}
			h := http.Header{}
			for _, kv := range hs {
				h.Set(kv.Name, kv.Value)
			}
			verifyWith := tc.signWith
			if tc.provider == "discord" {
				verifyWith = testKeyPairs["discord"][1]
			}
			res, err := s.Verify(sign.VerifyParams{Headers: h, Body: body, Secrets: []string{tc.unusable, verifyWith}, Now: now})
			if err != nil || res.SecretIndex != 1 {
				t.Fatalf("Verify = %+v, %v; want a match with secret #2", res, err)
			}
			_, err = s.Verify(sign.VerifyParams{Headers: h, Body: body, Secrets: []string{tc.unusable}, Now: now})
			if !errors.Is(err, sign.ErrBadSecret) {
				t.Fatalf("with only the unusable secret: %v, want ErrBadSecret", err)
			}
		})
	}
}
