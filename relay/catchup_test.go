package relay

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hookctl/hookctl/relay/store"
	"github.com/hookctl/hookctl/webhook"
)

// With CatchUpConcurrency > 1 the stored requests reach the app several at
// a time: every one once, all acknowledged; with the default, one at a time.
func TestCatchUpConcurrency(t *testing.T) {
	for _, workers := range []int{1, 8} {
		t.Run(strconv.Itoa(workers), func(t *testing.T) {
			const n = 40
			st := store.NewMemory()
			_, hs := relayServer(t, ServerConfig{Store: st})
			sess := newChannel(t, hs.URL)
			for i := range n {
				if resp, _ := post(t, sess.URL+"/e?i="+strconv.Itoa(i), []byte(strconv.Itoa(i))); resp.StatusCode != http.StatusAccepted {
					t.Fatalf("request %d: %d, want 202", i, resp.StatusCode)
				}
			}
			// The app takes a moment over each request, so that
			// concurrent deliveries overlap.
			var inFlight, most atomic.Int32
			var mu sync.Mutex
			got := map[string]int{}
			var order []int
			app := newTarget(t, func(w http.ResponseWriter, s seen) {
				now := inFlight.Add(1)
				for m := most.Load(); now > m && !most.CompareAndSwap(m, now); m = most.Load() {
				}
				time.Sleep(5 * time.Millisecond)
				inFlight.Add(-1)
				mu.Lock()
				got[string(s.Body)]++
				i, _ := strconv.Atoi(string(s.Body))
				order = append(order, i)
				mu.Unlock()
			})
			go func() { // drain what the target records
				for range app.got {
				}
			}()
			caught := make(chan int, 1)
			c, err := NewClient(ClientConfig{
				RelayURL: hs.URL, Channel: sess.Channel, Token: sess.Token, CatchUpConcurrency: workers,
				Handler: ForwardHandler(app.URL, webhook.DeliverOptions{Timeout: 10 * time.Second}),
				Visitor: Visitor{OnCaughtUp: func(n int) { caught <- n }},
			})
			if err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan error, 1)
			go func() { done <- c.Run(ctx) }()
			defer func() { cancel(); <-done }()
			select {
			case k := <-caught:
				if k != n {
					t.Fatalf("caught up %d, want %d", k, n)
				}
			case <-time.After(30 * time.Second):
				t.Fatal("no caught_up within 30 s")
			}
			if d, _ := st.Depth(context.Background(), sess.Channel); d != 0 {
				t.Fatalf("%d requests still queued", d)
			}
			mu.Lock()
			defer mu.Unlock()
			for i := range n {
				if got[strconv.Itoa(i)] != 1 {
					t.Fatalf("request %d reached the app %d times, want once", i, got[strconv.Itoa(i)])
				}
			}
			switch m := most.Load(); {
			case workers == 1 && m != 1:
				t.Fatalf("%d deliveries overlapped with one worker", m)
			case workers == 1:
				for i, v := range order {
					if v != i {
						t.Fatalf("delivery %d was request %d: out of order", i, v)
					}
				}
			case m < 2:
				t.Fatalf("with %d workers no deliveries overlapped", workers)
			}
		})
	}
}

// flakyAcks is a store whose first Ack fails, as a Redis blip would.
type flakyAcks struct {
	store.Store
	failed atomic.Bool
}

func (f *flakyAcks) Ack(ctx context.Context, channel string, seqs ...uint64) error {
	if f.failed.CompareAndSwap(false, true) {
		return errors.New("store unreachable")
	}
	return f.Store.Ack(ctx, channel, seqs...)
}

// Acks the store could not delete do not leave their requests behind: the
// drainer sends the backlog again, the client drops the repeats, and the
// queue still empties.
func TestFailedAckDeleteSendsAgain(t *testing.T) {
	const n = 20
	st := &flakyAcks{Store: store.NewMemory()}
	_, hs := relayServer(t, ServerConfig{Store: st})
	sess := newChannel(t, hs.URL)
	for i := range n {
		if resp, _ := post(t, sess.URL, []byte(strconv.Itoa(i))); resp.StatusCode != http.StatusAccepted {
			t.Fatalf("request %d: %d, want 202", i, resp.StatusCode)
		}
	}
	tg := newTarget(t, nil)
	rc := startClient(t, hs.URL, sess.Channel, sess.Token, tg.URL)
	rc.session(t)
	select {
	case <-rc.caught:
	case <-time.After(30 * time.Second):
		t.Fatal("no caught_up within 30 s")
	}
	if !st.failed.Load() {
		t.Fatal("the store's Ack never failed: the test did not test anything")
	}
	eventually(t, "the queue to empty", func() bool {
		d, _ := st.Depth(context.Background(), sess.Channel)
		return d == 0
	})
	if c := tg.count(); c != n {
		t.Fatalf("the app got %d requests, want %d, each once", c, n)
	}
}

// The drain window never exceeds the send buffer: the drainer must not wait
// long on the client whose reader hands it acks.
func TestWindowCappedAtSendBuffer(t *testing.T) {
	s, _ := relayServer(t, ServerConfig{Window: 500, SendBuffer: 16})
	if s.cfg.Window != 16 {
		t.Fatalf("Window = %d with a send buffer of 16, want 16", s.cfg.Window)
	}
}
