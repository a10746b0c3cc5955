package webhook

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// received is what a test server saw, sent back to the test goroutine.
type received struct {
	method, uri, host string
	header            http.Header
	body              []byte
}

func recordingServer(t *testing.T, status int, answer string) (*httptest.Server, <-chan received) {
	t.Helper()
	ch := make(chan received, 16)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		ch <- received{r.Method, r.RequestURI, r.Host, r.Header.Clone(), b}
		w.Header().Set("X-Answer", "yes")
		w.WriteHeader(status)
		io.WriteString(w, answer)
	}))
	t.Cleanup(srv.Close)
	return srv, ch
}

var fast = Backoff{Initial: time.Millisecond, Max: 5 * time.Millisecond}

func TestDeliverSendsTheRequestExactly(t *testing.T) {
	srv, got := recordingServer(t, 201, `{"ok":true}`)
	body := append([]byte("\x1f\x8b binary \x00\xff"), bytes.Repeat([]byte("z"), 1000)...)
	req := &Request{
		Method: "PUT", Path: "/hooks/github?a=1&b=%2F",
		Headers: Headers{
			{"Content-Type", "application/octet-stream"}, {"X-Multi", "one"}, {"X-Multi", "two"},
			{"x-lower", "kept"}, {"Connection", "keep-alive, X-Drop-Me"}, {"X-Drop-Me", "1"},
			{"Keep-Alive", "timeout=5"}, {"Transfer-Encoding", "chunked"}, {"Host", "evil.example"},
			{"Content-Length", "999"},
		},
		Body: body,
	}
	resp, err := Deliver(context.Background(), req, srv.URL+"/base?k=v", DeliverOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r := <-got
	if r.method != "PUT" || r.uri != "/base/hooks/github?k=v&a=1&b=%2F" {
		t.Errorf("request line = %s %s", r.method, r.uri)
	}
	if !bytes.Equal(r.body, body) {
		t.Errorf("body changed: %d bytes arrived, %d sent", len(r.body), len(body))
	}
	if v := r.header["X-Multi"]; len(v) != 2 || v[0] != "one" || v[1] != "two" {
		t.Errorf("repeated header = %q", v)
	}
	if r.header.Get("X-Lower") != "kept" {
		t.Errorf("lower-case header lost")
	}
	for _, h := range []string{"X-Drop-Me", "Keep-Alive", "Transfer-Encoding", "User-Agent", "Accept-Encoding"} {
		if _, ok := r.header[h]; ok {
			t.Errorf("%s was sent; it should not be", h)
		}
	}
	if u, _ := url.Parse(srv.URL); r.host != u.Host {
		t.Errorf("Host = %q, want the target's %q", r.host, u.Host)
	}
	if resp.Status != 201 || string(resp.Body) != `{"ok":true}` || resp.Headers.Get("X-Answer") != "yes" || len(resp.Attempts) != 1 {
		t.Errorf("response = %+v", resp)
	}
}

func TestDeliverKeepsAGivenUserAgent(t *testing.T) {
	srv, got := recordingServer(t, 200, "")
	req := &Request{Method: "POST", Path: "/", Headers: Headers{{"user-agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)"}}}
	if _, err := Deliver(context.Background(), req, srv.URL, DeliverOptions{}); err != nil {
		t.Fatal(err)
	}
	if ua := (<-got).header.Values("User-Agent"); len(ua) != 1 || !strings.HasPrefix(ua[0], "Stripe/1.0") {
		t.Fatalf("User-Agent = %q", ua)
	}
}

func TestDeliverRetriesUntilSuccess(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= 2 {
			w.WriteHeader(503)
			return
		}
		io.WriteString(w, "finally")
	}))
	defer srv.Close()
	var seen []Attempt
	resp, err := Deliver(context.Background(), &Request{Method: "POST", Path: "/"}, srv.URL, DeliverOptions{
		Retries: 3, Backoff: fast, OnAttempt: func(a Attempt) { seen = append(seen, a) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != 200 || string(resp.Body) != "finally" || len(resp.Attempts) != 3 || len(seen) != 3 {
		t.Fatalf("status %d, %d attempts, %d reported", resp.Status, len(resp.Attempts), len(seen))
	}
	if seen[0].Status != 503 || seen[0].Wait <= 0 || seen[2].Wait != 0 {
		t.Fatalf("attempts = %+v", seen)
	}
}

func TestDeliverGivesUpAfterRetries(t *testing.T) {
	srv, _ := recordingServer(t, 500, "broken")
	resp, err := Deliver(context.Background(), &Request{Method: "POST", Path: "/"}, srv.URL, DeliverOptions{Retries: 2, Backoff: fast})
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != 500 || len(resp.Attempts) != 3 || resp.OK() {
		t.Fatalf("status %d after %d attempts", resp.Status, len(resp.Attempts))
	}
}

func TestDeliverDoesNotRetryClientErrors(t *testing.T) {
	srv, _ := recordingServer(t, 400, "bad signature")
	resp, err := Deliver(context.Background(), &Request{Method: "POST", Path: "/"}, srv.URL, DeliverOptions{Retries: 5, Backoff: fast})
	if err != nil || resp.Status != 400 || len(resp.Attempts) != 1 {
		t.Fatalf("resp %+v err %v", resp, err)
	}
}

func TestDeliverTimesOutAServerThatNeverAnswers(t *testing.T) {
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-block:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(block)
	start := time.Now()
	_, err := Deliver(context.Background(), &Request{Method: "POST", Path: "/"}, srv.URL, DeliverOptions{
		Timeout: 50 * time.Millisecond, Retries: 1, Backoff: fast,
	})
	var de *DeliveryError
	if !errors.As(err, &de) || len(de.Attempts) != 2 {
		t.Fatalf("error = %v", err)
	}
	if !strings.Contains(err.Error(), "after 2 attempts: timed out") {
		t.Fatalf("message = %q", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Fatal("the per-attempt timeout was not applied")
	}
}

func TestDeliverHonoursRetryAfter(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(429)
			return
		}
		w.WriteHeader(204)
	}))
	defer srv.Close()
	resp, err := Deliver(context.Background(), &Request{Method: "POST", Path: "/"}, srv.URL, DeliverOptions{Retries: 1, Backoff: fast})
	if err != nil {
		t.Fatal(err)
	}
	a := resp.Attempts[0]
	if a.Status != 429 || a.RetryAfter != time.Second || a.Wait != time.Second || resp.Status != 204 {
		t.Fatalf("attempts = %+v", resp.Attempts)
	}
	if resp.Total < time.Second {
		t.Fatalf("waited %v, want at least the 1 s asked for", resp.Total)
	}
}

func TestDeliverStopsWhenRetryAfterPassesTheDeadline(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		w.WriteHeader(429)
	}))
	defer srv.Close()
	resp, err := Deliver(context.Background(), &Request{Method: "POST", Path: "/"}, srv.URL, DeliverOptions{
		Retries: 3, Backoff: fast, MaxElapsed: 2 * time.Second,
	})
	if err != nil || resp.Status != 429 || len(resp.Attempts) != 1 {
		t.Fatalf("resp %+v err %v", resp, err)
	}
}

func TestDeliverRetriesAConnectionClosedMidResponse(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Content-Length", "100")
			w.WriteHeader(200)
			io.WriteString(w, "only part")
			w.(http.Flusher).Flush()
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.Close()
			return
		}
		io.WriteString(w, "whole")
	}))
	defer srv.Close()
	resp, err := Deliver(context.Background(), &Request{Method: "POST", Path: "/", Body: []byte("x")}, srv.URL, DeliverOptions{Retries: 2, Backoff: fast})
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.Attempts) != 2 || resp.Attempts[0].Err == nil || string(resp.Body) != "whole" {
		t.Fatalf("attempts %+v body %q", resp.Attempts, resp.Body)
	}
	if !strings.Contains(DescribeError(resp.Attempts[0].Err), "closed before a whole answer") {
		t.Fatalf("reason = %q", DescribeError(resp.Attempts[0].Err))
	}
}

func TestDeliverConnectionRefused(t *testing.T) {
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	addr := ln.Addr().String()
	ln.Close()
	_, err := Deliver(context.Background(), &Request{Method: "POST", Path: "/"}, "http://"+addr, DeliverOptions{Retries: 1, Backoff: fast})
	if err == nil || !strings.Contains(err.Error(), "connection refused") {
		t.Fatalf("error = %v", err)
	}
}

func TestDeliverStopsWhenCancelled(t *testing.T) {
	srv, _ := recordingServer(t, 503, "")
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	resp, err := Deliver(ctx, &Request{Method: "POST", Path: "/"}, srv.URL, DeliverOptions{
		Retries: 100, Backoff: Backoff{Initial: time.Hour},
		OnAttempt: func(Attempt) { calls++; cancel() },
	})
	if err != nil || resp.Status != 503 || calls != 1 {
		t.Fatalf("resp %+v err %v calls %d", resp, err, calls)
	}
}

func TestDeliverTruncatesHugeAnswers(t *testing.T) {
	srv, _ := recordingServer(t, 200, strings.Repeat("a", 5000))
	resp, err := Deliver(context.Background(), &Request{Method: "GET", Path: "/"}, srv.URL, DeliverOptions{MaxResponseBody: 100})
	if err != nil || len(resp.Body) != 100 || !resp.Truncated {
		t.Fatalf("body %d truncated %v err %v", len(resp.Body), resp.Truncated, err)
	}
}

func TestDeliverDoesNotFollowRedirects(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/elsewhere", http.StatusFound)
	}))
	defer srv.Close()
	resp, err := Deliver(context.Background(), &Request{Method: "POST", Path: "/"}, srv.URL, DeliverOptions{})
	if err != nil || resp.Status != 302 {
		t.Fatalf("resp %+v err %v", resp, err)
	}
}

func TestBackoffGrowsWithJitterAndCap(t *testing.T) {
	b := Backoff{Initial: 100 * time.Millisecond, Max: 400 * time.Millisecond}
	for n, want := range map[int]time.Duration{1: 100, 2: 200, 3: 400, 6: 400} {
		want *= time.Millisecond
		for i := 0; i < 50; i++ {
			if w := b.wait(n); w < want/2 || w > want {
				t.Fatalf("wait(%d) = %v, want within [%v, %v]", n, w, want/2, want)
			}
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	cases := map[string]time.Duration{
		"":                              0,
		"7":                             7 * time.Second,
		"-1":                            0,
		"soon":                          0,
		"Thu, 01 Jan 2026 00:00:30 GMT": 30 * time.Second,
	}
	for in, want := range cases {
		if got := parseRetryAfter(in, now); got != want {
			t.Errorf("parseRetryAfter(%q) = %v, want %v", in, got, want)
		}
	}
}
