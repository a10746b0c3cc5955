package sign_test

import (
	"net/http"
	"testing"

	"github.com/hookctl/hookctl/sign"
)

func TestHandshakes(t *testing.T) {
	for _, c := range []struct {
		provider string
		p        sign.HandshakeParams
		status   int
		body     string
		header   [2]string
	}{
		{"slack", sign.HandshakeParams{Method: "POST", Body: []byte(`{"token":"t","challenge":"3eZbrw1a","type":"url_verification"}`)}, 200, "3eZbrw1a", [2]string{"Content-Type", "text/plain; charset=utf-8"}},
		// The encryptedToken is HMAC-SHA256("secret-token", "qgg8vlvZRS6UYooatFL8Aw"), hex, computed independently.
		{"zoom", sign.HandshakeParams{Method: "POST", Secret: "secret-token", Body: []byte(`{"payload":{"plainToken":"qgg8vlvZRS6UYooatFL8Aw"},"event_ts":1654503849680,"event":"endpoint.url_validation"}`)}, 200,
			`{"encryptedToken":"` + hexHMAC("secret-token", "qgg8vlvZRS6UYooatFL8Aw") + `","plainToken":"qgg8vlvZRS6UYooatFL8Aw"}`, [2]string{"Content-Type", "application/json"}},
		{"twitch", sign.HandshakeParams{Method: "POST", Headers: http.Header{"Twitch-Eventsub-Message-Type": {"webhook_callback_verification"}}, Body: []byte(`{"challenge":"pogchamp-kappa-360noscope-vohiyo"}`)}, 200, "pogchamp-kappa-360noscope-vohiyo", [2]string{"Content-Type", "text/plain; charset=utf-8"}},
		{"dropbox", sign.HandshakeParams{Method: "GET", Query: "challenge=abc123"}, 200, "abc123", [2]string{"X-Content-Type-Options", "nosniff"}},
	} {
		s, _ := sign.Lookup(c.provider)
		hs, ok := s.(sign.Handshaker)
		if !ok {
			t.Errorf("%s is not a Handshaker", c.provider)
			continue
		}
		a, ok := hs.Handshake(c.p)
		if !ok {
			t.Errorf("%s: not recognised as a handshake", c.provider)
			continue
		}
		if a.Status != c.status || string(a.Body) != c.body || sign.Headers(a.Headers).Get(c.header[0]) != c.header[1] || a.Kind == "" {
			t.Errorf("%s: answer %d %q %v", c.provider, a.Status, a.Body, a.Headers)
		}
	}
}

func TestHandshakeIgnoresEvents(t *testing.T) {
	s, _ := sign.Lookup("slack")
	if _, ok := s.(sign.Handshaker).Handshake(sign.HandshakeParams{Method: "POST", Body: []byte(`{"type":"event_callback"}`)}); ok {
		t.Error("an ordinary event was taken for a handshake")
	}
}
