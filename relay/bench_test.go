package relay

import (
	"bytes"
	"io"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/hookctl/hookctl/relay/store"
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
