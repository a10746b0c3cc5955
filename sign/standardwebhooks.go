package sign

import (
	"cmp"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha256"
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

// mac is the v1 HMAC, written piece by piece so the body is not copied.
func (s stdWebhooks) mac(key []byte, id, stamp string, body []byte) []byte {
	m := hmac.New(sha256.New, key)
	var buf [96]byte // id and timestamp fit here in practice: one small write
	head := append(append(append(append(buf[:0], id...), '.'), stamp...), '.')
	m.Write(head)
	m.Write(body)
	return m.Sum(make([]byte, 0, sha256.Size))
}

func (s stdWebhooks) Sign(p SignParams) ([]Header, error) {
	if p.Secret == "" {
		return nil, ErrNoSecret
	}
	if p.Timestamp.IsZero() {
		return nil, ErrNoTimestamp
	}
	id, err := messageID(p.ID)
	if err != nil {
		return nil, err
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
		var sigs []string
		for _, secret := range append([]string{p.Secret}, p.ExtraSecrets...) {
			key, err := secretWhsec.key(secret)
			if err != nil {
				return nil, err
			}
			sigs = append(sigs, "v1,"+base64Enc.encode(s.mac(key, id, stamp, p.Body)))
		}
		sig = strings.Join(sigs, " ")
	}
	return []Header{{Name: s.prefix + "-signature", Value: sig}, {Name: s.prefix + "-id", Value: id}, {Name: s.prefix + "-timestamp", Value: stamp}}, nil
}

func isAsymmetricKey(secret string) bool {
	return strings.HasPrefix(secret, "whsk_") || strings.HasPrefix(secret, "whpk_") || strings.Contains(secret, "-----BEGIN")
}

// stdSigs are the entries of a signature header by version.
type stdSigs struct{ v1, v1a [][]byte }

// stdRequest is what a request's three headers say.
type stdRequest struct {
	fam, id, stamp string
	sigs           stdSigs
}

func (s stdWebhooks) read(h HeaderGetter) (stdRequest, error) {
	r := stdRequest{fam: "webhook"}
	sig := get(h, "webhook-signature")
	if sig == "" {
		if sig = get(h, "svix-signature"); sig != "" {
			r.fam = "svix"
		}
	}
	r.id, r.stamp = get(h, r.fam+"-id"), get(h, r.fam+"-timestamp")
	for _, c := range [][2]string{{sig, "signature"}, {r.id, "id"}, {r.stamp, "timestamp"}} {
		if c[0] == "" {
			return r, missing(s.name, r.fam+"-"+c[1], h)
		}
	}
	for rest := sig; rest != ""; {
		var entry string
		entry, rest, _ = strings.Cut(rest, " ")
		ver, sig, _ := strings.Cut(entry, ",")
		b, ok := base64Enc.decode(sig)
		switch {
		case !ok:
		case ver == "v1":
			r.sigs.v1 = append(r.sigs.v1, b)
		case ver == "v1a":
			r.sigs.v1a = append(r.sigs.v1a, b)
		}
	}
	if len(r.sigs.v1)+len(r.sigs.v1a) == 0 {
		return r, malformed(s.name, "%s-signature has no v1,<base64> or v1a,<base64> entry", r.fam)
	}
	return r, nil
}

func (s stdWebhooks) Verify(p VerifyParams) (Result, error) {
	if len(p.Secrets) == 0 {
		return Result{}, &VerifyError{Provider: s.name, Kind: ErrNoSecret, Detail: "no secret given to verify with"}
	}
	r, err := s.read(p.Headers)
	if err != nil {
		return Result{}, err
	}
	fam, id, stamp, sigs := r.fam, r.id, r.stamp, r.sigs
	ts, err := unixSeconds.parse(stamp)
	if err != nil {
		return Result{}, malformed(s.name, "%s-timestamp %q is not Unix seconds", fam, clip(stamp))
	}
	if err := (window{tolerance: stdTolerance}).check(s.name, ts, p); err != nil {
		return Result{}, err
	}
	res := Result{Provider: s.name, Timestamp: ts, ID: id}
	try := func(body []byte, _ string, key []byte) bool {
		return matchAny(s.mac(key, id, stamp, body), sigs.v1)
	}
	var bad error
	for i, secret := range p.Secrets {
		ok, err := s.matchSecret(secret, id, stamp, p.Body, sigs, try)
		if err != nil {
			// Another secret in the list may still match (rotation, or
			// secrets of several providers): report this one only if none does.
			bad = cmp.Or(bad, error(&VerifyError{Provider: s.name, Kind: ErrBadSecret, Detail: fmt.Sprintf("secret #%d: %v", i+1, err)}))
			continue
		}
		if ok {
			res.SecretIndex = i
			return res, nil
		}
	}
	if bad != nil {
		return Result{}, bad
	}
	e := &VerifyError{Provider: s.name, Kind: ErrNoMatchingSignature,
		Detail: fmt.Sprintf("%s-signature does not match the body with any of %d secret(s)", fam, len(p.Secrets))}
	e.Hint = diagnose(p, secretWhsec, false, try)
	if p.Debug && !isAsymmetricKey(p.Secrets[0]) {
		if key, err := secretWhsec.key(p.Secrets[0]); err == nil {
			e.Detail += "; debug: expected v1," + base64Enc.encode(s.mac(key, id, stamp, p.Body))
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
