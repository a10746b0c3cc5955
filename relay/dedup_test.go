package relay

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/hookctl/hookctl/relay/store"
	"github.com/hookctl/hookctl/webhook"
)

// A request the relay sends twice (its ack was lost, say) reaches the app
// once, and both copies are acknowledged so the relay can delete them.
func TestClientDropsDuplicatesByID(t *testing.T) {
	acks := make(chan uint64, 10)
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ws, err := (&websocket.Upgrader{}).Upgrade(w, r, nil)
		if err != nil {
			return
		}
		defer ws.Close()
		ws.ReadMessage()
		frame, _ := Encode(&Message{Type: TypeSubscribed, V: 1, Channel: "c", URL: "x"})
		ws.WriteMessage(websocket.TextMessage, frame)
		req := sampleRequest()
		for seq := uint64(1); seq <= 2; seq++ {
			m, _ := NewRequestMessage(req, seq, true, nil)
			frame, _ := Encode(m)
			ws.WriteMessage(websocket.TextMessage, frame)
		}
		for {
			_, data, err := ws.ReadMessage()
			if err != nil {
				return
			}
			if m, err := Decode(data); err == nil && m.Type == TypeAck {
				acks <- m.Seq
			}
		}
	}))
	defer hs.Close()
	var calls atomic.Int32
	c, _ := NewClient(ClientConfig{RelayURL: hs.URL, Channel: "c", Token: "t",
		Handler: func(context.Context, *webhook.Request) (*webhook.Response, error) {
			calls.Add(1)
			return &webhook.Response{Status: 200}, nil
		}})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go c.Run(ctx)
	for want := uint64(1); want <= 2; want++ {
		select {
		case got := <-acks:
			if got != want {
				t.Fatalf("ack for seq %d, want %d", got, want)
			}
		case <-time.After(10 * time.Second):
			t.Fatalf("no ack for seq %d", want)
		}
	}
	if n := calls.Load(); n != 1 {
		t.Fatalf("the app was called %d times for one request id, want 1", n)
	}
}

// An app slower than ResponseTimeout: the sender gets 202 and the request
// is kept, yet the app sees it once, because the client knows the stored
// copy is the live one it is still delivering.
func TestSlowAppGetsRequestOnce(t *testing.T) {
	tg := newTarget(t, func(w http.ResponseWriter, s seen) { time.Sleep(300 * time.Millisecond) })
	st := store.NewMemory()
	_, hs := relayServer(t, ServerConfig{Store: st, ResponseTimeout: 50 * time.Millisecond})
	rc := startClient(t, hs.URL, "", "", tg.URL)
	sess := rc.session(t)
	if resp, _ := post(t, sess.URL, []byte("slow")); resp.StatusCode != http.StatusAccepted {
		t.Fatalf("sender got %d, want 202 after the response timeout", resp.StatusCode)
	}
	if n := <-rc.caught; n != 1 {
		t.Fatalf("caught up %d, want 1", n)
	}
	if d, _ := st.Depth(context.Background(), sess.Channel); d != 0 {
		t.Fatalf("%d requests still queued", d)
	}
	if n := tg.count(); n != 1 {
		t.Fatalf("the app got the request %d times, want once", n)
	}
}
