package sign

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"sort"
)

// twilio signs the full URL followed by the sorted form parameters
// (name+value), HMAC-SHA1 under the auth token, base64. A JSON body is
// covered instead by a bodySHA256 query parameter in the signed URL.
type twilio struct{}

const twilioHeader = "X-Twilio-Signature"

func (twilio) Info() Info {
	return Info{Name: "twilio", Title: "Twilio", Headers: []string{twilioHeader}, URL: true,
		Algorithm: "HMAC-SHA1, base64", Docs: "https://www.twilio.com/docs/usage/webhooks/webhooks-security"}
}

func (twilio) detectScore(h HeaderGetter) int {
	return scoreHeaders(h, twilioHeader, nil, []string{"I-Twilio-Idempotency-Token"})
}

// twilioContent is what Twilio signs for a URL and body.
func twilioContent(rawURL string, body []byte) []byte {
	out := []byte(rawURL)
	if hasBodyHash(rawURL) {
		return out
	}
	params, err := url.ParseQuery(string(body))
	if err != nil {
		return out
	}
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		vals := append([]string(nil), params[k]...)
		sort.Strings(vals)
		for _, v := range vals {
			out = append(append(out, k...), v...)
		}
	}
	return out
}

func hasBodyHash(rawURL string) bool {
	u, err := url.Parse(rawURL)
	return err == nil && u.Query().Has("bodySHA256")
}

func bodyHash(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

func (twilio) Sign(p SignParams) ([]Header, error) {
	if p.Secret == "" {
		return nil, ErrNoSecret
	}
	if p.URL == "" {
		return nil, ErrNeedURL
	}
	if len(p.Body) > 0 && !hasBodyHash(p.URL) {
		if _, err := url.ParseQuery(string(p.Body)); err != nil || isJSONObject(p.Body) {
			return nil, fmt.Errorf("twilio signs a non-form body through the URL: add ?bodySHA256=%s to the URL", bodyHash(p.Body))
		}
	}
	sig := macOf(sha1Alg, []byte(p.Secret), twilioContent(p.URL, p.Body))
	return []Header{{Name: twilioHeader, Value: base64Enc.encode(sig)}}, nil
}

func (t twilio) Verify(p VerifyParams) (Result, error) {
	if len(p.Secrets) == 0 {
		return Result{}, &VerifyError{Provider: "twilio", Kind: ErrNoSecret, Detail: "no auth token given to verify with"}
	}
	v := get(p.Headers, twilioHeader)
	if v == "" {
		return Result{}, missing("twilio", twilioHeader, p.Headers)
	}
	sig, ok := base64Enc.decode(v)
	if !ok {
		return Result{}, malformed("twilio", "%s is not base64", twilioHeader)
	}
	if p.URL == "" {
		return Result{}, &VerifyError{Provider: "twilio", Kind: ErrNeedURL, Detail: "Twilio signs the request URL: pass the full URL Twilio called (--url)"}
	}
	try := func(body []byte, u string, key []byte) bool {
		return hmac.Equal(macOf(sha1Alg, key, twilioContent(u, body)), sig)
	}
	for i, secret := range p.Secrets {
		// Twilio's validators accept the URL with and without the default port.
		for _, u := range append([]string{p.URL}, portVariants(p.URL)...) {
			if try(p.Body, u, []byte(secret)) {
				return t.checkBodyHash(p, u, i)
			}
		}
	}
	e := &VerifyError{Provider: "twilio", Kind: ErrNoMatchingSignature,
		Detail: fmt.Sprintf("%s does not match the URL and parameters with any of %d auth token(s)", twilioHeader, len(p.Secrets))}
	e.Hint = diagnose(p, secretRaw, true, try)
	if p.Debug {
		e.Detail += "; debug: expected " + base64Enc.encode(macOf(sha1Alg, []byte(p.Secrets[0]), twilioContent(p.URL, p.Body)))
	}
	return Result{}, e
}

// checkBodyHash finishes a match on a URL that carries bodySHA256: the
// body must hash to it.
func (twilio) checkBodyHash(p VerifyParams, signedURL string, i int) (Result, error) {
	if hasBodyHash(signedURL) {
		u, _ := url.Parse(signedURL)
		want, _ := hex.DecodeString(u.Query().Get("bodySHA256"))
		got := sha256.Sum256(p.Body)
		if !hmac.Equal(want, got[:]) {
			return Result{}, &VerifyError{Provider: "twilio", Kind: ErrNoMatchingSignature,
				Detail: "the URL's bodySHA256 does not match the body", Hint: "the body differs from what was signed; verify the raw bytes as received"}
		}
	}
	return Result{Provider: "twilio", SecretIndex: i}, nil
}

// portVariants adds or removes the scheme's default port.
func portVariants(raw string) []string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return nil
	}
	def := map[string]string{"https": "443", "http": "80"}[u.Scheme]
	switch {
	case def == "":
		return nil
	case u.Port() == "":
		u.Host += ":" + def
	case u.Port() == def:
		u.Host = u.Hostname()
	default:
		return nil
	}
	return []string{u.String()}
}

func isJSONObject(b []byte) bool {
	for _, c := range b {
		switch c {
		case ' ', '\t', '\r', '\n':
			continue
		case '{', '[':
			return true
		}
		return false
	}
	return false
}
