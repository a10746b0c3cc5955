package sign

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
)

func textAnswer(kind, body string, extra ...Header) HandshakeAnswer {
	h := append([]Header{{Name: "Content-Type", Value: "text/plain; charset=utf-8"}}, extra...)
	return HandshakeAnswer{Status: http.StatusOK, Headers: h, Body: []byte(body), Kind: kind}
}

func jsonAnswer(kind string, v any) HandshakeAnswer {
	b, _ := json.Marshal(v) // maps of strings always marshal
	return HandshakeAnswer{Status: http.StatusOK, Headers: []Header{{Name: "Content-Type", Value: "application/json"}}, Body: b, Kind: kind}
}

// slackHandshake answers the Events API url_verification with the
// challenge, as plain text (Slack accepts text or JSON).
func slackHandshake(p HandshakeParams) (HandshakeAnswer, bool) {
	if jsonString(p.Body, "type") != "url_verification" {
		return HandshakeAnswer{}, false
	}
	return textAnswer("slack url_verification", jsonString(p.Body, "challenge")), true
}

// zoomHandshake answers endpoint.url_validation: the plain token and its
// HMAC-SHA256 under the secret token, hex.
func zoomHandshake(p HandshakeParams) (HandshakeAnswer, bool) {
	if jsonString(p.Body, "event") != "endpoint.url_validation" {
		return HandshakeAnswer{}, false
	}
	plain := jsonString(p.Body, "payload.plainToken")
	if p.Secret == "" {
		return HandshakeAnswer{Status: http.StatusInternalServerError, Body: []byte("zoom endpoint.url_validation needs the secret token (--secret)\n"), Kind: "zoom endpoint.url_validation"}, true
	}
	enc := hexEnc.encode(macOf(sha256Alg, []byte(p.Secret), []byte(plain)))
	return jsonAnswer("zoom endpoint.url_validation", map[string]string{"plainToken": plain, "encryptedToken": enc}), true
}

// twitchHandshake answers webhook_callback_verification with the challenge
// as text/plain, which Twitch requires.
func twitchHandshake(p HandshakeParams) (HandshakeAnswer, bool) {
	if get(p.Headers, "Twitch-Eventsub-Message-Type") != "webhook_callback_verification" {
		return HandshakeAnswer{}, false
	}
	return textAnswer("twitch webhook_callback_verification", jsonString(p.Body, "challenge")), true
}

// dropboxHandshake echoes the GET ?challenge= with the headers Dropbox's
// docs ask for, so a browser cannot be tricked into sniffing it as HTML.
func dropboxHandshake(p HandshakeParams) (HandshakeAnswer, bool) {
	if !strings.EqualFold(p.Method, http.MethodGet) {
		return HandshakeAnswer{}, false
	}
	q, err := url.ParseQuery(p.Query)
	if err != nil || !q.Has("challenge") {
		return HandshakeAnswer{}, false
	}
	return textAnswer("dropbox challenge", q.Get("challenge"), Header{Name: "X-Content-Type-Options", Value: "nosniff"}), true
}

// asanaHandshake echoes X-Hook-Secret, which Asana sends once when a
// webhook is created.
func asanaHandshake(p HandshakeParams) (HandshakeAnswer, bool) {
	secret := get(p.Headers, "X-Hook-Secret")
	if secret == "" {
		return HandshakeAnswer{}, false
	}
	return HandshakeAnswer{Status: http.StatusOK, Headers: []Header{{Name: "X-Hook-Secret", Value: secret}}, Kind: "asana X-Hook-Secret"}, true
}

// discordHandshake answers an interactions PING (type 1) with a PONG.
func discordHandshake(p HandshakeParams) (HandshakeAnswer, bool) {
	var v struct {
		Type *int `json:"type"`
	}
	if json.Unmarshal(p.Body, &v) != nil || v.Type == nil || *v.Type != 1 {
		return HandshakeAnswer{}, false
	}
	return HandshakeAnswer{Status: http.StatusOK, Headers: []Header{{Name: "Content-Type", Value: "application/json"}}, Body: []byte(`{"type":1}`), Kind: "discord PING"}, true
}
