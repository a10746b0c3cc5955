package relay

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"sync"
	"testing"
)

// A client on instance A answers a request sent to instance B: the
// answer travels back to B and to the sender.
func TestMultiSyncAnswerAcrossInstances(t *testing.T) {
	url, prefix := testRedisURL(t), freshPrefix()
	a := startInstance(t, url, prefix, ServerConfig{})
	b := startInstance(t, url, prefix, ServerConfig{})
	tg := newTarget(t, func(w http.ResponseWriter, s seen) {
		w.Header().Set("X-App", "yes")
		w.WriteHeader(201)
		w.Write([]byte("app saw " + string(s.Body)))
	})
	rc := startClient(t, a.hs.URL, "", "", tg.URL)
	sess := rc.session(t)
	waitClients(t, a.srv, 1)
	resp, body := post(t, b.channelURL(sess.Channel)+"/hook?x=1", []byte("hello"))
	if resp.StatusCode != 201 || string(body) != "app saw hello" || resp.Header.Get("X-App") != "yes" {
		t.Fatalf("through B: %d %q %v, want the app's 201 answer", resp.StatusCode, body, resp.Header)
	}
	if got := receive(t, tg); got.URI != "/hook?x=1" {
		t.Fatalf("the app got %s", got.URI)
	}
	// The channel record is shared too: the client may reconnect to B.
	rc.Stop()
	rb := startClient(t, b.hs.URL, sess.Channel, sess.Token, tg.URL)
	if got := rb.session(t); got.Channel != sess.Channel || got.Created {
		t.Fatalf("reconnect to B: %+v", got)
	}
}

// With the client away, 1,000 requests spread over both instances are
// stored; a client then connecting to B gets them all, in order, once.
func TestMultiCatchUpAcrossInstances(t *testing.T) {
	const n = 1000
	url, prefix := testRedisURL(t), freshPrefix()
	a := startInstance(t, url, prefix, ServerConfig{})
	b := startInstance(t, url, prefix, ServerConfig{})
	sess := newChannel(t, a.hs.URL)
	waitClients(t, a.srv, 0)
	for i := range n {
		in := a
		if i%2 == 1 {
			in = b
		}
		resp, _ := post(t, in.channelURL(sess.Channel)+"/e?i="+strconv.Itoa(i), []byte(strconv.Itoa(i)))
		if resp.StatusCode != http.StatusAccepted {
			t.Fatalf("request %d: %d, want 202 with no client connected", i, resp.StatusCode)
		}
	}
	tg := newTarget(t, nil)
	rc := startClient(t, b.hs.URL, sess.Channel, sess.Token, tg.URL)
	if got := rc.session(t); got.Pending != n {
		t.Fatalf("client on B sees %d pending, want %d", got.Pending, n)
	}
	for i := range n {
		if got := receive(t, tg); string(got.Body) != strconv.Itoa(i) {
			t.Fatalf("delivery %d was %q: out of order", i, got.Body)
		}
	}
	if caught := <-rc.caught; caught != n {
		t.Fatalf("caught up %d, want %d", caught, n)
	}
	depth, _ := b.st.Depth(context.Background(), sess.Channel)
	if c := tg.count(); c != n || depth != 0 {
		t.Fatalf("the app got %d requests with %d left queued; want %d and 0", c, depth, n)
	}
}

// Instance A, holding the client, dies mid-stream while senders keep
// sending to B: every request B acknowledged (200 or 202) reaches the app
// once a client connects to B.
func TestMultiInstanceKilledLosesNothingAcknowledged(t *testing.T) {
	const n = 300
	url, prefix := testRedisURL(t), freshPrefix()
	a := startInstance(t, url, prefix, ServerConfig{ResponseTimeout: 1500e6})
	b := startInstance(t, url, prefix, ServerConfig{ResponseTimeout: 1500e6})
	tg := newTarget(t, func(w http.ResponseWriter, s seen) { w.Write([]byte("ok")) })
	ra := startClient(t, a.hs.URL, "", "", tg.URL)
	sess := ra.session(t)
	waitClients(t, a.srv, 1)

	var mu sync.Mutex
	acked := map[string]bool{}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += 4 {
				if i == n/2 {
					a.kill()
				}
				resp, err := http.Post(b.channelURL(sess.Channel), "text/plain", stringsReader(strconv.Itoa(i)))
				if err != nil {
					continue
				}
				resp.Body.Close()
				if resp.StatusCode == 200 || resp.StatusCode == 202 {
					mu.Lock()
					acked[strconv.Itoa(i)] = true
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	ra.Stop()
	if len(acked) < n/2 {
		t.Fatalf("only %d of %d requests acknowledged after A died; B should take them", len(acked), n)
	}
	rb := startClient(t, b.hs.URL, sess.Channel, sess.Token, tg.URL)
	rb.session(t)
	got := map[string]bool{}
	for missing := len(acked); missing > 0; {
		s := receive(t, tg)
		if acked[string(s.Body)] && !got[string(s.Body)] {
			got[string(s.Body)] = true
			missing--
		}
	}
}

// A body, and an answer, too big for a pub/sub message go between
// instances through a key, and arrive byte for byte.
func TestMultiBigBodyAcrossInstances(t *testing.T) {
	url, prefix := testRedisURL(t), freshPrefix()
	a := startInstance(t, url, prefix, ServerConfig{})
	b := startInstance(t, url, prefix, ServerConfig{})
	// The app echoes the body: the answer is as big and goes back the same way.
	tg := newTarget(t, func(w http.ResponseWriter, s seen) { w.Write(s.Body) })
	rc := startClient(t, a.hs.URL, "", "", tg.URL)
	sess := rc.session(t)
	waitClients(t, a.srv, 1)
	body := make([]byte, 3<<20)
	for i := range body {
		body[i] = byte(i * 7) // not UTF-8: travels as base64
	}
	resp, answer := post(t, b.channelURL(sess.Channel), body)
	if resp.StatusCode != 200 || !bytes.Equal(answer, body) {
		t.Fatalf("through B: %d with %d bytes, want 200 and the app's echo", resp.StatusCode, len(answer))
	}
	if got := receive(t, tg); !bytes.Equal(got.Body, body) {
		t.Fatalf("the app got %d bytes, not the %d sent", len(got.Body), len(body))
	}
}
