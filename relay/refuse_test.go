package relay

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/hookctl/hookctl/webhook"
)

func runOnce(t *testing.T, cfg ClientConfig) error {
	t.Helper()
	cfg.Handler = func(context.Context, *webhook.Request) (*webhook.Response, error) { return nil, nil }
	cfg.Backoff = Backoff{Initial: 10 * time.Millisecond, Max: 20 * time.Millisecond}
	c, err := NewClient(cfg)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return c.Run(ctx)
}

func TestClientRefusals(t *testing.T) {
	_, hs := relayServer(t, ServerConfig{})
	_, keyed := relayServer(t, ServerConfig{CreateKey: "operator-key"})
	sess := newChannel(t, hs.URL)
	notRelay := httptest.NewServer(http.NotFoundHandler())
	defer notRelay.Close()
	tests := []struct {
		name string
		cfg  ClientConfig
		code string
	}{
		{"wrong token", ClientConfig{RelayURL: hs.URL, Channel: sess.Channel, Token: "rt_wrong"}, CodeUnauthorized},
		{"no token for a free name", ClientConfig{RelayURL: hs.URL, Channel: "free-name"}, CodeUnauthorized},
		{"create without the key", ClientConfig{RelayURL: keyed.URL}, CodeKeyRequired},
		{"claim with a wrong key", ClientConfig{RelayURL: keyed.URL, Channel: "mine", Token: "t", CreateKey: "guess"}, CodeKeyRequired},
		{"not a relay", ClientConfig{RelayURL: notRelay.URL}, "not_a_relay"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := runOnce(t, tt.cfg); !isRefused(err, tt.code) {
				t.Fatalf("Run = %v, want a final refusal %q", err, tt.code)
			}
		})
	}
}

func TestClaimNamedChannelWithKey(t *testing.T) {
	_, hs := relayServer(t, ServerConfig{CreateKey: "operator-key"})
	got := make(chan Session, 1)
	cfg := ClientConfig{RelayURL: hs.URL, Channel: "team-hooks", Token: "tok", CreateKey: "operator-key",
		Visitor: Visitor{OnConnected: func(s Session) { got <- s }}}
	cfg.Handler = func(context.Context, *webhook.Request) (*webhook.Response, error) { return nil, nil }
	c, _ := NewClient(cfg)
	ctx, cancel := context.WithCancel(context.Background())
	go c.Run(ctx)
	defer cancel()
	select {
	case s := <-got:
		if s.URL != hs.URL+"/c/team-hooks" || !s.Created {
			t.Fatalf("session %+v", s)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no session")
	}
	// Reconnecting to the claimed name needs only the token, not the key.
	if err := runOnce(t, ClientConfig{RelayURL: hs.URL, Channel: "team-hooks", Token: "other"}); !isRefused(err, CodeUnauthorized) {
		t.Fatalf("wrong token on a claimed name: %v", err)
	}
}

// rawStatus sends a request line as written, so no client library can
// clean the path first, and returns the status code.
func rawStatus(t *testing.T, addr, requestLine string) int {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(conn, "%s HTTP/1.1\r\nHost: %s\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}", requestLine, addr)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

func TestPathEscapesRefused(t *testing.T) {
	_, hs := relayServer(t, ServerConfig{})
	sess := newChannel(t, hs.URL)
	addr := strings.TrimPrefix(hs.URL, "http://")
	c := "/c/" + sess.Channel
	tests := []struct {
		line string
		want int
	}{
		{"POST " + c + "/ok/path?x=1", http.StatusAccepted},
		{"POST " + c + "/../other", http.StatusBadRequest},
		{"POST " + c + "/a/..", http.StatusBadRequest},
		{"POST " + c + "/%2e%2e/x", http.StatusBadRequest},
		{"POST " + c + "/%2E%2e%2Fx", http.StatusBadRequest},
		{"POST " + c + "/%252e%252e/x", http.StatusBadRequest},
		{"POST " + c + "/%2525252e%2525252e/x", http.StatusBadRequest},
		{"POST " + c + "/./x", http.StatusBadRequest},
		{"POST " + c + "//evil.example/x", http.StatusBadRequest},
		{"POST " + c + "/http://evil.example/", http.StatusBadRequest},
		{"POST " + c + "/http%3A%2F%2Fevil.example/", http.StatusBadRequest},
		{"POST " + c + "/a%5c..%5cb", http.StatusBadRequest},
		{"POST " + c + "/a%00b", http.StatusBadRequest},
		{"POST " + c + "/bad%zz", http.StatusBadRequest},
		{"POST http://evil.example" + c + "/x", http.StatusBadRequest},
		{"POST /c/unknownchannel/x", http.StatusNotFound},
		{"POST /c/bad.name/x", http.StatusBadRequest},
	}
	for _, tt := range tests {
		if got := rawStatus(t, addr, tt.line); got != tt.want {
			t.Errorf("%s: %d, want %d", tt.line, got, tt.want)
		}
	}
}

func TestBodyLimitAndQueueDepth(t *testing.T) {
	_, hs := relayServer(t, ServerConfig{MaxBody: 1024, QueueDepth: 2})
	sess := newChannel(t, hs.URL)
	if resp, body := post(t, sess.URL, make([]byte, 1025)); resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(body), "1024 bytes") {
		t.Fatalf("over the limit: %d %q, want 413 naming the limit", resp.StatusCode, body)
	}
	// Without a Content-Length the limit is enforced while reading.
	req, _ := http.NewRequest("POST", sess.URL, strings.NewReader(strings.Repeat("x", 2000)))
	req.ContentLength = -1
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("chunked over the limit: %v %v", resp, err)
	}
	resp.Body.Close()
	for i, want := range []int{202, 202, 503} {
		resp, body := post(t, sess.URL, []byte("x"))
		if resp.StatusCode != want {
			t.Fatalf("request %d: %d %q, want %d", i, resp.StatusCode, body, want)
		}
		if want == 503 && (resp.Header.Get("Retry-After") == "" || !strings.Contains(string(body), "connect a client")) {
			t.Fatalf("queue full answer lacks Retry-After or advice: %q", body)
		}
	}
}

func TestHealthAndMetrics(t *testing.T) {
	tg := newTarget(t, nil)
	_, hs := relayServer(t, ServerConfig{})
	rc := startClient(t, hs.URL, "", "", tg.URL)
	sess := rc.session(t)
	post(t, sess.URL, []byte("x"))
	if resp, body := do(t, "GET", hs.URL+"/healthz", nil); resp.StatusCode != 200 || string(body) != "ok\n" {
		t.Fatalf("healthz: %d %q", resp.StatusCode, body)
	}
	_, body := do(t, "GET", hs.URL+"/metrics", nil)
	for _, want := range []string{
		"hookctl_relay_requests_total 1\n", "hookctl_relay_delivered_total 1\n", "hookctl_relay_queued_total 0\n",
		"hookctl_relay_acked_total 0\n", "hookctl_relay_dropped_total 0\n", "hookctl_relay_connected_clients 1\n",
		"# TYPE hookctl_relay_response_seconds histogram\n", "hookctl_relay_response_seconds_count 1\n",
		`hookctl_relay_response_seconds_bucket{le="+Inf"} 1`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("metrics lack %q:\n%s", want, body)
		}
	}
}
