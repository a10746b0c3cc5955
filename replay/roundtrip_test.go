package replay

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/hookctl/hookctl/listen"
	"github.com/hookctl/hookctl/sign"
	"github.com/hookctl/hookctl/webhook"
)

// startListener runs a real `hookctl listen --save` server that stops after
// limit requests, and returns its URL and a channel that yields once it has.
func startListener(t *testing.T, dir string, limit int) (string, <-chan listen.Summary) {
	t.Helper()
	srv, err := listen.New(listen.Config{
		Addr: "127.0.0.1:0", SaveDir: dir, Limit: limit, ShutdownGrace: 5 * time.Second,
		Scheme: scheme(t, "stripe"), Secrets: []string{stripeSecret},
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Listen(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	t.Cleanup(cancel)
	done := make(chan listen.Summary, 1)
	go func() {
		sum, _ := srv.Serve(ctx)
		done <- sum
	}()
	return srv.URL(), done
}

// TestListenSaveOutputReplaysWithoutEdits captures requests with listen
// --save, replays the folder to a second listener, and checks the second
// capture matches the first: method, path, query, headers, body, and a
// signature that still verifies.
func TestListenSaveOutputReplaysWithoutEdits(t *testing.T) {
	first, second := t.TempDir(), t.TempDir()
	url, done := startListener(t, first, 3)
	stripe := scheme(t, "stripe")
	body := []byte(`{"id":"evt_1","type":"invoice.paid"}`)
	signed, _ := stripe.Sign(sign.SignParams{Secret: stripeSecret, Body: body, Timestamp: time.Now()})
	sends := []*webhook.Request{
		{Method: "POST", Path: "/hooks/stripe", Headers: append(webhook.NewHeaders("Content-Type", "application/json"), webhook.Header(signed[0])), Body: body},
		{Method: "PUT", Path: "/hooks/bin?a=1&a=2", Headers: webhook.NewHeaders("X-Multi", "one", "X-Multi", "two", "x-lower", "v"), Body: []byte{0x1f, 0x8b, 0, 0xff}},
		{Method: "GET", Path: "/hooks/ping?q=a%20b"},
	}
	for _, r := range sends {
		if _, err := webhook.Deliver(context.Background(), r, url, webhook.DeliverOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	<-done

	url2, done2 := startListener(t, second, 3)
	sum := Run(context.Background(), Plan(load(t, first), Filter{}, OrderTime, 0), Options{Target: url2})
	if !sum.OK() {
		t.Fatalf("replay failed: %+v", sum.Results)
	}
	<-done2
	a, b := load(t, first), load(t, second)
	if len(a) != 3 || len(b) != 3 {
		t.Fatalf("%d and %d fixtures saved", len(a), len(b))
	}
	for i := range a {
		x, y := a[i].Request, b[i].Request
		if x.Method != y.Method || x.Path != y.Path || string(x.Body) != string(y.Body) {
			t.Errorf("%s: replayed as %s %s %q, captured as %s %s %q", a[i].Source, y.Method, y.Path, y.Body, x.Method, x.Path, x.Body)
		}
		x.Headers.Del("Host")
		y.Headers.Del("Host")
		if fmt.Sprint(x.Headers) != fmt.Sprint(y.Headers) {
			t.Errorf("%s: headers\ncaptured %v\nreplayed %v", a[i].Source, x.Headers, y.Headers)
		}
		if x.Headers.Has("Stripe-Signature") && (y.Verification == nil || !y.Verification.Valid) {
			t.Errorf("%s: the replayed signature did not verify: %+v", a[i].Source, y.Verification)
		}
	}
	if entries, _ := os.ReadDir(second); len(entries) != 3 {
		t.Errorf("%d files in the second folder", len(entries))
	}
}
