package sign

import (
	"crypto/ed25519"
	"crypto/hmac"
	"fmt"
	"strings"
	"time"
)

// stdWebhooks is the Standard Webhooks scheme (Svix, Clerk, Resend, OpenAI,
// Replicate): "{id}.{timestamp}.{body}", signed v1 (HMAC-SHA256 under the
// base64-decoded whsec_ secret) or v1a (Ed25519 with whsk_/whpk_ keys),
// several space-separated "version,signature" entries in one header.
type stdWebhooks struct {
	name, title, docs string
	aliases           []string
	// prefix is the header family sent when signing: "webhook" or "svix".
	// Verification accepts both, as Svix's libraries do.
	prefix string
}

func standardWebhooks(name, title, prefix string, aliases []string, docs string) Scheme {
	return decorate(stdWebhooks{name: name, title: title, prefix: prefix, aliases: aliases, docs: docs}, bodyField("type"), nil)
}

const stdTolerance = 300 * time.Second

func (s stdWebhooks) Info() Info {
	return Info{Name: s.name, Aliases: s.aliases, Title: s.title, Docs: s.docs,
		Headers:   []string{s.prefix + "-signature", s.prefix + "-id", s.prefix + "-timestamp"},
		Timestamp: true, Tolerance: stdTolerance,
		Algorithm: "HMAC-SHA256 (whsec_) or Ed25519 (whsk_/whpk_), base64"}
}

func (s stdWebhooks) detectScore(h HeaderGetter) int {
	score := 0
	for _, fam := range []string{"webhook", "svix"} {
		score = max(score, scoreHeaders(h, fam+"-signature", []string{fam + "-id", fam + "-timestamp"}, nil))
	}
	return score
}

func (s stdWebhooks) content(id, stamp string, body []byte) [][]byte {
	return [][]byte{[]byte(id + "." + stamp + "."), body}
}

func (s stdWebhooks) Sign(p SignParams) ([]Header, error) {
	if p.Secret == "" {
		return nil, ErrNoSecret
	}
	if p.Timestamp.IsZero() {
		return nil, ErrNoTimestamp
	}
	id := p.ID
	if id == "" {
		id = newID()
	}
	stamp := unixSeconds.format(p.Timestamp)
	var sig string
	if isAsymmetricKey(p.Secret) {
		priv, err := parseEd25519Private(p.Secret)
		if err != nil {
			return nil, err
		}
		sig = "v1a," + base64Enc.encode(ed25519.Sign(priv, concat(s.content(id, stamp, p.Body))))
	} else {
		key, err := secretWhsec.key(p.Secret)
		if err != nil {
			return nil, err
		}
		sig = "v1," + base64Enc.encode(macOf(sha256Alg, key, s.content(id, stamp, p.Body)...))
	}
	return []Header{{Name: s.prefix + "-signature", Value: sig}, {Name: s.prefix + "-id", Value: id}, {Name: s.prefix + "-timestamp", Value: stamp}}, nil
}

func isAsymmetricKey(secret string) bool {
	return strings.HasPrefix(secret, "whsk_") || strings.HasPrefix(secret, "whpk_") || strings.Contains(secret, "-----BEGIN")
}

// stdSigs are the entries of a signature header by version.
type stdSigs struct{ v1, v1a [][]byte }

func (s stdWebhooks) read(h HeaderGetter) (fam string, sigs stdSigs, err error) {
	fam = "webhook"
	if get(h, "webhook-signature") == "" && get(h, "svix-signature") != "" {
		fam = "svix"
	}
	for _, name := range []string{"signature", "id", "timestamp"} {
		if get(h, fam+"-"+name) == "" {
			return fam, sigs, missing(s.name, fam+"-"+name, h)
		}
	}
	for _, entry := range strings.Fields(get(h, fam+"-signature")) {
		ver, sig, _ := strings.Cut(entry, ",")
		b, ok := base64Enc.decode(sig)
		switch {
		case !ok:
		case ver == "v1":
			sigs.v1 = append(sigs.v1, b)
		case ver == "v1a":
			sigs.v1a = append(sigs.v1a, b)
		}
	}
	if len(sigs.v1)+len(sigs.v1a) == 0 {
		return fam, sigs, malformed(s.name, "%s-signature has no v1,<base64> or v1a,<base64> entry", fam)
	}
	return fam, sigs, nil
}

func (s stdWebhooks) Verify(p VerifyParams) (Result, error) {
	if len(p.Secrets) == 0 {
		return Result{}, &VerifyError{Provider: s.name, Kind: ErrNoSecret, Detail: "no secret given to verify with"}
	}
	fam, sigs, err := s.read(p.Headers)
	if err != nil {
		return Result{}, err
	}
	id, stamp := get(p.Headers, fam+"-id"), get(p.Headers, fam+"-timestamp")
	ts, err := unixSeconds.parse(stamp)
	if err != nil {
		return Result{}, malformed(s.name, "%s-timestamp %q is not Unix seconds", fam, clip(stamp))
	}
	if err := (window{tolerance: stdTolerance}).check(s.name, ts, p); err != nil {
		return Result{}, err
	}
	res := Result{Provider: s.name, Timestamp: ts, ID: id}
	try := func(body []byte, _ string, key []byte) bool {
		return matchAny(macOf(sha256Alg, key, s.content(id, stamp, body)...), sigs.v1)
	}
	for i, secret := range p.Secrets {
		ok, err := s.matchSecret(secret, id, stamp, p.Body, sigs, try)
		if err != nil {
			return Result{}, &VerifyError{Provider: s.name, Kind: ErrBadSecret, Detail: fmt.Sprintf("secret #%d: %v", i+1, err)}
		}
		if ok {
			res.SecretIndex = i
			return res, nil
		}
	}
	e := &VerifyError{Provider: s.name, Kind: ErrNoMatchingSignature,
		Detail: fmt.Sprintf("%s-signature does not match the body with any of %d secret(s)", fam, len(p.Secrets))}
	e.Hint = diagnose(p, secretWhsec, false, try)
	if p.Debug && !isAsymmetricKey(p.Secrets[0]) {
		if key, err := secretWhsec.key(p.Secrets[0]); err == nil {
			e.Detail += "; debug: expected v1," + base64Enc.encode(macOf(sha256Alg, key, s.content(id, stamp, p.Body)...))
		}
	}
	return Result{}, e
}

func (s stdWebhooks) matchSecret(secret, id, stamp string, body []byte, sigs stdSigs, try tryFunc) (bool, error) {
	if isAsymmetricKey(secret) {
		pub, err := parseEd25519Public(secret)
		if err != nil {
			return false, err
		}
		msg := concat(s.content(id, stamp, body))
		for _, sig := range sigs.v1a {
			if ed25519.Verify(pub, msg, sig) {
				return true, nil
			}
		}
		return false, nil
	}
	key, err := secretWhsec.key(secret)
	if err != nil {
		return false, err
	}
	return try(body, "", key), nil
}

// matchAny compares want with every candidate in constant time each.
func matchAny(want []byte, sigs [][]byte) bool {
	ok := false
	for _, sig := range sigs {
		if hmac.Equal(want, sig) {
			ok = true
		}
	}
	return ok
}

func concat(parts [][]byte) []byte {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	out := make([]byte, 0, n)
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}
