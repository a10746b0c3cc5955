package relay

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/hookctl/hookctl/relay/store"
	"github.com/hookctl/hookctl/webhook"
)

// rawSubscribe opens a websocket and subscribes, then leaves the socket
// alone: it never reads, so it answers no ping and drains nothing.
func rawSubscribe(t *testing.T, relayURL string, sess Session) *websocket.Conn {
	t.Helper()
	u, _ := WebsocketURL(relayURL)
	ws, _, err := websocket.DefaultDialer.Dial(u, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.Close() })
	frame, _ := Encode(&Message{Type: TypeSubscribe, V: 1, Channel: sess.Channel, Token: sess.Token})
	if err := ws.WriteMessage(websocket.TextMessage, frame); err != nil {
		t.Fatal(err)
	}
	return ws
}

// A client that stops reading is dropped once a write to it times out;
// the requests meant for it stay queued for the next client.
func TestSlowClientDroppedRequestsKept(t *testing.T) {
	st := store.NewMemory()
	srv, hs := relayServer(t, ServerConfig{Store: st, WriteWait: 200 * time.Millisecond, ResponseTimeout: 200 * time.Millisecond, PingPeriod: time.Hour, PongWait: time.Hour})
	sess := newChannel(t, hs.URL)
	rawSubscribe(t, hs.URL, sess)
	waitClients(t, srv, 1)
	body := bytes.Repeat([]byte("x"), 1<<20)
	for i := range 16 {
		if resp, _ := post(t, sess.URL, body); resp.StatusCode != http.StatusAccepted {
			t.Fatalf("request %d to a stuck client: %d, want 202", i, resp.StatusCode)
		}
	}
	waitClients(t, srv, 0)
	tg := newTarget(t, nil)
	startClient(t, hs.URL, sess.Channel, sess.Token, tg.URL)
	for range 16 {
		if got := receive(t, tg); len(got.Body) != len(body) {
			t.Fatalf("a kept request arrived with %d bytes", len(got.Body))
		}
	}
}

// A client that answers no ping is dropped after PongWait, even when
// there is nothing to send it.
func TestSilentClientDroppedAfterPongWait(t *testing.T) {
	srv, hs := relayServer(t, ServerConfig{PingPeriod: 20 * time.Millisecond, PongWait: 100 * time.Millisecond})
	sess := newChannel(t, hs.URL)
	rawSubscribe(t, hs.URL, sess)
	waitClients(t, srv, 1)
	waitClients(t, srv, 0)
}

// The client gives up on a relay that stops pinging and reconnects.
func TestClientReconnectsWhenPingsStop(t *testing.T) {
	upgrader := websocket.Upgrader{}
	connects := make(chan struct{}, 10)
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := upgrader.Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer ws.Close()
		ws.ReadMessage()
		frame, _ := Encode(&Message{Type: TypeSubscribed, V: 1, Channel: "c", URL: "x", PingPeriodMS: 30})
		ws.WriteMessage(websocket.TextMessage, frame)
		connects <- struct{}{}
		time.Sleep(5 * time.Second) // silent: no pings, no frames
	}))
	defer hs.Close()
	reconnecting := make(chan error, 10)
	c, _ := NewClient(ClientConfig{RelayURL: hs.URL, Channel: "c", Token: "t",
		Handler: func(context.Context, *webhook.Request) (*webhook.Response, error) { return nil, nil },
		Backoff: Backoff{Initial: 10 * time.Millisecond, Max: 20 * time.Millisecond},
		Visitor: Visitor{OnReconnecting: func(_ time.Duration, err error) { reconnecting <- err }}})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go c.Run(ctx)
	<-connects
	select {
	case err := <-reconnecting:
		if !strings.Contains(err.Error(), "connection lost") {
			t.Fatalf("reconnecting after %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the client kept a silent connection for 5s (ping period 30ms)")
	}
	select {
	case <-connects:
	case <-time.After(5 * time.Second):
		t.Fatal("the client did not reconnect")
	}
}

// Queued requests older than Retention are deleted and counted as dropped.
func TestRetentionDropsOldRequests(t *testing.T) {
	st := store.NewMemory()
	_, hs := relayServer(t, ServerConfig{Store: st, Retention: 50 * time.Millisecond})
	sess := newChannel(t, hs.URL)
	post(t, sess.URL, []byte("old"))
	eventually(t, "the old request to expire", func() bool {
		d, _ := st.Depth(context.Background(), sess.Channel)
		return d == 0
	})
	_, metrics := do(t, "GET", hs.URL+"/metrics", nil)
	if !strings.Contains(string(metrics), "hookctl_relay_dropped_total 1\n") {
		t.Fatalf("metrics do not count the expired request:\n%s", metrics)
	}
}
