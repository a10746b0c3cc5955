package sign

import (
	"crypto/hmac"
	"fmt"
	"strings"
	"time"
)

// hmacScheme is one data row: the whole description of a provider that
// signs "some bytes" with HMAC and puts the result in a header. Adding such
// a provider is adding a row and a test vector.
type hmacScheme struct {
	name, title, docs string
	aliases           []string
	// header carries the signature; alsoHeaders may carry more of them
	// (Box's secondary key).
	header      string
	alsoHeaders []string
	alg         algorithm
	enc         encoding
	// prefix precedes each signature ("sha256=", "v0=").
	prefix string
	list   listFormat
	// signed is the signed-content layout.
	signed template
	// tsHeader holds the timestamp when it is not inside the signature
	// header (list.tsKey); tsUnit says how it is written.
	tsHeader string
	tsUnit   tsUnit
	idHeader string
	window   window
	secret   secretForm
	// markers are headers only this provider sends, for Detect.
	markers []string
	// fallback is tried when header is absent (GitHub's legacy SHA-1).
	fallback *hmacScheme
}

func (s *hmacScheme) timestamped() bool { return s.tsHeader != "" || s.list.tsKey != "" }

func (s *hmacScheme) Info() Info {
	info := Info{Name: s.name, Aliases: s.aliases, Title: s.title, Docs: s.docs,
		Headers:   []string{s.header},
		Timestamp: s.timestamped(), URL: s.signed.uses("url"),
		Tolerance: s.window.tolerance, PastOnly: s.window.pastOnly,
		Algorithm: s.alg.title() + ", " + string(s.enc)}
	info.Headers = append(info.Headers, s.alsoHeaders...)
	for _, h := range []string{s.tsHeader, s.idHeader} {
		if h != "" {
			info.Headers = append(info.Headers, h)
		}
	}
	if s.fallback != nil {
		info.Headers = append(info.Headers, s.fallback.header)
	}
	return info
}

func (s *hmacScheme) detectScore(h HeaderGetter) int {
	others := []string{s.tsHeader, s.idHeader}
	score := scoreHeaders(h, s.header, others, s.markers)
	if score == 0 && s.fallback != nil {
		score = scoreHeaders(h, s.fallback.header, others, s.markers) - 1
	}
	return score
}

// Sign computes the signature headers.
func (s *hmacScheme) Sign(p SignParams) ([]Header, error) {
	f, stamp, err := s.signFields(p)
	if err != nil {
		return nil, err
	}
	sigs, err := s.signatures(p, f)
	if err != nil {
		return nil, err
	}
	out := []Header{{Name: s.header, Value: s.list.format(stamp, sigs[:1])}}
	switch {
	case s.list.multi:
		out[0].Value = s.list.format(stamp, sigs)
	case len(s.alsoHeaders) > 0 && len(sigs) > 1:
		out = append(out, Header{Name: s.alsoHeaders[0], Value: sigs[1]})
	}
	if s.tsHeader != "" {
		out = append(out, Header{Name: s.tsHeader, Value: stamp})
	}
	if s.idHeader != "" {
		out = append(out, Header{Name: s.idHeader, Value: f.id})
	}
	if s.fallback != nil {
		legacy, err := s.fallback.Sign(p)
		if err != nil {
			return nil, err
		}
		out = append(out, legacy...)
	}
	return out, nil
}

// signatures are the encoded signatures under Secret and then each of
// ExtraSecrets.
func (s *hmacScheme) signatures(p SignParams, f fields) ([]string, error) {
	var out []string
	for _, secret := range append([]string{p.Secret}, p.ExtraSecrets...) {
		key, err := s.secret.key(secret)
		if err != nil {
			return nil, err
		}
		out = append(out, s.prefix+s.enc.encode(s.signed.mac(s.alg, key, f)))
	}
	return out, nil
}

func (s *hmacScheme) signFields(p SignParams) (fields, string, error) {
	if p.Secret == "" {
		return fields{}, "", ErrNoSecret
	}
	f := fields{body: p.Body, id: p.ID, url: p.URL, method: methodOr(p.Method)}
	if s.signed.uses("url") && p.URL == "" {
		return f, "", ErrNeedURL
	}
	if s.idHeader != "" {
		var err error
		if f.id, err = messageID(p.ID); err != nil {
			return f, "", err
		}
	}
	var stamp string
	if s.timestamped() {
		if p.Timestamp.IsZero() {
			return f, "", ErrNoTimestamp
		}
		stamp = s.tsUnit.format(p.Timestamp)
	}
	f.timestamp = stamp
	return f, stamp, nil
}

// Verify checks the request against every secret and every signature.
func (s *hmacScheme) Verify(p VerifyParams) (Result, error) {
	if len(p.Secrets) == 0 {
		return Result{}, &VerifyError{Provider: s.name, Kind: ErrNoSecret, Detail: "no secret given to verify with"}
	}
	if s.fallback != nil && !has(p.Headers, s.header) && has(p.Headers, s.fallback.header) {
		res, err := s.fallback.Verify(p)
		res.Provider = s.name
		return res, err
	}
	got, err := s.read(p.Headers)
	if err != nil {
		return Result{}, err
	}
	res := Result{Provider: s.name, ID: get(p.Headers, s.idHeader)}
	if s.timestamped() {
		if res.Timestamp, err = s.readTime(got.stamp); err != nil {
			return Result{}, err
		}
		if err := s.window.check(s.name, res.Timestamp, p); err != nil {
			return Result{}, err
		}
	}
	f := fields{body: p.Body, timestamp: got.stamp, id: res.ID, url: p.URL, method: methodOr(p.Method)}
	if s.signed.uses("url") && p.URL == "" {
		return Result{}, &VerifyError{Provider: s.name, Kind: ErrNeedURL, Detail: "the signature covers the request URL: pass the full URL the provider called (--url)"}
	}
	var bad error
	for i, secret := range p.Secrets {
		key, err := s.secret.key(secret)
		if err != nil {
			bad = &VerifyError{Provider: s.name, Kind: ErrBadSecret, Detail: fmt.Sprintf("secret #%d: %v", i+1, err)}
			continue
		}
		if s.matches(key, f, got.sigs) {
			res.SecretIndex = i
			return res, nil
		}
	}
	// An unusable secret is the likelier story than a mismatch with the rest.
	if bad != nil {
		return Result{}, bad
	}
	return Result{}, s.mismatch(p, f, got)
}

func (s *hmacScheme) matches(key []byte, f fields, sigs [][]byte) bool {
	want := s.signed.mac(s.alg, key, f)
	ok := false
	for _, sig := range sigs {
		// Compare against every signature so timing does not tell which matched.
		if hmac.Equal(want, sig) {
			ok = true
		}
	}
	return ok
}

func (s *hmacScheme) readTime(stamp string) (time.Time, error) {
	ts, err := s.tsUnit.parse(stamp)
	if err != nil {
		where := s.tsHeader
		if where == "" {
			where = s.header + " " + s.list.tsKey + "="
		}
		return time.Time{}, &VerifyError{Provider: s.name, Kind: ErrMalformedHeader, Detail: fmt.Sprintf("%s timestamp %q is not a valid time", where, clip(stamp))}
	}
	return ts, nil
}

// mismatch builds the "no matching signature" error with the likely cause.
func (s *hmacScheme) mismatch(p VerifyParams, f fields, got parsed) error {
	e := &VerifyError{Provider: s.name, Kind: ErrNoMatchingSignature,
		Detail: fmt.Sprintf("%s does not match the body with any of %d secret(s)", s.header, len(p.Secrets))}
	try := func(body []byte, url string, key []byte) bool {
		g := f
		g.body, g.url = body, url
		return s.matches(key, g, got.sigs)
	}
	e.Hint = diagnose(p, s.secret, s.signed.uses("url"), try)
	if p.Debug {
		key, _ := s.secret.key(p.Secrets[0])
		e.Detail += fmt.Sprintf("; debug: expected %s%s with secret #1", s.prefix, s.enc.encode(s.signed.mac(s.alg, key, f)))
	}
	return e
}

func methodOr(m string) string {
	if m == "" {
		return "POST"
	}
	return strings.ToUpper(m)
}

// clip keeps echoed header text short in messages.
func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}
