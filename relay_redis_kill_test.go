package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hookctl/hookctl/relay"
	"github.com/hookctl/hookctl/webhook"
)

// startRedisRelay runs `hookctl relay serve` on the Redis at url.
func startRedisRelay(t *testing.T, addr, url string) *relayProcess {
	t.Helper()
	cmd := exec.Command("hookctl", "relay", "serve", "--addr", addr, "--quiet", "--response-timeout", "2s")
	cmd.Env = append(os.Environ(), "HOOKCTL_RELAY_STORE="+url)
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stderr).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "relay listening on") {
		cmd.Process.Kill()
		t.Fatalf("relay did not start: %q %v", line, err)
	}
	go io.Copy(io.Discard, stderr)
	p := &relayProcess{cmd: cmd}
	t.Cleanup(p.kill)
	return p
}

// Two relay processes share a Redis; the client is on A and senders send
// to B. A is killed with SIGKILL mid-stream: every request B acknowledged
// reaches the app once a client connects to B.
func TestRedisRelaySurvivesInstanceSIGKILL(t *testing.T) {
	url := os.Getenv("HOOKCTL_TEST_REDIS")
	if url == "" {
		t.Skip("HOOKCTL_TEST_REDIS is not set")
	}
	addrA, addrB := freeAddr(t), freeAddr(t)
	a := startRedisRelay(t, addrA, url)
	startRedisRelay(t, addrB, url)

	got := make(chan string, 1000)
	handler := func(ctx context.Context, req *webhook.Request) (*webhook.Response, error) {
		got <- string(req.Body)
		return &webhook.Response{Status: 200, Body: []byte("app")}, nil
	}
	sessions := make(chan relay.Session, 10)
	newClient := func(base, channel, token string) (stop func()) {
		c, err := relay.NewClient(relay.ClientConfig{RelayURL: base, Channel: channel, Token: token, Handler: handler,
			Backoff: relay.Backoff{Initial: 50 * time.Millisecond, Max: 200 * time.Millisecond},
			Visitor: relay.Visitor{OnConnected: func(s relay.Session) { sessions <- s }}})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { c.Run(ctx); close(done) }()
		return func() { cancel(); <-done }
	}
	stopA := newClient("http://"+addrA, "", "")
	sess := <-sessions
	viaB := "http://" + addrB + "/c/" + sess.Channel
	// The first answer through B proves the route B → A → app → B.
	waitUntil(t, "an answer from the app through B", func() bool {
		resp, err := http.Post(viaB, "text/plain", strings.NewReader("probe"))
		if err != nil {
			return false
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		return resp.StatusCode == 200 && string(body) == "app"
	})

	const n = 300
	var mu sync.Mutex
	acked := map[string]bool{}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += 4 {
				if i == n/3 {
					a.kill()
				}
				resp, err := http.Post(viaB, "text/plain", strings.NewReader(strconv.Itoa(i)))
				if err != nil {
					continue
				}
				resp.Body.Close()
				if resp.StatusCode/100 == 2 {
					mu.Lock()
					acked[strconv.Itoa(i)] = true
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	stopA()
	if len(acked) < n*2/3 {
		t.Fatalf("B acknowledged only %d of %d requests with A dead", len(acked), n)
	}
	stopB := newClient("http://"+addrB, sess.Channel, sess.Token)
	defer stopB()
	arrived := map[string]bool{}
	deadline := time.After(30 * time.Second)
	for missing := len(acked); missing > 0; {
		select {
		case b := <-got:
			if acked[b] && !arrived[b] {
				arrived[b] = true
				missing--
			}
		case <-deadline:
			t.Fatalf("%d of %d acknowledged requests never arrived", len(acked)-len(arrived), len(acked))
		}
	}
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
