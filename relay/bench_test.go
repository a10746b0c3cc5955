package relay

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/hookctl/hookctl/relay/store"
	"github.com/hookctl/hookctl/webhook"
)

// The benchmarks compare a request sent straight to a local app with one
// sent through the relay and a tunnel client to the same app, all on
// 127.0.0.1: the difference is the relay's added latency. Parallel variants
// measure throughput. Run with:
//
//	go test ./relay/ -run '^$' -bench . -benchtime 2s

var benchBody = bytes.Repeat([]byte(`{"id":"evt_1","type":"payment_intent.succeeded"}`), 20) // ~1 KiB

func benchSend(b *testing.B, client *http.Client, url string, want int) {
	resp, err := client.Post(url, "application/json", bytes.NewReader(benchBody))
	if err != nil {
		b.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != want {
		b.Fatalf("status %d, want %d", resp.StatusCode, want)
	}
}

func benchTarget(b *testing.B) string {
	tg := newTarget(b, func(w http.ResponseWriter, s seen) { w.Write([]byte("ok")) })
	go func() { // drain what the target records
		for range tg.got {
		}
	}()
	return tg.URL
}

func benchRelayURL(b *testing.B, app string) string {
	_, hs := relayServer(b, ServerConfig{})
	return startClient(b, hs.URL, "", "", app).session(b).URL
}

func runBench(b *testing.B, url string, want int, parallel bool) {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	b.SetBytes(int64(len(benchBody)))
	b.ResetTimer()
	if !parallel {
		for b.Loop() {
			benchSend(b, client, url, want)
		}
		return
	}
	b.SetParallelism(4)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			benchSend(b, client, url, want)
		}
	})
}

func BenchmarkDirect(b *testing.B) {
	runBench(b, benchTarget(b), 200, false)
}

func BenchmarkThroughRelay(b *testing.B) {
	runBench(b, benchRelayURL(b, benchTarget(b)), 200, false)
}

func BenchmarkDirectParallel(b *testing.B) {
	runBench(b, benchTarget(b), 200, true)
}

func BenchmarkThroughRelayParallel(b *testing.B) {
	runBench(b, benchRelayURL(b, benchTarget(b)), 200, true)
}

// BenchmarkQueueBolt is the path with no client connected: the request is
// synced to the bbolt file before the 202, so this measures fsync.
func BenchmarkQueueBolt(b *testing.B) {
	st, err := store.OpenBolt(filepath.Join(b.TempDir(), "relay.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	_, hs := relayServer(b, ServerConfig{Store: st, QueueDepth: 1 << 30})
	sess := newChannel(b, hs.URL)
	runBench(b, sess.URL, http.StatusAccepted, false)
}

// BenchmarkDrain times a client catching up on a stored backlog, from
// connecting to the relay's caught_up: the path of `relay connect` after a
// night offline. It reports events/s; the backlog is written straight to
// the store, untimed.
func BenchmarkDrain(b *testing.B) {
	for _, kind := range []string{"memory", "bolt"} {
		b.Run(kind, func(b *testing.B) {
			var st store.Store = store.NewMemory()
			if kind == "bolt" {
				bst, err := store.OpenBolt(filepath.Join(b.TempDir(), "relay.db"))
				if err != nil {
					b.Fatal(err)
				}
				st = bst
			}
			b.Cleanup(func() { st.Close() })
			_, hs := relayServer(b, ServerConfig{Store: st})
			sess := newChannel(b, hs.URL)
			app := benchTarget(b)
			const backlog = 2000
			var events int
			var elapsed time.Duration
			for b.Loop() {
				b.StopTimer()
				fillBacklog(b, st, sess.Channel, backlog)
				b.StartTimer()
				t0 := time.Now()
				rc := startClient(b, hs.URL, sess.Channel, sess.Token, app)
				select {
				case n := <-rc.caught:
					if n != backlog {
						b.Fatalf("caught up after %d events, want %d", n, backlog)
					}
				case <-time.After(time.Minute):
					b.Fatal("the client did not catch up within a minute")
				}
				elapsed += time.Since(t0)
				events += backlog
				b.StopTimer()
				rc.Stop()
				b.StartTimer()
			}
			b.ReportMetric(float64(events)/elapsed.Seconds(), "events/s")
		})
	}
}

func fillBacklog(b *testing.B, st store.Store, channel string, n int) {
	for range n {
		req := webhook.CaptureHTTP(httptest.NewRequest(http.MethodPost, "/hook", nil), benchBody, time.Now())
		m, err := NewRequestMessage(req, 0, true, &Forwarded{For: "127.0.0.1", Proto: "http", Host: "relay.test"})
		if err != nil {
			b.Fatal(err)
		}
		data, err := storedBody(m)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := st.Append(context.Background(), channel, store.Event{ID: m.ID, Received: req.ReceivedAt, Data: data}, 0); err != nil {
			b.Fatal(err)
		}
	}
}
