package sign_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/hookctl/hookctl/sign"
)

type negCase struct {
	name   string
	params sign.VerifyParams
	want   error
}

// negativeCases builds the failures every scheme must catch from one good
// signed request.
func negativeCases(t *testing.T, s sign.Scheme) []negCase {
	sg := signFor(t, s)
	info := sg.info
	var out []negCase
	add := func(name string, want error, edit func(p *sign.VerifyParams)) {
		p := sg.verify
		p.Headers = append(sign.Headers(nil), sg.hdr...)
		edit(&p)
		out = append(out, negCase{name, p, want})
	}
	if info.Name != "gitlab" { // GitLab's token does not cover the body
		add("one body byte changed", sign.ErrNoMatchingSignature, func(p *sign.VerifyParams) { p.Body = tamper(info.Name, sg.body) })
	}
	add("wrong secret", sign.ErrNoMatchingSignature, func(p *sign.VerifyParams) { p.Secrets = []string{otherSecret(info)} })
	add("no secret", sign.ErrNoSecret, func(p *sign.VerifyParams) { p.Secrets = nil })
	if info.Timestamp {
		tol := info.Tolerance
		if tol == 0 {
			tol = 5 * time.Minute
		}
		add("stale timestamp", sign.ErrTimestampTooOld, func(p *sign.VerifyParams) { p.Now, p.Tolerance = signedAt.Add(tol+time.Minute), tol })
		if !info.PastOnly {
			add("future timestamp", sign.ErrTimestampTooNew, func(p *sign.VerifyParams) { p.Now, p.Tolerance = signedAt.Add(-tol-time.Minute), tol })
		}
	}
	if len(info.Headers) > 0 {
		add("missing header", sign.ErrMissingHeader, func(p *sign.VerifyParams) {
			h := p.Headers.(sign.Headers)
			var kept sign.Headers
			for _, kv := range h {
				if !containsFold(info.Headers, kv.Name) {
					kept = append(kept, kv)
				}
			}
			p.Headers = kept
		})
	}
	if m, ok := malformedCase(sg); ok {
		add("malformed header", sign.ErrMalformedHeader, m)
	}
	return out
}

// tamper changes one byte of what the scheme signs.
func tamper(name string, body []byte) []byte {
	b := bytes.Clone(body)
	if name == "mailgun" {
		// Mailgun signs the token in the body, not the rest of it.
		i := bytes.Index(b, []byte(`"token":"`)) + len(`"token":"`)
		b[i] ^= 1
		return b
	}
	i := bytes.IndexAny(b, "0123456789éa")
	b[i] ^= 1
	return b
}

func malformedCase(sg signed) (func(p *sign.VerifyParams), bool) {
	switch sg.info.Name {
	case "gitlab":
		return nil, false // the header is the secret itself: any text is well-formed
	case "mailgun":
		return func(p *sign.VerifyParams) {
			p.Body = []byte(strings.Replace(string(p.Body), `"signature":"`, `"signature":"zz`, 1))
		}, true
	}
	return func(p *sign.VerifyParams) {
		h := p.Headers.(sign.Headers)
		for i := range h {
			if strings.EqualFold(h[i].Name, sg.info.Headers[0]) {
				h[i].Value = "!!not a signature!!"
			}
		}
	}, true
}

func containsFold(list []string, s string) bool {
	for _, v := range list {
		if strings.EqualFold(v, s) {
			return true
		}
	}
	return false
}
