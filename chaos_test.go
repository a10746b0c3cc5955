package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/hookctl/hookctl/sign"
)

// The chaos run: a sender fires signed Stripe events at a steady rate
// through the real relay to an app that verifies each one, while the
// tunnel client is SIGKILLed and restarted every few seconds and the relay
// is SIGKILLed and restarted twice on its bbolt store. Every event the
// relay acknowledged (2xx) must reach the app, verified; duplicates come
// only from kills between delivery and acknowledgement.
//
// It sends 1,000 events at 100/s; HOOKCTL_CHAOS=N sends N (the long run is
// HOOKCTL_CHAOS=10000), HOOKCTL_CHAOS_RATE=R changes the rate.
func TestRelayChaos(t *testing.T) {
	n, rate := envInt(t, "HOOKCTL_CHAOS", 1000), envInt(t, "HOOKCTL_CHAOS_RATE", 100)
	const secret = "whsec_hookctlChaosSecret000000000000"
	dir := t.TempDir()
	addr, db := freeAddr(t), filepath.Join(dir, "relay.db")
	app := newVerifyingApp(t, secret)
	rp := startChaosRelay(t, addr, db)
	base := "http://" + addr
	client := &chaosClient{args: []string{"relay", "connect", base + "/c/chaos", "--token", "rt_chaos", "--forward-to", app.URL,
		"--json", "--no-save"}, dir: dir}
	client.start(t)
	defer client.kill()
	waitConnected(t, client)

	sending := time.Duration(n) * time.Second / time.Duration(rate)
	stopChaos := make(chan struct{})
	kills := &chaosKills{}
	chaosDone := make(chan struct{})
	go func() {
		defer close(chaosDone)
		kills.run(t, stopChaos, sending, client, func() { rp.kill(); time.Sleep(300 * time.Millisecond); rp = startChaosRelay(t, addr, db) })
	}()
	accepted, sent := fire(t, base+"/c/chaos/webhooks/stripe", secret, n, rate)
	close(stopChaos)
	<-chaosDone
	client.ensureRunning(t)

	// Everything acknowledged must arrive; allow time for the backlog.
	deadline := time.Now().Add(60*time.Second + sending)
	for app.missing(accepted) > 0 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond) // let late duplicates show
	lost := app.missing(accepted)
	deliveries, distinct, invalid := app.counts()
	dups := deliveries - distinct
	// A request can be stored, and so delivered, by a relay killed before
	// it could answer 202: delivered but never acknowledged.
	unacked := distinct - (len(accepted) - lost)
	t.Logf("chaos: sent %d, accepted %d, delivered %d (distinct, verified; %d of them never acknowledged to the sender), duplicates at the app %d, duplicates dropped by the client %d, invalid %d, lost %d; client killed %d times, relay %d times",
		sent, len(accepted), distinct, unacked, dups, client.dropped.Load(), invalid, lost, kills.client, kills.relay)
	switch {
	case lost > 0:
		t.Errorf("%d acknowledged events never reached the app", lost)
	case invalid > 0:
		t.Errorf("%d deliveries failed signature verification", invalid)
	case dups > kills.client+kills.relay:
		t.Errorf("%d duplicates for %d kills: more than one per kill", dups, kills.client+kills.relay)
	case len(accepted) < n/2:
		t.Errorf("only %d of %d events were acknowledged; the restarts took too long", len(accepted), n)
	}
}

func envInt(t *testing.T, name string, def int) int {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil || n <= 0 {
		t.Fatalf("%s=%q: want a positive number", name, v)
	}
	return n
}

func startChaosRelay(t *testing.T, addr, db string) *relayProcess {
	t.Helper()
	// A short answer wait, so that a request caught by a client kill is
	// queued (202) soon rather than holding its sender for 9 s.
	cmd := exec.Command("hookctl", "relay", "serve", "--addr", addr, "--store", db, "--quiet", "--response-timeout", "2s")
	var stderr lineWaiter
	stderr.want = "relay listening on"
	stderr.seen = make(chan struct{})
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &relayProcess{cmd: cmd}
	t.Cleanup(p.kill)
	select {
	case <-stderr.seen:
	case <-time.After(10 * time.Second):
		p.kill()
		t.Fatalf("relay did not start within 10s: %s", stderr.buf.String())
	}
	return p
}

// lineWaiter closes seen once want has been written to it.
type lineWaiter struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	want string
	seen chan struct{}
	once sync.Once
}

func (w *lineWaiter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if bytes.Contains(w.buf.Bytes(), []byte(w.want)) {
		w.once.Do(func() { close(w.seen) })
	}
	return len(p), nil
}

// fire sends n signed events at rate per second, each in its own
// goroutine, and returns the ids of those the relay acknowledged (2xx).
func fire(t *testing.T, url, secret string, n, rate int) (accepted []string, sent int) {
	scheme, err := sign.Lookup("stripe")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, 512)
	tick := time.NewTicker(time.Second / time.Duration(rate))
	defer tick.Stop()
	for i := range n {
		<-tick.C
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			id := fmt.Sprintf("evt_chaos_%06d", i)
			if postSigned(scheme, url, secret, id) {
				mu.Lock()
				accepted = append(accepted, id)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	return accepted, n
}

func postSigned(scheme sign.Scheme, url, secret, id string) bool {
	body := []byte(fmt.Sprintf(`{"id":%q,"object":"event","type":"payment_intent.succeeded","data":{"object":{"amount":2000}}}`, id))
	headers, err := scheme.Sign(sign.SignParams{Secret: secret, Body: body, Timestamp: time.Now()})
	if err != nil {
		return false
	}
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "POST", url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for _, h := range headers {
		req.Header.Set(h.Name, h.Value)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return false
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode/100 == 2
}

// verifyingApp is the local app: it checks each Stripe signature and
// counts deliveries per event id.
type verifyingApp struct {
	*httptest.Server
	mu      sync.Mutex
	got     map[string]int
	n       int
	invalid int
}

func newVerifyingApp(t *testing.T, secret string) *verifyingApp {
	scheme, err := sign.Lookup("stripe")
	if err != nil {
		t.Fatal(err)
	}
	a := &verifyingApp{got: map[string]int{}}
	a.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		_, err := scheme.Verify(sign.VerifyParams{Headers: r.Header, Body: body, Secrets: []string{secret}, Now: time.Now(), Tolerance: time.Hour})
		var ev struct{ ID string }
		json.Unmarshal(body, &ev)
		a.mu.Lock()
		defer a.mu.Unlock()
		if err != nil || ev.ID == "" {
			a.invalid++
			http.Error(w, "bad signature", 400)
			return
		}
		a.n++
		a.got[ev.ID]++
	}))
	t.Cleanup(a.Close)
	return a
}

func (a *verifyingApp) missing(ids []string) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	n := 0
	for _, id := range ids {
		if a.got[id] == 0 {
			n++
		}
	}
	return n
}

func (a *verifyingApp) counts() (deliveries, distinct, invalid int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.n, len(a.got), a.invalid
}
