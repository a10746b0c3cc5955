package sign

import (
	"cmp"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/big"
	"strings"
	"time"
)

// plaid signs with an ES256 JWT in Plaid-Verification whose claims carry
// the issue time (iat, 5 minutes) and the body's SHA-256. Plaid publishes
// the public key by key id; hookctl verifies with a key given locally (a
// JWK as Plaid returns it, PEM, or base64 SPKI) and signs with a P-256
// private key.
type plaid struct{}

const (
	plaidHeader    = "Plaid-Verification"
	plaidTolerance = 5 * time.Minute
)

func (plaid) Info() Info {
	return Info{Name: "plaid", Title: "Plaid", Headers: []string{plaidHeader}, Timestamp: true, KeyPair: true,
		Tolerance: plaidTolerance, PastOnly: true, Algorithm: "JWT ES256 over a body SHA-256 claim",
		Docs: "https://plaid.com/docs/api/webhooks/webhook-verification/"}
}

func (plaid) detectScore(h HeaderGetter) int { return scoreHeaders(h, plaidHeader, nil, nil) }

type plaidClaims struct {
	Iat    int64  `json:"iat"`
	SHA256 string `json:"request_body_sha256"`
}

func (plaid) Sign(p SignParams) ([]Header, error) {
	if p.Secret == "" {
		return nil, fmt.Errorf("%w: Plaid signs with an ECDSA P-256 private key", ErrNoSecret)
	}
	if p.Timestamp.IsZero() {
		return nil, ErrNoTimestamp
	}
	priv, err := parseECDSAPrivate(p.Secret)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(p.Body)
	claims, _ := json.Marshal(plaidClaims{Iat: p.Timestamp.Unix(), SHA256: hex.EncodeToString(sum[:])})
	signing := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"ES256","kid":"hookctl","typ":"JWT"}`)) + "." + base64.RawURLEncoding.EncodeToString(claims)
	digest := sha256.Sum256([]byte(signing))
	r, s, err := ecdsa.Sign(rand.Reader, priv, digest[:])
	if err != nil {
		return nil, err
	}
	// A JWS carries ES256 as r||s, 32 bytes each, not DER.
	sig := append(r.FillBytes(make([]byte, 32)), s.FillBytes(make([]byte, 32))...)
	return []Header{{Name: plaidHeader, Value: signing + "." + base64.RawURLEncoding.EncodeToString(sig)}}, nil
}

func (plaid) Verify(p VerifyParams) (Result, error) {
	if len(p.Secrets) == 0 {
		return Result{}, &VerifyError{Provider: "plaid", Kind: ErrNoSecret, Detail: "no verification key given (the JWK from /webhook_verification_key/get, or PEM)"}
	}
	v := get(p.Headers, plaidHeader)
	if v == "" {
		return Result{}, missing("plaid", plaidHeader, p.Headers)
	}
	parts := strings.Split(v, ".")
	var jose struct {
		Alg string `json:"alg"`
	}
	var claims plaidClaims
	if len(parts) != 3 || decodeSegment(parts[0], &jose) != nil || decodeSegment(parts[1], &claims) != nil {
		return Result{}, malformed("plaid", "%s is not a JWT (header.claims.signature)", plaidHeader)
	}
	sig, err := base64.RawURLEncoding.DecodeString(parts[2])
	if err != nil || jose.Alg != "ES256" || len(sig) != 64 {
		return Result{}, malformed("plaid", "%s must be signed ES256", plaidHeader)
	}
	ts := time.Unix(claims.Iat, 0)
	if err := (window{tolerance: plaidTolerance, pastOnly: true}).check("plaid", ts, p); err != nil {
		return Result{}, err
	}
	digest := sha256.Sum256([]byte(parts[0] + "." + parts[1]))
	r, s := new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:])
	var bad error
	for i, key := range p.Secrets {
		pub, err := parsePlaidKey(key)
		if err != nil {
			bad = cmp.Or(bad, error(&VerifyError{Provider: "plaid", Kind: ErrBadSecret, Detail: fmt.Sprintf("key #%d: %v", i+1, err)}))
			continue
		}
		if !ecdsa.Verify(pub, digest[:], r, s) {
			continue
		}
		sum := sha256.Sum256(p.Body)
		if want, _ := hex.DecodeString(claims.SHA256); !hmac.Equal(want, sum[:]) {
			return Result{}, &VerifyError{Provider: "plaid", Kind: ErrNoMatchingSignature,
				Detail: "the JWT is valid but its request_body_sha256 does not match the body",
				Hint:   "the body differs from what was signed; verify the raw bytes as received"}
		}
		return Result{Provider: "plaid", SecretIndex: i, Timestamp: ts}, nil
	}
	if bad != nil {
		return Result{}, bad
	}
	return Result{}, &VerifyError{Provider: "plaid", Kind: ErrNoMatchingSignature,
		Detail: fmt.Sprintf("the JWT in %s does not verify with any of %d key(s)", plaidHeader, len(p.Secrets)),
		Hint:   "use the key whose kid the JWT header names"}
}

// parsePlaidKey reads a JWK ({"kty":"EC","crv":"P-256","x":…,"y":…}), or
// falls back to PEM / base64 SPKI.
func parsePlaidKey(s string) (*ecdsa.PublicKey, error) {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, "{") {
		return parseECDSAPublic(s)
	}
	var jwk struct{ Kty, Crv, X, Y string }
	if err := json.Unmarshal([]byte(s), &jwk); err != nil || jwk.Kty != "EC" || jwk.Crv != "P-256" {
		return nil, fmt.Errorf("%w: need an EC P-256 JWK", ErrBadSecret)
	}
	x, errX := base64.RawURLEncoding.DecodeString(jwk.X)
	y, errY := base64.RawURLEncoding.DecodeString(jwk.Y)
	if errX != nil || errY != nil || len(x) != 32 || len(y) != 32 {
		return nil, fmt.Errorf("%w: the JWK's x and y are not 32-byte base64url", ErrBadSecret)
	}
	pub, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), append(append([]byte{4}, x...), y...))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBadSecret, err)
	}
	return pub, nil
}
