package relay

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/hookctl/hookctl/relay/store"
	"github.com/hookctl/hookctl/webhook"
)

// seen is what the target app received.
type seen struct {
	Method, URI string
	Header      http.Header
	Body        []byte
}

// target is a local app: it records each request and answers as told.
type target struct {
	*httptest.Server
	got chan seen
	mu  sync.Mutex
	n   int
}

func newTarget(t testing.TB, answer func(w http.ResponseWriter, s seen)) *target {
	tg := &target{got: make(chan seen, 2000)}
	tg.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s := seen{Method: r.Method, URI: r.RequestURI, Header: r.Header, Body: body}
		tg.mu.Lock()
		tg.n++
		tg.mu.Unlock()
		if answer != nil {
			answer(w, s)
		}
		tg.got <- s
	}))
	t.Cleanup(tg.Close)
	return tg
}

func (tg *target) count() int {
	tg.mu.Lock()
	defer tg.mu.Unlock()
	return tg.n
}

// relayServer runs a relay on 127.0.0.1 with a memory store unless cfg has one.
func relayServer(t testing.TB, cfg ServerConfig) (*Server, *httptest.Server) {
	t.Helper()
	if cfg.Store == nil {
		cfg.Store = store.NewMemory()
	}
	hs := httptest.NewUnstartedServer(nil)
	cfg.PublicURL = "http://" + hs.Listener.Addr().String()
	s, err := NewServer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	hs.Config.Handler = s
	hs.Start()
	t.Cleanup(func() { s.Close(); hs.Close() })
	return s, hs
}

// runningClient is a client running in the background until stopped.
type runningClient struct {
	sessions chan Session
	caught   chan int
	stop     context.CancelFunc
	done     chan error
}

func startClient(t testing.TB, relayURL, channel, token, forwardTo string) *runningClient {
	t.Helper()
	rc := &runningClient{sessions: make(chan Session, 10), caught: make(chan int, 100), done: make(chan error, 1)}
	c, err := NewClient(ClientConfig{
		RelayURL: relayURL, Channel: channel, Token: token,
		Handler: ForwardHandler(forwardTo, webhook.DeliverOptions{Timeout: 30 * time.Second}),
		Backoff: Backoff{Initial: 20 * time.Millisecond, Max: 200 * time.Millisecond},
		Visitor: Visitor{
			OnConnected: func(s Session) { rc.sessions <- s },
			OnCaughtUp:  func(n int) { rc.caught <- n },
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	rc.stop = cancel
	go func() { rc.done <- c.Run(ctx) }()
	t.Cleanup(rc.Stop)
	return rc
}

// Stop ends the client and waits for it.
func (rc *runningClient) Stop() {
	rc.stop()
	select {
	case <-rc.done:
	case <-time.After(10 * time.Second):
	}
	rc.done <- nil // later Stops return at once
}

func (rc *runningClient) session(t testing.TB) Session {
	t.Helper()
	select {
	case s := <-rc.sessions:
		return s
	case err := <-rc.done:
		t.Fatalf("client stopped before connecting: %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("client did not connect within 10s")
	}
	return Session{}
}

// newChannel creates a channel with a client and stops that client.
func newChannel(t testing.TB, relayURL string) Session {
	t.Helper()
	rc := startClient(t, relayURL, "", "", "http://127.0.0.1:1")
	s := rc.session(t)
	rc.Stop()
	return s
}

func post(t testing.TB, url string, body []byte, header ...string) (*http.Response, []byte) {
	t.Helper()
	return do(t, "POST", url, body, header...)
}

func do(t testing.TB, method, url string, body []byte, header ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Add(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func receive(t testing.TB, tg *target) seen {
	t.Helper()
	select {
	case s := <-tg.got:
		return s
	case <-time.After(15 * time.Second):
		t.Fatal("the target received nothing within 15s")
	}
	return seen{}
}

// eventually polls cond for up to 20 s.
func eventually(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func isRefused(err error, code string) bool {
	var rf *RefusedError
	return errors.As(err, &rf) && rf.Code == code
}

func stringsReader(s string) io.Reader { return bytes.NewReader([]byte(s)) }

// waitClients waits until the relay counts n connected clients.
func waitClients(t testing.TB, s *Server, n int64) {
	t.Helper()
	eventually(t, fmt.Sprintf("%d connected clients", n), func() bool { return s.metrics.clients.Load() == n })
}
