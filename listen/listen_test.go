package listen

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hookctl/hookctl/sign"
	"github.com/hookctl/hookctl/webhook"
)

// started is a listener running on 127.0.0.1:0 for one test.
type started struct {
	srv    *Server
	url    string
	events chan *Event
	stop   func() (Summary, error)
}

// start runs a real listener; each reported event arrives on events, so
// assertions happen on the test goroutine.
func start(t *testing.T, cfg Config) *started {
	t.Helper()
	events := make(chan *Event, 256)
	cfg.Addr = "127.0.0.1:0"
	cfg.OnRequest = func(ev *Event) { events <- ev }
	srv, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Listen(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	type result struct {
		sum Summary
		err error
	}
	done := make(chan result, 1)
	go func() {
		sum, err := srv.Serve(ctx)
		done <- result{sum, err}
	}()
	var res *result
	stop := func() (Summary, error) {
		if res == nil {
			cancel()
			r := <-done
			res = &r
		}
		return res.sum, res.err
	}
	t.Cleanup(func() { stop() })
	return &started{srv: srv, url: srv.URL(), events: events, stop: stop}
}

// next waits a bounded time for the next reported request.
func (s *started) next(t *testing.T) *Event {
	t.Helper()
	select {
	case ev := <-s.events:
		return ev
	case <-time.After(10 * time.Second):
		t.Fatal("no request was reported")
		return nil
	}
}

type answer struct {
	status int
	header http.Header
	body   string
}

// send makes a real HTTP request and reads the whole answer.
func send(t *testing.T, method, url string, h webhook.Headers, body []byte) answer {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for _, kv := range h {
		req.Header[kv.Name] = append(req.Header[kv.Name], kv.Value)
	}
	client := &http.Client{Timeout: 10 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return answer{resp.StatusCode, resp.Header, string(b)}
}

// signed returns headers that sign body as provider does with secret at ts.
func signed(t testing.TB, provider, secret string, body []byte, ts time.Time, url string) webhook.Headers {
	t.Helper()
	s, err := sign.Lookup(provider)
	if err != nil {
		t.Fatal(err)
	}
	hs, err := s.Sign(sign.SignParams{Secret: secret, Body: body, Timestamp: ts, URL: url})
	if err != nil {
		t.Fatal(err)
	}
	out := webhook.NewHeaders("Content-Type", "application/json")
	for _, h := range hs {
		out.Add(h.Name, h.Value)
	}
	return out
}

func scheme(t testing.TB, name string) sign.Scheme {
	t.Helper()
	s, err := sign.Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestAnswersEveryPathAndMethod(t *testing.T) {
	l := start(t, Config{})
	for _, m := range []string{"POST", "PUT", "GET", "DELETE", "PATCH"} {
		got := send(t, m, l.url+"/any/path?x=1&y=%2F", nil, []byte("hello"))
		ev := l.next(t)
		if got.status != 200 || ev.Request.Method != m || ev.Request.Path != "/any/path?x=1&y=%2F" {
			t.Errorf("%s: answered %d, captured %s %s", m, got.status, ev.Request.Method, ev.Request.Path)
		}
		if ev.Verification != nil || ev.Request.Verification != nil {
			t.Errorf("%s: a verification was made without a provider", m)
		}
	}
}

func TestConfiguredAnswer(t *testing.T) {
	l := start(t, Config{
		Answer: Answer{Status: 202, Headers: webhook.NewHeaders("X-Reply", "yes", "Content-Type", "application/json"), Body: []byte(`{"ok":true}`)},
		Delay:  20 * time.Millisecond,
	})
	got := send(t, "POST", l.url+"/", nil, []byte("{}"))
	ev := l.next(t)
	if got.status != 202 || got.body != `{"ok":true}` || got.header.Get("X-Reply") != "yes" {
		t.Fatalf("answer = %+v", got)
	}
	if ev.Delay != 20*time.Millisecond || ev.Answer.Status != 202 {
		t.Fatalf("event = %+v", ev)
	}
}

func TestBusyPort(t *testing.T) {
	l := start(t, Config{})
	srv, err := New(Config{Addr: strings.TrimPrefix(l.url, "http://")})
	if err != nil {
		t.Fatal(err)
	}
	err = srv.Listen()
	if err == nil || !strings.Contains(err.Error(), "already in use") || !strings.Contains(err.Error(), "--port 0") {
		t.Fatalf("err = %v", err)
	}
}

func TestMaxBody(t *testing.T) {
	l := start(t, Config{MaxBody: 1024})
	got := send(t, "POST", l.url+"/big", nil, bytes.Repeat([]byte("x"), 2048))
	ev := l.next(t)
	if got.status != http.StatusRequestEntityTooLarge || !strings.Contains(got.body, "1 KiB") {
		t.Fatalf("answer = %+v", got)
	}
	if !strings.Contains(ev.Rejected, "--max-body") || ev.Answer.Status != 413 {
		t.Fatalf("event = %+v", ev)
	}
	if got := send(t, "POST", l.url+"/small", nil, bytes.Repeat([]byte("x"), 1024)); got.status != 200 {
		t.Fatalf("a body at the limit got %d", got.status)
	}
}

func TestLimitEndsServe(t *testing.T) {
	l := start(t, Config{Limit: 2, Scheme: scheme(t, "github"), Secrets: []string{"s3cret"}})
	body := []byte(`{"zen":"hi"}`)
	send(t, "POST", l.url+"/", signed(t, "github", "s3cret", body, time.Now(), ""), body)
	send(t, "POST", l.url+"/", signed(t, "github", "wrong", body, time.Now(), ""), body)
	sum, err := l.stop()
	if err != nil || !sum.Complete || sum.Requests != 2 || sum.Unverified != 1 {
		t.Fatalf("summary = %+v, err = %v", sum, err)
	}
}

func TestGracefulShutdownFinishesInFlight(t *testing.T) {
	l := start(t, Config{Delay: 300 * time.Millisecond, Answer: Answer{Body: []byte("done")}})
	got := make(chan answer, 1)
	go func() {
		resp, err := http.Post(l.url+"/", "text/plain", strings.NewReader("x"))
		if err != nil {
			got <- answer{body: err.Error()}
			return
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		got <- answer{status: resp.StatusCode, body: string(b)}
	}()
	l.next(t) // reported, now holding its answer back for Delay
	if _, err := l.stop(); err != nil {
		t.Fatal(err)
	}
	if a := <-got; a.status != 200 || a.body != "done" {
		t.Fatalf("the request in flight got %+v", a)
	}
}

func TestURLNamesTheRealPort(t *testing.T) {
	srv, err := New(Config{Addr: ":0"})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Listen(); err != nil {
		t.Fatal(err)
	}
	defer srv.ln.Close()
	if u := srv.URL(); !strings.HasPrefix(u, "http://localhost:") || strings.HasSuffix(u, ":0") {
		t.Fatalf("URL = %q", u)
	}
}

// A client that never finishes its headers is cut off, so it cannot hold
// a connection open for ever.
func TestSlowClientIsCutOff(t *testing.T) {
	l := start(t, Config{ReadHeaderTimeout: 100 * time.Millisecond})
	conn, err := net.Dial("tcp", strings.TrimPrefix(l.url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	io.WriteString(conn, "POST / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
	conn.SetReadDeadline(time.Now().Add(10 * time.Second))
	_, err = io.ReadAll(conn)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatal("the listener kept a client that never finished its headers")
	}
	select {
	case ev := <-l.events:
		t.Fatalf("half a request was reported: %+v", ev)
	default:
	}
}
