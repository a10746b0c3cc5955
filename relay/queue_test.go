package relay

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"testing"

	"github.com/hookctl/hookctl/relay/store"
)

// With no client connected every request is kept and answered 202; the
// next client gets all of them, in order, each once at the app.
func TestRelayCatchUpInOrder(t *testing.T) {
	const n = 1000
	st := store.NewMemory()
	_, hs := relayServer(t, ServerConfig{Store: st})
	sess := newChannel(t, hs.URL)
	for i := range n {
		resp, _ := post(t, sess.URL+"/e?i="+strconv.Itoa(i), []byte(strconv.Itoa(i)))
		if resp.StatusCode != http.StatusAccepted {
			t.Fatalf("request %d: %d, want 202 with no client connected", i, resp.StatusCode)
		}
	}
	tg := newTarget(t, nil)
	rc := startClient(t, hs.URL, sess.Channel, sess.Token, tg.URL)
	if got := rc.session(t); got.Pending != n || got.URL != sess.URL {
		t.Fatalf("reconnect: %+v, want %d pending on %s", got, n, sess.URL)
	}
	for i := range n {
		got := receive(t, tg)
		if string(got.Body) != strconv.Itoa(i) || got.URI != "/e?i="+strconv.Itoa(i) {
			t.Fatalf("delivery %d was %s %q: out of order", i, got.URI, got.Body)
		}
	}
	caught := <-rc.caught
	depth, _ := st.Depth(context.Background(), sess.Channel)
	if caught != n || depth != 0 {
		t.Fatalf("caught up %d with %d left queued; want %d and 0", caught, depth, n)
	}
	if c := tg.count(); c != n {
		t.Fatalf("the app got %d requests, want %d", c, n)
	}
}

// A request that arrives while a client is connected but queued requests
// remain is queued behind them, so arrival order holds.
func TestRelayQueuesBehindBacklogAndAnswersLiveAfter(t *testing.T) {
	_, hs := relayServer(t, ServerConfig{})
	sess := newChannel(t, hs.URL)
	post(t, sess.URL, []byte("first"))
	tg := newTarget(t, func(w http.ResponseWriter, s seen) { w.Write([]byte("got " + string(s.Body))) })
	rc := startClient(t, hs.URL, sess.Channel, sess.Token, tg.URL)
	rc.session(t)
	if got := receive(t, tg); string(got.Body) != "first" {
		t.Fatalf("first delivery %q", got.Body)
	}
	<-rc.caught
	resp, body := post(t, sess.URL, []byte("second"))
	if resp.StatusCode != 200 || string(body) != "got second" {
		t.Fatalf("live answer %d %q, want 200 %q", resp.StatusCode, body, "got second")
	}
}

func Test100ConcurrentSenders(t *testing.T) {
	tg := newTarget(t, func(w http.ResponseWriter, s seen) { w.Write(s.Body) })
	_, hs := relayServer(t, ServerConfig{})
	rc := startClient(t, hs.URL, "", "", tg.URL)
	sess := rc.session(t)
	var wg sync.WaitGroup
	results := make(chan string, 100)
	for i := range 100 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.Post(sess.URL+"/c", "text/plain", stringsReader(strconv.Itoa(i)))
			if err != nil {
				results <- err.Error()
				return
			}
			resp.Body.Close()
			results <- strconv.Itoa(resp.StatusCode)
		}()
	}
	wg.Wait()
	close(results)
	answered := 0
	for r := range results {
		if r != "200" && r != "202" {
			t.Errorf("a sender got %s", r)
		}
		answered++
	}
	if answered != 100 {
		t.Fatalf("%d of 100 senders answered", answered)
	}
	eventually(t, "100 deliveries", func() bool { return tg.count() >= 100 })
}

// Live requests go to every connected client and the first answer wins;
// stored ones go only to the client that connected first.
func TestSeveralClients(t *testing.T) {
	a := newTarget(t, func(w http.ResponseWriter, s seen) { w.Write([]byte("a")) })
	b := newTarget(t, func(w http.ResponseWriter, s seen) { w.Write([]byte("b")) })
	srv, hs := relayServer(t, ServerConfig{})
	ra := startClient(t, hs.URL, "", "", a.URL)
	sess := ra.session(t)
	rb := startClient(t, hs.URL, sess.Channel, sess.Token, b.URL)
	rb.session(t)
	resp, body := post(t, sess.URL, []byte("live"))
	if resp.StatusCode != 200 || (string(body) != "a" && string(body) != "b") {
		t.Fatalf("live answer %d %q", resp.StatusCode, body)
	}
	if string(receive(t, a).Body) != "live" || string(receive(t, b).Body) != "live" {
		t.Fatal("a live request did not reach both clients")
	}

	ra.Stop()
	rb.Stop()
	waitClients(t, srv, 0)
	for i := range 3 {
		post(t, sess.URL, []byte(fmt.Sprint(i)))
	}
	ra = startClient(t, hs.URL, sess.Channel, sess.Token, a.URL)
	ra.session(t)
	rb = startClient(t, hs.URL, sess.Channel, sess.Token, b.URL)
	rb.session(t)
	for i := range 3 {
		if got := receive(t, a); string(got.Body) != fmt.Sprint(i) {
			t.Fatalf("stored %d reached the first client as %q", i, got.Body)
		}
	}
	<-ra.caught
	if n := len(b.got); n != 0 {
		t.Fatalf("the second client got %d stored requests, want none", n)
	}
}

// When the app is down, a live request is queued (202) and delivered once
// the app is back.
func TestAppDownQueuesAndRetries(t *testing.T) {
	var mu sync.Mutex
	up := false
	tg := newTarget(t, nil)
	proxy := newTarget(t, func(w http.ResponseWriter, s seen) {})
	_ = proxy
	gate := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		ok := up
		mu.Unlock()
		if !ok {
			hj, _ := w.(http.Hijacker)
			conn, _, _ := hj.Hijack()
			conn.Close() // no answer at all, as from a crashed app
			return
		}
		tg.Config.Handler.ServeHTTP(w, r)
	})
	proxy.Config.Handler = gate
	_, hs := relayServer(t, ServerConfig{})
	rc := startClient(t, hs.URL, "", "", proxy.URL)
	sess := rc.session(t)
	resp, _ := post(t, sess.URL, []byte("while down"))
	if resp.StatusCode != http.StatusAccepted {
		t.Fatalf("with the app down the sender got %d, want 202", resp.StatusCode)
	}
	mu.Lock()
	up = true
	mu.Unlock()
	if got := receive(t, tg); string(got.Body) != "while down" {
		t.Fatalf("after the app came back it got %q", got.Body)
	}
}
