package sign

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
)

// netlify signs with a JWS (HS256) in X-Webhook-Signature whose claims are
// {"iss":"netlify","sha256":hex(sha256(body))}: the HMAC covers the
// claims, and the claims cover the body.
type netlify struct{}

const netlifyHeader = "X-Webhook-Signature"

func (netlify) Info() Info {
	return Info{Name: "netlify", Title: "Netlify", Headers: []string{netlifyHeader},
		Algorithm: "JWS HS256 over a body SHA-256 claim",
		Docs:      "https://docs.netlify.com/site-deploys/deploy-notifications/#payload-signature"}
}

// detectScore is low: X-Webhook-Signature is a common generic name.
func (netlify) detectScore(h HeaderGetter) int {
	if v := get(h, netlifyHeader); strings.Count(v, ".") == 2 && strings.HasPrefix(v, "eyJ") {
		return 3
	}
	return 0
}

var netlifyJOSE = base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"HS256","typ":"JWT"}`))

type netlifyClaims struct {
	Iss    string `json:"iss"`
	SHA256 string `json:"sha256"`
}

func (netlify) Sign(p SignParams) ([]Header, error) {
	if p.Secret == "" {
		return nil, ErrNoSecret
	}
	sum := sha256.Sum256(p.Body)
	claims, _ := json.Marshal(netlifyClaims{Iss: "netlify", SHA256: hex.EncodeToString(sum[:])})
	signing := netlifyJOSE + "." + base64.RawURLEncoding.EncodeToString(claims)
	sig := macOf(sha256Alg, []byte(p.Secret), []byte(signing))
	return []Header{{Name: netlifyHeader, Value: signing + "." + base64.RawURLEncoding.EncodeToString(sig)}}, nil
}

func (netlify) Verify(p VerifyParams) (Result, error) {
	if len(p.Secrets) == 0 {
		return Result{}, &VerifyError{Provider: "netlify", Kind: ErrNoSecret, Detail: "no JWS secret given to verify with"}
	}
	v := get(p.Headers, netlifyHeader)
	if v == "" {
		return Result{}, missing("netlify", netlifyHeader, p.Headers)
	}
	parts := strings.Split(v, ".")
	var jose struct {
		Alg string `json:"alg"`
	}
	var claims netlifyClaims
	if len(parts) != 3 || decodeSegment(parts[0], &jose) != nil || decodeSegment(parts[1], &claims) != nil {
		return Result{}, malformed("netlify", "%s is not a JWS (header.claims.signature)", netlifyHeader)
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || jose.Alg != "HS256" {
		return Result{}, malformed("netlify", "%s must be signed HS256", netlifyHeader)
	}
	for i, secret := range p.Secrets {
		if !hmac.Equal(macOf(sha256Alg, []byte(secret), []byte(parts[0]+"."+parts[1])), sig) {
			continue
		}
		sum := sha256.Sum256(p.Body)
		if want, _ := hex.DecodeString(claims.SHA256); claims.Iss != "netlify" || !hmac.Equal(want, sum[:]) {
			e := &VerifyError{Provider: "netlify", Kind: ErrNoMatchingSignature,
				Detail: "the JWS is valid but its sha256 claim does not match the body (or iss is not netlify)"}
			if hint := diagnose(p, secretRaw, false, func(b []byte, _ string, _ []byte) bool {
				s := sha256.Sum256(b)
				return hmac.Equal(want, s[:])
			}); strings.HasPrefix(hint, "the body") {
				e.Hint = hint
			}
			return Result{}, e
		}
		return Result{Provider: "netlify", SecretIndex: i}, nil
	}
	return Result{}, &VerifyError{Provider: "netlify", Kind: ErrNoMatchingSignature,
		Detail: fmt.Sprintf("the JWS in %s is not signed by any of %d secret(s)", netlifyHeader, len(p.Secrets)),
		Hint:   "use the JWS secret token set on the deploy notification"}
}

func decodeSegment(seg string, v any) error {
	b, err := base64.RawURLEncoding.DecodeString(seg)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}
