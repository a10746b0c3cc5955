package sign

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"hash"
	"strings"
)

// algorithm is a hash for HMAC by name.
type algorithm string

const (
	sha1Alg   algorithm = "sha1"
	sha256Alg algorithm = "sha256"
	sha512Alg algorithm = "sha512"
)

func (a algorithm) new() func() hash.Hash {
	switch a {
	case sha1Alg:
		return sha1.New
	case sha512Alg:
		return sha512.New
	}
	return sha256.New
}

func (a algorithm) title() string {
	return "HMAC-" + strings.ToUpper(strings.Replace(string(a), "sha", "SHA", 1))
}

func parseAlgorithm(s string) (algorithm, error) {
	switch a := algorithm(strings.ToLower(strings.ReplaceAll(s, "-", ""))); a {
	case sha1Alg, sha256Alg, sha512Alg:
		return a, nil
	}
	return "", fmt.Errorf("algorithm %q: use sha1, sha256 or sha512", s)
}

// encoding turns a MAC into header text and back.
type encoding string

const (
	hexEnc    encoding = "hex"
	base64Enc encoding = "base64"
)

func (e encoding) encode(b []byte) string {
	if e == base64Enc {
		return base64.StdEncoding.EncodeToString(b)
	}
	return hex.EncodeToString(b)
}

// decode accepts what senders actually emit: upper or lower case hex, and
// base64 with or without padding or in the URL alphabet.
func (e encoding) decode(s string) ([]byte, bool) {
	if e == base64Enc {
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
			if b, err := enc.DecodeString(s); err == nil {
				return b, true
			}
		}
		return nil, false
	}
	b, err := hex.DecodeString(s)
	return b, err == nil
}

func parseEncoding(s string) (encoding, error) {
	switch e := encoding(strings.ToLower(s)); e {
	case hexEnc, base64Enc:
		return e, nil
	}
	return "", fmt.Errorf("encoding %q: use hex or base64", s)
}

// secretForm says how a provider turns the secret string into HMAC key
// bytes: Stripe keeps "whsec_…" as raw text, Standard Webhooks strips the
// prefix and base64-decodes the rest.
type secretForm int

const (
	secretRaw secretForm = iota
	secretWhsec
	secretBase64
)

func (f secretForm) key(secret string) ([]byte, error) {
	switch f {
	case secretWhsec:
		b, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
		if err != nil {
			return nil, fmt.Errorf("%w: expected whsec_ followed by base64", ErrBadSecret)
		}
		return b, nil
	case secretBase64:
		b, err := base64.StdEncoding.DecodeString(secret)
		if err != nil {
			return nil, fmt.Errorf("%w: expected a base64 key", ErrBadSecret)
		}
		return b, nil
	}
	return []byte(secret), nil
}

// keyForms lists the other ways a secret might have been used, for hints.
func keyForms(secret string) map[string][]byte {
	out := map[string][]byte{"raw": []byte(secret)}
	if b, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_")); err == nil && len(b) > 0 {
		out["decoded"] = b
	}
	if t := strings.TrimSpace(secret); t != secret {
		out["trimmed"] = []byte(t)
	}
	return out
}

// macOf is HMAC over several pieces, written in order so the body is never
// copied.
func macOf(alg algorithm, key []byte, parts ...[]byte) []byte {
	m := hmac.New(alg.new(), key)
	for _, p := range parts {
		m.Write(p)
	}
	return m.Sum(nil)
}
