package main

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hookctl/hookctl/relay"
	"github.com/hookctl/hookctl/webhook"
)

// relayProcess is `hookctl relay serve` run as a real process, so that it
// can be killed with SIGKILL.
type relayProcess struct {
	cmd *exec.Cmd
}

func startRelay(t *testing.T, addr, db string) *relayProcess {
	t.Helper()
	cmd := exec.Command("hookctl", "relay", "serve", "--addr", addr, "--store", db, "--quiet")
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

func (p *relayProcess) kill() {
	if p.cmd.ProcessState == nil {
		p.cmd.Process.Signal(syscall.SIGKILL)
		p.cmd.Wait()
	}
}

func freeAddr(t *testing.T) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// TestRelaySurvivesSIGKILL kills the relay twice mid-stream, once with no
// client (everything queued) and once with a client connected: every
// request the relay acknowledged (2xx) still reaches the app, queued ones
// in order.
func TestRelaySurvivesSIGKILL(t *testing.T) {
	addr, db := freeAddr(t), filepath.Join(t.TempDir(), "relay.db")
	base := "http://" + addr
	p := startRelay(t, addr, db)

	got := make(chan string, 1000)
	handler := func(ctx context.Context, req *webhook.Request) (*webhook.Response, error) {
		got <- string(req.Body)
		return &webhook.Response{Status: 200}, nil
	}
	sessions := make(chan relay.Session, 10)
	newClient := func(channel, token string) (stop func()) {
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
	stop := newClient("", "")
	sess := <-sessions
	stop()

	send := func(i int) bool {
		resp, err := http.Post(sess.URL+"/e", "text/plain", strings.NewReader(strconv.Itoa(i)))
		if err != nil {
			return false
		}
		resp.Body.Close()
		return resp.StatusCode/100 == 2
	}
	// stream sends from..to-1 with that many concurrent senders and, once
	// killAt of them are acknowledged, kills the relay while requests are in
	// flight and starts it again on the same store.
	var mu sync.Mutex
	var acked []int
	stream := func(from, to, senders, killAt int) {
		jobs := make(chan int)
		var wg sync.WaitGroup
		killed := make(chan struct{})
		for range senders {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range jobs {
					if send(i) {
						mu.Lock()
						acked = append(acked, i)
						if len(acked) == killAt {
							close(killed)
						}
						mu.Unlock()
					}
				}
			}()
		}
		restarted := make(chan struct{})
		go func() {
			defer close(restarted)
			<-killed
			p.kill()
			time.Sleep(100 * time.Millisecond)
			p = startRelay(t, addr, db)
		}()
		for i := from; i < to; i++ {
			jobs <- i
			if i == from+(to-from)*3/4 {
				<-restarted // keep some sends for after the restart
			}
		}
		close(jobs)
		wg.Wait()
		<-restarted
	}
	// Phase 1: no client, everything is queued; one sender, so the order
	// of arrival is known.
	stream(0, 200, 1, 100)
	// Phase 2: a client connected, answering live.
	stop = newClient(sess.Channel, sess.Token)
	defer func() { stop() }()
	<-sessions
	stream(200, 400, 4, len(acked)+50)
	arrived := map[string]bool{}
	var order []int
	deadline := time.After(30 * time.Second)
	for missing := len(acked); missing > 0; {
		select {
		case b := <-got:
			n, _ := strconv.Atoi(b)
			if !arrived[b] {
				order = append(order, n)
			}
			arrived[b] = true
			missing = countMissing(acked, arrived)
		case <-deadline:
			t.Fatalf("%d acknowledged requests never arrived: %v", countMissing(acked, arrived), acked)
		}
	}
	queued := slices.Sorted(slices.Values(acked[:slices.IndexFunc(acked, func(i int) bool { return i >= 200 })]))
	for i, n := range queued {
		if order[i] != n {
			t.Fatalf("queued requests arrived out of order: %v, want %v", order[:i+1], queued[:i+1])
		}
	}
	t.Logf("%d of 400 acknowledged, all arrived; %d distinct deliveries", len(acked), len(order))
	if len(acked) < 200 {
		t.Fatalf("only %d of 400 requests were acknowledged; the restarts took too long", len(acked))
	}
}

func countMissing(acked []int, arrived map[string]bool) int {
	n := 0
	for _, i := range acked {
		if !arrived[strconv.Itoa(i)] {
			n++
		}
	}
	return n
}

// SIGTERM (as from systemd) stops the relay cleanly, with exit status 0.
func TestRelayStopsOnSIGTERM(t *testing.T) {
	p := startRelay(t, freeAddr(t), filepath.Join(t.TempDir(), "relay.db"))
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- p.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("relay exited with %v after SIGTERM, want status 0", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("relay did not stop within 20s of SIGTERM")
	}
}
