package check

import (
	"testing"

	"github.com/hookctl/hookctl/sign"
)

// TestEverySchemeAgainstACarefulApp runs every check for every HMAC scheme
// the sign package knows against an app that verifies with that scheme:
// nothing hookctl sends may be misjudged for any provider.
func TestEverySchemeAgainstACarefulApp(t *testing.T) {
	for _, s := range sign.All() {
		info := s.Info()
		if info.KeyPair {
			continue
		}
		t.Run(info.Name, func(t *testing.T) {
			t.Parallel()
			secret := testSecrets[info.Name]
			// Try the common secret forms: plain, whsec_ base64, bare base64.
			for _, cand := range []string{"hookctl-example-secret-0123456789abcdef", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"} {
				if secret != "" {
					break
				}
				if _, err := s.Sign(sign.SignParams{Secret: cand, Body: []byte(`{}`), Timestamp: fixedNow, URL: "https://example.com/"}); err == nil {
					secret = cand
				}
			}
			a := carefulApp(t, s, secret)
			res := run(t, info.Name, a, func(o *Options) { o.Secret = secret; o.SideEffectURL = "" })
			for _, r := range res {
				if r.Failed() {
					t.Errorf("%s failed: expected %s, got %s", r.Name, r.Expected, r.Got)
				}
			}
		})
	}
}
