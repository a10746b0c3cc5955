package listen

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hookctl/hookctl/webhook"
)

// seen is what the app received, sent from its handler to the test.
type seen struct {
	method, uri, auth string
	body              []byte
	validSignature    bool
}

// app is a target that checks GitHub's signature itself, as a user's app
// would, and answers 202 with a body and a header.
func app(t *testing.T, secret string) (string, chan seen) {
	got := make(chan seen, 64)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mac := hmac.New(sha256.New, []byte(secret))
		mac.Write(body)
		want := "sha256=" + hex.EncodeToString(mac.Sum(nil))
		got <- seen{r.Method, r.RequestURI, r.Header.Get("Authorization"), body, hmac.Equal([]byte(want), []byte(r.Header.Get("X-Hub-Signature-256")))}
		w.Header().Set("X-App", "yes")
		w.WriteHeader(http.StatusAccepted)
		io.WriteString(w, "queued by the app")
	}))
	t.Cleanup(srv.Close)
	return srv.URL, got
}

func TestForwardPreservesEveryByte(t *testing.T) {
	const secret = "hookctl-example-github-secret"
	target, received := app(t, secret)
	l := start(t, Config{ForwardTo: target + "/base", Redact: true, Scheme: scheme(t, "github"), Secrets: []string{secret}})
	body := []byte("{\n  \"zen\": \"Keep it logically awesome.\",\t\"bytes\": \"\\u00e9 é\"\n}\n")
	h := append(signed(t, "github", secret, body, time.Now(), ""), webhook.NewHeaders("Authorization", "Bearer app-token")...)
	got := send(t, "PUT", l.url+"/hooks/gh?x=1&y=%2F", h, body)
	ev := l.next(t)
	app := <-received
	if !app.validSignature || string(app.body) != string(body) || app.method != "PUT" || app.uri != "/base/hooks/gh?x=1&y=%2F" {
		t.Fatalf("the app saw %+v", app)
	}
	if app.auth != "Bearer app-token" {
		t.Fatalf("the app got Authorization %q: redaction must only touch what is shown", app.auth)
	}
	if got.status != 202 || got.body != "queued by the app" || got.header.Get("X-App") != "yes" {
		t.Fatalf("the sender got %+v, want the app's answer", got)
	}
	if ev.Forwarded == nil || ev.Forwarded.Status != 202 || string(ev.Forwarded.Body) != "queued by the app" || ev.Forwarded.Duration <= 0 {
		t.Fatalf("event forwarded = %+v", ev.Forwarded)
	}
}

func TestFixedStatusWinsOverTheApp(t *testing.T) {
	target, received := app(t, "x")
	l := start(t, Config{ForwardTo: target, Answer: Answer{Status: 204}, AnswerFixed: true})
	got := send(t, "POST", l.url+"/", nil, []byte("{}"))
	<-received
	if ev := l.next(t); got.status != 204 || ev.Forwarded.Status != 202 {
		t.Fatalf("sender got %d, app answered %+v", got.status, ev.Forwarded)
	}
}

func TestAppDownGets502AndIsStillSaved(t *testing.T) {
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close()
	dir := t.TempDir()
	l := start(t, Config{ForwardTo: down.URL, SaveDir: dir})
	got := send(t, "POST", l.url+"/", nil, []byte("{}"))
	ev := l.next(t)
	if got.status != http.StatusBadGateway || !strings.Contains(got.body, "connection refused") {
		t.Fatalf("sender got %+v", got)
	}
	if ev.ForwardErr == nil || ev.Forwarded != nil {
		t.Fatalf("event = %+v", ev)
	}
	if _, err := os.Stat(ev.Saved); err != nil {
		t.Fatalf("not saved: %v", err)
	}
}

func TestFaultInjection(t *testing.T) {
	cases := []struct {
		name string
		fail FailConfig
		want []int
	}{
		{"first two", FailConfig{First: 2}, []int{500, 500, 200, 200}},
		{"every one, 503", FailConfig{Rate: 1, Status: 503}, []int{503, 503}},
		{"rate", FailConfig{Rate: 0.3, Rand: sequence(0.1, 0.5, 0.29, 0.3)}, []int{500, 200, 500, 200}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			l := start(t, Config{Fail: tc.fail})
			for i, want := range tc.want {
				got := send(t, "POST", l.url+"/", nil, nil)
				ev := l.next(t)
				if got.status != want || ev.Injected != (want != 200) {
					t.Fatalf("request %d: %d (injected %v), want %d", i+1, got.status, ev.Injected, want)
				}
			}
		})
	}
}

func sequence(v ...float64) func() float64 {
	var mu sync.Mutex
	return func() float64 {
		mu.Lock()
		defer mu.Unlock()
		x := v[0]
		v = v[1:]
		return x
	}
}

func TestConcurrentRequestsAreAllReported(t *testing.T) {
	l := start(t, Config{Limit: 50})
	var wg sync.WaitGroup
	statuses := make(chan int, 50)
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.Post(fmt.Sprintf("%s/n/%d", l.url, i), "text/plain", strings.NewReader(strings.Repeat("x", i)))
			if err != nil {
				statuses <- 0
				return
			}
			resp.Body.Close()
			statuses <- resp.StatusCode
		}()
	}
	wg.Wait()
	close(statuses)
	for s := range statuses {
		if s != 200 {
			t.Fatalf("a request got %d", s)
		}
	}
	seqs := map[int]bool{}
	for i := 0; i < 50; i++ {
		ev := l.next(t)
		if seqs[ev.Seq] || len(ev.Request.Body) != mustAtoi(t, strings.TrimPrefix(ev.Request.Path, "/n/")) {
			t.Fatalf("event %d is a duplicate or has another request's body", ev.Seq)
		}
		seqs[ev.Seq] = true
	}
	if sum, _ := l.stop(); sum.Requests != 50 || !sum.Complete {
		t.Fatalf("summary = %+v", sum)
	}
}

func mustAtoi(t *testing.T, s string) int {
	var n int
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatal(err)
	}
	return n
}

// The relay client hands requests to Handle without an HTTP server of its
// own: the same checks, saving, forwarding and reporting apply.
func TestHandleWithoutServing(t *testing.T) {
	const secret = "hookctl-example-github-secret"
	target, received := app(t, secret)
	var reported []*Event
	srv, err := New(Config{ForwardTo: target, SaveDir: t.TempDir(), Scheme: scheme(t, "github"), Secrets: []string{secret},
		OnRequest: func(ev *Event) { reported = append(reported, ev) }})
	if err != nil {
		t.Fatal(err)
	}
	body := []byte(`{"zen":"relayed"}`)
	req := &webhook.Request{ID: "req_relay", ReceivedAt: time.Now(), Method: "POST", Path: "/gh",
		Headers: append(signed(t, "github", secret, body, time.Now(), ""), webhook.NewHeaders("X-GitHub-Event", "ping")...), Body: body}
	ev := srv.Handle(context.Background(), req)
	if got := <-received; !got.validSignature || got.uri != "/gh" {
		t.Fatalf("the app saw %+v", got)
	}
	if ev.Answer.Status != 202 || !ev.Verification.Valid || ev.Saved == "" || len(reported) != 1 || reported[0] != ev {
		t.Fatalf("event %+v", ev)
	}
	if req.Provider != "" || req.Verification != nil {
		t.Fatal("Handle changed the caller's request")
	}
}
