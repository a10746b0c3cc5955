package sign

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// mailgun's signature lives in the body: signature.timestamp, .token and
// .signature (JSON webhooks) or the same three form fields (legacy),
// HMAC-SHA256 of timestamp+token under the webhook signing key, hex.
type mailgun struct{}

func (mailgun) Info() Info {
	return Info{Name: "mailgun", Title: "Mailgun", Headers: []string{}, Timestamp: true,
		Algorithm: "HMAC-SHA256, hex (signature object in the body)",
		Docs:      "https://documentation.mailgun.com/docs/mailgun/user-manual/tracking-messages/#securing-webhooks"}
}

// detectScore is 0: nothing in the headers says Mailgun.
func (mailgun) detectScore(HeaderGetter) int { return 0 }

type mailgunSig struct {
	Timestamp string `json:"timestamp"`
	Token     string `json:"token"`
	Signature string `json:"signature"`
}

var errMailgunSignsBody = errors.New("mailgun puts its signature in the body, not in headers: sign with SignBody (hookctl sign does this)")

func (mailgun) Sign(SignParams) ([]Header, error) { return nil, errMailgunSignsBody }

// SignBody returns the body with its signature fields set.
func (mailgun) SignBody(p SignParams) ([]byte, []Header, error) {
	if p.Secret == "" {
		return nil, nil, ErrNoSecret
	}
	if p.Timestamp.IsZero() {
		return nil, nil, ErrNoTimestamp
	}
	sig := mailgunSig{Timestamp: unixSeconds.format(p.Timestamp), Token: p.ID}
	if sig.Token == "" {
		sig.Token = strings.TrimPrefix(newID(), "msg_") + strings.TrimPrefix(newID(), "msg_")
	}
	sig.Signature = hexEnc.encode(macOf(sha256Alg, []byte(p.Secret), []byte(sig.Timestamp+sig.Token)))
	if form, err := url.ParseQuery(string(p.Body)); err == nil && !isJSONObject(p.Body) && strings.Contains(string(p.Body), "=") {
		form.Set("timestamp", sig.Timestamp)
		form.Set("token", sig.Token)
		form.Set("signature", sig.Signature)
		return []byte(form.Encode()), nil, nil
	}
	doc := map[string]json.RawMessage{}
	if len(strings.TrimSpace(string(p.Body))) > 0 {
		if err := json.Unmarshal(p.Body, &doc); err != nil {
			return nil, nil, fmt.Errorf("mailgun: the body must be a JSON object or form fields: %v", err)
		}
	}
	doc["signature"], _ = json.Marshal(sig)
	out, err := json.Marshal(doc)
	return out, nil, err
}

func (mailgun) read(body []byte) (mailgunSig, error) {
	var doc struct {
		Signature *mailgunSig `json:"signature"`
	}
	if json.Unmarshal(body, &doc) == nil && doc.Signature != nil {
		return *doc.Signature, nil
	}
	if form, err := url.ParseQuery(string(body)); err == nil && form.Has("signature") {
		return mailgunSig{form.Get("timestamp"), form.Get("token"), form.Get("signature")}, nil
	}
	return mailgunSig{}, &VerifyError{Provider: "mailgun", Kind: ErrMissingHeader, Detail: "the body has no signature object (Mailgun signs inside the body)"}
}

func (m mailgun) Verify(p VerifyParams) (Result, error) {
	if len(p.Secrets) == 0 {
		return Result{}, &VerifyError{Provider: "mailgun", Kind: ErrNoSecret, Detail: "no webhook signing key given to verify with"}
	}
	sig, err := m.read(p.Body)
	if err != nil {
		return Result{}, err
	}
	want, ok := hexEnc.decode(sig.Signature)
	if !ok || sig.Timestamp == "" || sig.Token == "" {
		return Result{}, malformed("mailgun", "the body's signature needs timestamp, token and a hex signature")
	}
	ts, err := unixSeconds.parse(sig.Timestamp)
	if err != nil {
		return Result{}, malformed("mailgun", "signature.timestamp %q is not Unix seconds", clip(sig.Timestamp))
	}
	// Mailgun sets no window; one is checked only when asked for.
	if p.Tolerance > 0 {
		if err := (window{}).check("mailgun", ts, p); err != nil {
			return Result{}, err
		}
	}
	for i, key := range p.Secrets {
		if matchAny(macOf(sha256Alg, []byte(key), []byte(sig.Timestamp+sig.Token)), [][]byte{want}) {
			return Result{Provider: "mailgun", SecretIndex: i, Timestamp: ts, ID: sig.Token}, nil
		}
	}
	e := &VerifyError{Provider: "mailgun", Kind: ErrNoMatchingSignature,
		Detail: fmt.Sprintf("signature does not match timestamp+token with any of %d key(s)", len(p.Secrets)),
		Hint:   "use the HTTP webhook signing key, not the API key"}
	if p.Debug {
		e.Detail += "; debug: expected " + hexEnc.encode(macOf(sha256Alg, []byte(p.Secrets[0]), []byte(sig.Timestamp+sig.Token)))
	}
	return Result{}, e
}

// EventType is event-data.event ("delivered", "opened").
func (mailgun) EventType(_ HeaderGetter, body []byte) string {
	return jsonString(body, "event-data.event")
}
