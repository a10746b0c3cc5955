package check

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/hookctl/hookctl/sign"
)

// The apps under test: real HTTP servers written the way people write
// webhook endpoints, one careful and one naive. Each counts the effects of
// every event id and serves the counts at /effects?id=, the contract of
// --side-effect-url. What they receive goes over a channel to the test.

// seen is one request an app received.
type seen struct {
	Header http.Header
	Body   []byte
	Status int
}

// app is a webhook endpoint under test.
type app struct {
	srv     *httptest.Server
	seen    chan seen
	mu      sync.Mutex
	effects map[string]int
}

// idOf is where each provider puts the id its retries repeat, written out
// from the providers' docs rather than taken from the check package.
func idOf(provider string, h http.Header, body []byte) string {
	switch provider {
	case "github":
		return h.Get("X-GitHub-Delivery")
	case "standard-webhooks":
		return h.Get("Webhook-Id")
	case "twitch":
		return h.Get("Twitch-Eventsub-Message-Id")
	case "shopify":
		return h.Get("X-Shopify-Webhook-Id")
	case "twilio":
		return h.Get("I-Twilio-Idempotency-Token")
	case "slack":
		return jsonField(body, "event_id")
	case "zoom":
		return string(body)
	}
	return jsonField(body, "id")
}

func jsonField(body []byte, name string) string {
	var v map[string]any
	_ = json.Unmarshal(body, &v)
	s, _ := v[name].(string)
	return s
}

// newApp starts an endpoint; handle decides the answer to a webhook
// request and may record an effect.
func newApp(t *testing.T, handle func(a *app, w http.ResponseWriter, r *http.Request, body []byte) int) *app {
	t.Helper()
	a := &app{seen: make(chan seen, 256), effects: map[string]int{}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /effects", func(w http.ResponseWriter, r *http.Request) {
		a.mu.Lock()
		n := a.effects[r.URL.Query().Get("id")]
		a.mu.Unlock()
		_ = json.NewEncoder(w).Encode(map[string]int{"count": n})
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		status := handle(a, w, r, body)
		select {
		case a.seen <- seen{Header: r.Header.Clone(), Body: body, Status: status}:
		default:
		}
	})
	a.srv = httptest.NewServer(mux)
	t.Cleanup(a.srv.Close)
	return a
}

// effect records one effect of an event; with dedupe, only the first.
func (a *app) effect(id string, dedupe bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if dedupe && a.effects[id] > 0 {
		return
	}
	a.effects[id]++
}

// drain returns what the app received so far.
func (a *app) drain() []seen {
	var out []seen
	for {
		select {
		case s := <-a.seen:
			out = append(out, s)
		default:
			return out
		}
	}
}

// carefulApp verifies with the provider's rules (the sign package, which
// rejects stale timestamps), answers the provider's handshake, and
// de-duplicates by the provider's event id.
func carefulApp(t *testing.T, scheme sign.Scheme, secret string) *app {
	return carefulAppAt(t, scheme, secret, time.Now)
}

// carefulAppAt is carefulApp judging timestamps by the clock now.
func carefulAppAt(t *testing.T, scheme sign.Scheme, secret string, now func() time.Time) *app {
	provider := scheme.Info().Name
	return newApp(t, func(a *app, w http.ResponseWriter, r *http.Request, body []byte) int {
		_, err := scheme.Verify(sign.VerifyParams{Headers: r.Header, Body: body, Method: r.Method,
			URL: "http://" + r.Host + r.URL.RequestURI(), Secrets: []string{secret}, Now: now()})
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return http.StatusBadRequest
		}
		if hs, ok := scheme.(sign.Handshaker); ok {
			if ans, ok := hs.Handshake(sign.HandshakeParams{Method: r.Method, Headers: r.Header, Body: body, Secret: secret}); ok {
				for _, h := range ans.Headers {
					w.Header().Set(h.Name, h.Value)
				}
				w.WriteHeader(ans.Status)
				_, _ = w.Write(ans.Body)
				return ans.Status
			}
		}
		a.effect(idOf(provider, r.Header, body), true)
		w.WriteHeader(http.StatusOK)
		return http.StatusOK
	})
}

// naiveApp accepts everything and acts on every delivery.
func naiveApp(t *testing.T, provider string) *app {
	return newApp(t, func(a *app, w http.ResponseWriter, r *http.Request, body []byte) int {
		a.effect(idOf(provider, r.Header, body), false)
		_, _ = io.WriteString(w, "ok")
		return http.StatusOK
	})
}

// slowApp answers after delay, or when the client gives up.
func slowApp(t *testing.T, delay time.Duration) *app {
	return newApp(t, func(a *app, w http.ResponseWriter, r *http.Request, body []byte) int {
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
		}
		w.WriteHeader(http.StatusOK)
		return http.StatusOK
	})
}

// status answers every webhook request with code.
func statusApp(t *testing.T, code int) *app {
	return newApp(t, func(a *app, w http.ResponseWriter, r *http.Request, body []byte) int {
		http.Error(w, strconv.Itoa(code), code)
		return code
	})
}
