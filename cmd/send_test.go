package cmd

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hookctl/hookctl/catalog"
	"github.com/hookctl/hookctl/sign"
)

// sendHit is what the target got; the handler passes it to the test
// goroutine, which makes every assertion.
type sendHit struct {
	method, url string
	header      http.Header
	body        []byte
}

// sendTarget records every request and answers with the status that
// status returns for the n-th request (1-based).
func sendTarget(t *testing.T, status func(n int64) int) (*httptest.Server, <-chan sendHit) {
	t.Helper()
	ch := make(chan sendHit, 256)
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		ch <- sendHit{r.Method, "http://" + r.Host + r.URL.RequestURI(), r.Header.Clone(), b}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status(n.Add(1)))
		io.WriteString(w, `{"received":true}`)
	}))
	t.Cleanup(srv.Close)
	return srv, ch
}

func always(code int) func(int64) int { return func(int64) int { return code } }

func runSend(t *testing.T, deps *Deps, args ...string) (int, string, string) {
	t.Helper()
	out, errOut := &bytes.Buffer{}, &bytes.Buffer{}
	deps.IO.Out, deps.IO.ErrOut = out, errOut
	code := Main(context.Background(), append([]string{"send"}, args...), *deps)
	return code, out.String(), errOut.String()
}

var discordSeed = strings.Repeat("5a", 32)

// sendSecrets gives each scheme a secret to sign with and the one to
// verify with (the public key, for Ed25519 schemes).
func sendSecrets(scheme string) (signWith, verifyWith string) {
	switch scheme {
	case "standard-webhooks", "clerk", "resend":
		s := "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
		return s, s
	case "stripe":
		return "whsec_hookctlExampleStripeSecret0000000000", "whsec_hookctlExampleStripeSecret0000000000"
	case "discord":
		seed, _ := hex.DecodeString(discordSeed)
		pub := ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey)
		return discordSeed, hex.EncodeToString(pub)
	}
	return "hookctl-send-test-secret", "hookctl-send-test-secret"
}

// Every catalog event, sent by `hookctl send`, arrives signed so that the
// sign package verifies it, with the event's provider headers and a body
// of the event's content type.
func TestSendEveryEventVerifies(t *testing.T) {
	srv, hits := sendTarget(t, always(200))
	for _, ev := range catalog.All() {
		t.Run(ev.Name(), func(t *testing.T) {
			scheme, err := sign.Lookup(ev.Scheme)
			if err != nil {
				t.Skipf("the sign package has no %s scheme yet", ev.Scheme)
			}
			signWith, verifyWith := sendSecrets(ev.Scheme)
			deps, _, _ := testDeps(nil)
			target := srv.URL + "/hooks/" + ev.Provider + "?src=test"
			code, out, errOut := runSend(t, deps, target, "--event", ev.Name(), "--secret", signWith)
			if code != 0 {
				t.Fatalf("exit %d\nstdout: %s\nstderr: %s", code, out, errOut)
			}
			h := <-hits
			if h.url != target || h.method != "POST" {
				t.Errorf("request went to %s %s, want POST %s", h.method, h.url, target)
			}
			if got := h.header.Get("Content-Type"); got != ev.ContentType {
				t.Errorf("Content-Type = %q, want %q", got, ev.ContentType)
			}
			_, err = scheme.Verify(sign.VerifyParams{
				Headers: h.header, Body: h.body, URL: h.url, Method: h.method,
				Secrets: []string{verifyWith}, Now: time.Now(),
			})
			if err != nil {
				t.Errorf("signature does not verify: %v\nheaders: %v", err, h.header)
			}
			if !strings.Contains(out, "200 OK") || !strings.Contains(out, `"received"`) {
				t.Errorf("stdout does not show the answer: %q", out)
			}
		})
	}
}

func TestSendProviderHeaders(t *testing.T) {
	srv, hits := sendTarget(t, always(204))
	deps, _, _ := testDeps(nil)
	if code, out, errOut := runSend(t, deps, srv.URL, "--event", "github:pull_request.opened", "--secret", "s3cret", "-H", "X-Extra: yes"); code != 0 {
		t.Fatalf("exit %d: %s %s", code, out, errOut)
	}
	h := <-hits
	for name, want := range map[string]string{"X-GitHub-Event": "pull_request", "X-Extra": "yes", "X-GitHub-Hook-Installation-Target-Type": "repository"} {
		if got := h.header.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if !strings.HasPrefix(h.header.Get("User-Agent"), "GitHub-Hookshot/") || len(h.header.Get("X-GitHub-Delivery")) != 36 {
		t.Errorf("headers: %v", h.header)
	}
	var body map[string]any
	if err := json.Unmarshal(h.body, &body); err != nil || body["action"] != "opened" {
		t.Errorf("body: %v %v", err, body["action"])
	}
}
