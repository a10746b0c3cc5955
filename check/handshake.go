package check

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"time"

	"github.com/hookctl/hookctl/sign"
	"github.com/hookctl/hookctl/webhook"
)

// handshakeSpec builds a provider's endpoint check. The right answer comes
// from the sign package's Handshaker, so check and listen agree on it.
type handshakeSpec struct {
	build func(challenge string, at time.Time) Event
	// expect is the right answer in a few words, for the scorecard; fix
	// says how to give it.
	expect, fix string
	// jsonKey, if set, lets a JSON object carry the plain-text answer under
	// that key (Slack takes the challenge as text or as JSON).
	jsonKey string
}

func slackHandshake() *handshakeSpec {
	return &handshakeSpec{expect: "200 + challenge", jsonKey: "challenge",
		fix: `answer a signed url_verification with 200 and its challenge, as text or {"challenge": "…"}`,
		build: func(challenge string, at time.Time) Event {
			body := fmt.Sprintf(`{"token":"hookctlVerificationToken","challenge":%q,"type":"url_verification"}`, challenge)
			return Event{Type: "url_verification", Body: []byte(body), At: at, Headers: webhook.NewHeaders("Content-Type", jsonType)}
		}}
}

func zoomHandshake() *handshakeSpec {
	return &handshakeSpec{expect: "200 + tokens",
		fix: `answer endpoint.url_validation with {"plainToken": …, "encryptedToken": hex HMAC-SHA256 of plainToken under the secret token}`,
		build: func(challenge string, at time.Time) Event {
			body := fmt.Sprintf(`{"payload":{"plainToken":%q},"event_ts":%d,"event":"endpoint.url_validation"}`, challenge, at.UnixMilli())
			return Event{Type: "endpoint.url_validation", Body: []byte(body), At: at, Headers: webhook.NewHeaders("Content-Type", jsonType)}
		}}
}

func twitchHandshake() *handshakeSpec {
	return &handshakeSpec{expect: "200 + challenge",
		fix: "answer webhook_callback_verification with 200 and the challenge as the whole text/plain body",
		build: func(challenge string, at time.Time) Event {
			id := newUUID()
			body := fmt.Sprintf(`{"challenge":%q,"subscription":{"id":"f1c2a387-161a-49f9-a165-0f21d7a4e1c4",`+
				`"status":"webhook_callback_verification_pending","type":"channel.follow","version":"2","cost":0,`+
				`"condition":{"broadcaster_user_id":"12826"},"transport":{"method":"webhook","callback":"https://example.com/webhooks/twitch"},`+
				`"created_at":%q}}`, challenge, at.UTC().Format(time.RFC3339Nano))
			return Event{Type: "webhook_callback_verification", ID: id, Body: []byte(body), At: at, Headers: webhook.NewHeaders(
				"Content-Type", jsonType, "Twitch-Eventsub-Message-Id", id,
				"Twitch-Eventsub-Message-Type", "webhook_callback_verification",
				"Twitch-Eventsub-Subscription-Type", "channel.follow", "Twitch-Eventsub-Subscription-Version", "2")}
		}}
}

// handshake sends the provider's endpoint check, signed as the provider
// signs it, and compares the answer with the one the provider wants.
func (r *runner) handshake(ctx context.Context) Result {
	spec := r.prof.handshake
	hs, ok := r.opts.Scheme.(sign.Handshaker)
	if spec == nil || !ok {
		return skipped(r.info.Title + " has no endpoint handshake that hookctl can send")
	}
	ev := spec.build(randomToken(alnum, 32), r.now)
	req, err := r.request(ev, how{secret: r.opts.Secret})
	if err != nil {
		return skipped("hookctl could not sign the handshake: " + err.Error())
	}
	want, ok := hs.Handshake(sign.HandshakeParams{Method: http.MethodPost, Headers: req.Headers, Body: req.Body, Secret: r.opts.Secret})
	if !ok || want.Status >= 300 {
		return skipped("hookctl could not work out the right answer to its " + r.info.Title + " handshake")
	}
	d, resp := r.deliver(ctx, want.Kind, ev, how{})
	res := Result{Expected: spec.expect, Got: answer(d), Deliveries: []Delivery{d}}
	if resp == nil || !is2xx(d) {
		return res
	}
	if matchesAnswer(want.Body, resp.Body, spec.jsonKey) {
		res.Passed = true
		return res
	}
	res.Got += " with " + quoteShort(resp.Body)
	return res
}

// matchesAnswer accepts the exact answer, a JSON object holding every field
// of a JSON answer, or the plain answer under jsonKey of a JSON object.
func matchesAnswer(want, got []byte, jsonKey string) bool {
	want, got = bytes.TrimSpace(want), bytes.TrimSpace(got)
	if bytes.Equal(want, got) {
		return true
	}
	var g map[string]any
	if json.Unmarshal(got, &g) != nil {
		return false
	}
	if jsonKey != "" {
		s, ok := g[jsonKey].(string)
		return ok && s == string(want)
	}
	var w map[string]any
	if json.Unmarshal(want, &w) != nil || len(w) == 0 {
		return false
	}
	for k, v := range w {
		if !reflect.DeepEqual(g[k], v) {
			return false
		}
	}
	return true
}

// quoteShort quotes the start of an answer's body for the scorecard.
func quoteShort(b []byte) string {
	s := string(bytes.TrimSpace(b))
	if len(s) == 0 {
		return "an empty body"
	}
	if len(s) > 48 {
		s = s[:48] + "…"
	}
	return fmt.Sprintf("%q", s)
}
