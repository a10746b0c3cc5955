package listen

import (
	"errors"
	"net/url"
	"strings"

	"github.com/hookctl/hookctl/sign"
	"github.com/hookctl/hookctl/webhook"
)

// Verification is the outcome of a request's signature check.
type Verification struct {
	Provider string
	// Detected is set when the provider was guessed from the headers.
	Detected bool
	Valid    bool
	// Code names the failure for machines ("timestamp_too_old"); Reason
	// and Hint explain it for people. All are empty when Valid.
	Code, Reason, Hint string
	// SecretIndex is which secret matched, when Valid.
	SecretIndex int
}

// codes names each sign sentinel in --json output.
var codes = []struct {
	err  error
	code string
}{
	{sign.ErrMissingHeader, "missing_header"},
	{sign.ErrMalformedHeader, "malformed_header"},
	{sign.ErrTimestampTooOld, "timestamp_too_old"},
	{sign.ErrTimestampTooNew, "timestamp_too_new"},
	{sign.ErrNoMatchingSignature, "signature_mismatch"},
	{sign.ErrNoSecret, "no_secret"},
	{sign.ErrBadSecret, "bad_secret"},
	{sign.ErrNeedURL, "need_url"},
}

// check picks the scheme, names the event and verifies the signature,
// recording all three on req and ev.
func (s *Server) check(req *webhook.Request, ev *Event) {
	scheme, detected := s.scheme(req)
	if scheme == nil {
		if s.requiresSignature() {
			ev.Verification = &Verification{Provider: "auto", Code: "unknown_provider", Reason: "no known provider's signature headers", Hint: "name the provider with --provider"}
			req.Verification = &webhook.Verification{Provider: "auto", Reason: ev.Verification.Reason, Hint: ev.Verification.Hint}
		}
		return
	}
	name := scheme.Info().Name
	req.Provider = name
	if et, ok := scheme.(sign.EventTyper); ok {
		req.Event = et.EventType(req.Headers, req.Body)
	}
	v := &Verification{Provider: name, Detected: detected}
	res, err := verify(scheme, sign.VerifyParams{
		Headers: req.Headers, Body: req.Body, URL: s.verifyURL(req), Method: req.Method,
		Secrets: s.secrets(name), Now: s.cfg.Now(), Tolerance: s.cfg.Tolerance,
	})
	if err == nil {
		v.Valid, v.SecretIndex = true, res.SecretIndex
	} else {
		s.explain(v, req, err)
	}
	ev.Verification = v
	req.Verification = &webhook.Verification{Provider: name, Valid: v.Valid, Reason: v.Reason, Hint: v.Hint}
}

// verify checks p with scheme. A scheme refuses the whole list when one
// secret is not in its form (a GitHub secret is not a Standard Webhooks
// whsec_ key), but with --provider auto the secrets are for several
// providers: then each is tried alone, and the first real failure is kept.
func verify(scheme sign.Scheme, p sign.VerifyParams) (sign.Result, error) {
	res, err := scheme.Verify(p)
	if !errors.Is(err, sign.ErrBadSecret) || len(p.Secrets) < 2 {
		return res, err
	}
	all := p.Secrets
	var real error
	for i, secret := range all {
		p.Secrets = []string{secret}
		r, e := scheme.Verify(p)
		switch {
		case e == nil:
			r.SecretIndex = i
			return r, nil
		case real == nil && !errors.Is(e, sign.ErrBadSecret):
			real = e
		}
	}
	if real != nil {
		return res, real
	}
	return res, err
}

// secrets are the provider's own secrets, if any, then the shared ones.
func (s *Server) secrets(provider string) []string {
	if s.cfg.SecretsFor == nil {
		return s.cfg.Secrets
	}
	return append(s.cfg.SecretsFor(provider), s.cfg.Secrets...)
}

func (s *Server) scheme(req *webhook.Request) (sign.Scheme, bool) {
	if s.cfg.Scheme != nil {
		return s.cfg.Scheme, false
	}
	if s.cfg.Detect != nil {
		if sc, ok := s.cfg.Detect(req.Headers); ok {
			return sc, true
		}
	}
	return nil, false
}

// explain fills the failure's code, reason and hint. When the signature
// header is missing and another provider's headers are present, that is
// the likely cause.
func (s *Server) explain(v *Verification, req *webhook.Request, err error) {
	v.Code, v.Reason = "error", err.Error()
	for _, c := range codes {
		if errors.Is(err, c.err) {
			v.Code = c.code
			break
		}
	}
	var ve *sign.VerifyError
	if errors.As(err, &ve) {
		v.Reason, v.Hint = ve.Kind.Error(), ve.Hint
		if ve.Detail != "" {
			v.Reason = ve.Detail
		}
	}
	if v.Hint == "" && errors.Is(err, sign.ErrMissingHeader) && s.cfg.Detect != nil {
		if other, ok := s.cfg.Detect(req.Headers); ok && other.Info().Name != v.Provider {
			v.Hint = "this looks like a " + other.Info().Title + " request: try --provider " + other.Info().Name
		}
	}
}

// verifyURL is the URL the provider signed, for schemes that sign it: the
// public URL when given, else the one the request came to, as a proxy in
// front reports it (X-Forwarded-Proto, -Host and -Prefix).
func (s *Server) verifyURL(req *webhook.Request) string {
	if s.cfg.PublicURL != "" {
		if u, err := url.Parse(s.cfg.PublicURL); err == nil {
			return webhook.JoinURL(u, req.Path).String()
		}
	}
	scheme, host := "http", req.Host
	if p := firstValue(req.Headers.Get("X-Forwarded-Proto")); p != "" {
		scheme = p
	}
	if h := firstValue(req.Headers.Get("X-Forwarded-Host")); h != "" {
		host = h
	}
	// A proxy that mounts the app under a prefix (the relay's /c/CHANNEL)
	// says so; the provider signed the URL with it.
	prefix := strings.TrimRight(firstValue(req.Headers.Get("X-Forwarded-Prefix")), "/")
	return scheme + "://" + host + prefix + req.Path
}

func firstValue(v string) string {
	first, _, _ := strings.Cut(v, ",")
	return strings.TrimSpace(first)
}

// handshake answers a provider's endpoint check when the request is one.
func (s *Server) handshake(req *webhook.Request, ev *Event) bool {
	scheme, _ := s.scheme(req)
	hs, ok := scheme.(sign.Handshaker)
	if !ok {
		return false
	}
	var secret string
	if all := s.secrets(scheme.Info().Name); len(all) > 0 {
		secret = all[0]
	}
	_, query, _ := strings.Cut(req.Path, "?")
	ans, ok := hs.Handshake(sign.HandshakeParams{Method: req.Method, Headers: req.Headers, Query: query, Body: req.Body, Secret: secret})
	if !ok {
		return false
	}
	if v := ev.Verification; v != nil && !v.Valid && v.Code == "missing_header" {
		// The check carries no signature (Dropbox's GET challenge): there
		// is nothing to verify, so nothing failed.
		ev.Verification, req.Verification = nil, nil
	}
	ev.Handshake = ans.Kind
	ev.Answer = Answer{Status: ans.Status, Body: ans.Body}
	if ev.Answer.Status == 0 {
		ev.Answer.Status = 200
	}
	for _, h := range ans.Headers {
		ev.Answer.Headers.Add(h.Name, h.Value)
	}
	return true
}
