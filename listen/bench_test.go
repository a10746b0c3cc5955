package listen

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"testing"
	"time"
)

// BenchmarkListen measures a signed Stripe delivery through the listener:
// HTTP on 127.0.0.1, capture with the wire header order, verification and
// the answer, over kept-alive connections.
func BenchmarkListen(b *testing.B) {
	const secret = "whsec_hookctlExampleStripeSecret0000000000"
	srv, err := New(Config{Addr: "127.0.0.1:0", Scheme: scheme(b, "stripe"), Secrets: []string{secret}})
	if err != nil {
		b.Fatal(err)
	}
	if err := srv.Listen(); err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { srv.Serve(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	body := bytes.Repeat([]byte(`{"id":"evt_1","type":"charge.succeeded","data":{"object":{}}}`), 16)
	h := signed(b, "stripe", secret, body, time.Now(), "")
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
	b.SetBytes(int64(len(body)))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			req, _ := http.NewRequest("POST", srv.URL()+"/hooks", bytes.NewReader(body))
			req.Header = h.HTTP()
			resp, err := client.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != 200 {
				b.Errorf("status %d", resp.StatusCode)
				return
			}
		}
	})
}
