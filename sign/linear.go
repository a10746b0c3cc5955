package sign

import (
	"bytes"
	"fmt"
	"strconv"
	"time"
)

// linear signs the raw body (HMAC-SHA256, hex, Linear-Signature); the
// timestamp it checks, ±60 s, is the body's webhookTimestamp in
// milliseconds. Linear-Timestamp is sent but not signed; the SDK ignores it.
type linear struct{}

const (
	linearSig = "Linear-Signature"
	linearTS  = "Linear-Timestamp"
)

var linearWindow = window{tolerance: 60 * time.Second}

func (linear) Info() Info {
	return Info{Name: "linear", Title: "Linear", Headers: []string{linearSig, linearTS}, Timestamp: true,
		Tolerance: linearWindow.tolerance, Algorithm: "HMAC-SHA256, hex (timestamp in the body)",
		Docs: "https://linear.app/developers/webhooks#securing-webhooks"}
}

func (linear) detectScore(h HeaderGetter) int {
	return scoreHeaders(h, linearSig, []string{linearTS}, []string{"Linear-Delivery", "Linear-Event"})
}

// bodyStamp is the body's webhookTimestamp, as text of milliseconds. It
// scans for the field rather than decoding the whole body: verification
// should cost little more than the HMAC.
func (linear) bodyStamp(body []byte) string {
	key := []byte(`"webhookTimestamp"`)
	i := bytes.Index(body, key)
	if i < 0 {
		return ""
	}
	rest := bytes.TrimLeft(body[i+len(key):], " \t\r\n")
	if len(rest) == 0 || rest[0] != ':' {
		return ""
	}
	rest = bytes.TrimLeft(rest[1:], " \t\r\n")
	n := 0
	for n < len(rest) && rest[n] >= '0' && rest[n] <= '9' {
		n++
	}
	return string(rest[:n])
}

func (l linear) Sign(p SignParams) ([]Header, error) {
	if p.Secret == "" {
		return nil, ErrNoSecret
	}
	stamp := l.bodyStamp(p.Body)
	if stamp == "" {
		return nil, fmt.Errorf("linear signs the webhookTimestamp inside the body and this body has none: sign with SignBody, which adds it")
	}
	sig := hexEnc.encode(macOf(sha256Alg, []byte(p.Secret), p.Body))
	return []Header{{Name: linearSig, Value: sig}, {Name: linearTS, Value: stamp}}, nil
}

// SignBody adds webhookTimestamp to a JSON object body that lacks it,
// without re-serialising the rest, then signs.
func (l linear) SignBody(p SignParams) ([]byte, []Header, error) {
	if l.bodyStamp(p.Body) == "" && !p.Timestamp.IsZero() {
		trimmed := bytes.TrimSpace(p.Body)
		field := `"webhookTimestamp":` + unixMillis.format(p.Timestamp)
		switch {
		case len(trimmed) == 0 || bytes.Equal(trimmed, []byte("{}")):
			p.Body = []byte("{" + field + "}")
		case trimmed[0] == '{':
			i := bytes.IndexByte(p.Body, '{')
			p.Body = append(append(append([]byte{}, p.Body[:i+1]...), field+","...), p.Body[i+1:]...)
		}
	}
	h, err := l.Sign(p)
	return p.Body, h, err
}

func (l linear) Verify(p VerifyParams) (Result, error) {
	if len(p.Secrets) == 0 {
		return Result{}, &VerifyError{Provider: "linear", Kind: ErrNoSecret, Detail: "no secret given to verify with"}
	}
	v := get(p.Headers, linearSig)
	if v == "" {
		return Result{}, missing("linear", linearSig, p.Headers)
	}
	sig, ok := hexEnc.decode(v)
	if !ok {
		return Result{}, malformed("linear", "%s is not hex", linearSig)
	}
	// Only the body's timestamp is signed; Linear's SDK ignores the header.
	stamp := l.bodyStamp(p.Body)
	if stamp == "" {
		return Result{}, &VerifyError{Provider: "linear", Kind: ErrMissingHeader, Detail: "the body has no webhookTimestamp (Linear signs the time inside the body; the " + linearTS + " header is not trusted)"}
	}
	ms, err := strconv.ParseInt(stamp, 10, 64)
	if err != nil {
		return Result{}, malformed("linear", "webhookTimestamp %q is not milliseconds", clip(stamp))
	}
	ts := time.UnixMilli(ms)
	if err := linearWindow.check("linear", ts, p); err != nil {
		return Result{}, err
	}
	try := func(body []byte, _ string, key []byte) bool {
		return matchAny(macOf(sha256Alg, key, body), [][]byte{sig})
	}
	for i, secret := range p.Secrets {
		if try(p.Body, "", []byte(secret)) {
			return Result{Provider: "linear", SecretIndex: i, Timestamp: ts}, nil
		}
	}
	e := &VerifyError{Provider: "linear", Kind: ErrNoMatchingSignature,
		Detail: fmt.Sprintf("%s does not match the body with any of %d secret(s)", linearSig, len(p.Secrets))}
	e.Hint = diagnose(p, secretRaw, false, try)
	if p.Debug {
		e.Detail += "; debug: expected " + hexEnc.encode(macOf(sha256Alg, []byte(p.Secrets[0]), p.Body))
	}
	return Result{}, e
}

// EventType is "Issue.create": the body's type and action.
func (linear) EventType(h HeaderGetter, body []byte) string {
	return joined(bodyField("type"), bodyField("action"))(h, body)
}
