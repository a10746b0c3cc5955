package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"
	"github.com/hookctl/hookctl/relay"
	"github.com/hookctl/hookctl/webhook"
)

// startLoggedRelay runs `hookctl relay serve` with its log kept, waiting
// (10 s at most) for it to listen.
func startLoggedRelay(t *testing.T, args ...string) (*relayProcess, *lineWaiter) {
	t.Helper()
	addr := freeAddr(t)
	cmd := exec.Command("hookctl", append([]string{"relay", "serve", "--addr", addr}, args...)...)
	log := &lineWaiter{want: "relay listening on", seen: make(chan struct{})}
	cmd.Stderr = log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	p := &relayProcess{cmd: cmd}
	t.Cleanup(p.kill)
	select {
	case <-log.seen:
	case <-time.After(10 * time.Second):
		t.Fatalf("relay did not start: %s", log.buf.String())
	}
	return p, log
}

func (p *relayProcess) base() string {
	for i, a := range p.cmd.Args {
		if a == "--addr" {
			return "http://" + p.cmd.Args[i+1]
		}
	}
	return ""
}

// rssKiB is the resident memory of process pid, from /proc.
func rssKiB(t *testing.T, pid int) int {
	t.Helper()
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		t.Skipf("no /proc here: %v", err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			n, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(rest), " kB"))
			return n
		}
	}
	t.Fatal("no VmRSS in /proc status")
	return 0
}

// A tunnel client that subscribes and then stops reading does not hold up
// the relay or other channels: senders to it get 202 (kept) once the answer
// wait is over, another channel's client keeps getting its requests live,
// the stuck client is disconnected, and a client that comes later gets
// every kept request.
func TestStuckClientDoesNotBlockRelay(t *testing.T) {
	p, log := startLoggedRelay(t, "--store", filepath.Join(t.TempDir(), "relay.db"), "--response-timeout", "1s")
	base := p.base()
	stuck := dialStuck(t, base, "stuck")
	defer stuck.Close()
	live, stopLive := connectClient(t, base, "", "", func(ctx context.Context, req *webhook.Request) (*webhook.Response, error) {
		return &webhook.Response{Status: 200}, nil
	})
	defer stopLive()

	const n, size = 40, 512 << 10 // 20 MiB: more than any socket buffer holds
	status := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := bytes.Repeat([]byte{'a' + byte(i%26)}, size)
			resp, err := http.Post(fmt.Sprintf("%s/c/stuck/%d", base, i), "text/plain", bytes.NewReader(body))
			if err == nil {
				resp.Body.Close()
				status[i] = resp.StatusCode
			}
		}()
	}
	// Meanwhile the other channel answers live. A 200 (not the 202 the
	// relay gives once its 1 s answer wait is over) is the proof that the
	// stuck client holds nothing up; no wall-clock bound is asserted, as
	// -race on a busy machine stretches every request.
	client := &http.Client{Timeout: 30 * time.Second}
	for i := range 20 {
		resp, err := client.Post(live.URL+"/ok", "text/plain", strings.NewReader(strconv.Itoa(i)))
		if err != nil {
			t.Fatalf("live request %d on another channel: %v", i, err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("live request %d on another channel got %d, want 200 (answered live)", i, resp.StatusCode)
		}
	}
	wg.Wait()
	for i, s := range status {
		if s != 202 {
			t.Fatalf("request %d to the stuck client's channel got %d, want 202 (kept)", i, s)
		}
	}
	waitLog(t, log, "client left stuck", 60*time.Second)

	got := make(chan int, n)
	_, stop := connectClient(t, base, "stuck", "rt_stuck", func(ctx context.Context, req *webhook.Request) (*webhook.Response, error) {
		if len(req.Body) == size {
			got <- int(req.Body[0])
		}
		return &webhook.Response{Status: 200}, nil
	})
	defer stop()
	for i := range n {
		select {
		case <-got:
		case <-time.After(30 * time.Second):
			t.Fatalf("only %d of %d kept requests reached the next client", i, n)
		}
	}
}

// dialStuck subscribes to channel over a raw websocket and never reads.
func dialStuck(t *testing.T, base, channel string) *websocket.Conn {
	t.Helper()
	d := websocket.Dialer{Subprotocols: []string{relay.Subprotocol}, HandshakeTimeout: 5 * time.Second}
	ws, _, err := d.Dial("ws"+strings.TrimPrefix(base, "http")+"/ws", nil)
	if err != nil {
		t.Fatal(err)
	}
	frame, _ := relay.Encode(&relay.Message{Type: relay.TypeSubscribe, V: relay.ProtocolVersion, Channel: channel, Token: "rt_" + channel})
	if err := ws.WriteMessage(websocket.TextMessage, frame); err != nil {
		t.Fatal(err)
	}
	if _, msg, err := ws.ReadMessage(); err != nil || !bytes.Contains(msg, []byte(relay.TypeSubscribed)) {
		t.Fatalf("subscribe: %s %v", msg, err)
	}
	return ws
}

func waitLog(t *testing.T, log *lineWaiter, want string, limit time.Duration) {
	t.Helper()
	for deadline := time.Now().Add(limit); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		log.mu.Lock()
		ok := strings.Contains(log.buf.String(), want)
		log.mu.Unlock()
		if ok {
			return
		}
	}
	t.Fatalf("the relay did not log %q within %v", want, limit)
}
