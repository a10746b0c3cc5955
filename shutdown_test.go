package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/hookctl/hookctl/relay"
	"github.com/hookctl/hookctl/webhook"
)

// startBackground runs hookctl as a process and waits (10 s at most) for
// its --ready-file, returning the URL written there.
func startBackground(t *testing.T, dir string, args ...string) (*exec.Cmd, string) {
	t.Helper()
	ready := filepath.Join(dir, fmt.Sprintf("ready-%d", time.Now().UnixNano()))
	cmd := exec.Command("hookctl", append(args, "--ready-file", ready)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "NO_COLOR=1", "XDG_CONFIG_HOME="+dir)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if b, err := os.ReadFile(ready); err == nil && len(b) > 0 {
			return cmd, strings.TrimSpace(string(b))
		}
	}
	t.Fatalf("hookctl %v was not ready within 10s", args)
	return nil, ""
}

// postAll sends n requests at once and reports each answer's status (0
// for no answer) once all have returned.
func postAll(urls []string, body func(i int) string) []int {
	status := make([]int, len(urls))
	var wg sync.WaitGroup
	for i, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.Post(u, "application/json", strings.NewReader(body(i)))
			if err == nil {
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				status[i] = resp.StatusCode
			}
		}()
	}
	wg.Wait()
	return status
}

// On SIGINT or SIGTERM, listen --save lets the requests in flight (held by
// --delay) finish, saves each as a complete fixture, and exits 0.
func TestListenShutdownFinishesInFlight(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			save := filepath.Join(dir, "saved")
			os.Mkdir(save, 0o755)
			cmd, url := startBackground(t, dir, "listen", "--port", "0", "--save", save, "--delay", "1s")
			urls := make([]string, 8)
			for i := range urls {
				urls[i] = fmt.Sprintf("%s/hook/%d", url, i)
			}
			go func() {
				time.Sleep(300 * time.Millisecond) // all eight are being held
				cmd.Process.Signal(sig)
			}()
			body := func(i int) string { return fmt.Sprintf(`{"n":%d,"pad":%q}`, i, strings.Repeat("x", 64<<10)) }
			status := postAll(urls, body)
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("listen exited with %v after %v, want 0", err, sig)
				}
			case <-time.After(15 * time.Second):
				t.Fatal("listen did not stop within 15s")
			}
			for i, s := range status {
				if s != 200 {
					t.Errorf("request %d got %d, want 200 (finished before exit)", i, s)
				}
			}
			checkSaved(t, save, len(urls), body)
		})
	}
}

// checkSaved checks that dir holds exactly n complete fixtures, with the
// bodies sent, and no temporary files.
func checkSaved(t *testing.T, dir string, n int, body func(i int) string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	if len(entries) != n {
		t.Fatalf("%d files saved, want %d", len(entries), n)
	}
	seen := map[string]bool{}
	for _, e := range entries {
		req, err := webhook.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatalf("saved %s is not a complete fixture: %v", e.Name(), err)
		}
		seen[string(req.Body)] = true
	}
	for i := range n {
		if !seen[body(i)] {
			t.Errorf("request %d was not saved byte for byte", i)
		}
	}
}

// On SIGTERM, relay serve lets the requests waiting for a slow local app
// finish, keeps what was queued in its store, and exits 0: after a restart
// on the same file, every request answered 202 is still there.
func TestRelayShutdownFinishesInFlight(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "relay.db")
	addr := freeAddr(t)
	relayCmd, base := startBackground(t, dir, "relay", "serve", "--addr", addr, "--store", db, "--quiet")
	slow := func(ctx context.Context, req *webhook.Request) (*webhook.Response, error) {
		time.Sleep(time.Second)
		return &webhook.Response{Status: 200}, nil
	}
	sess, stop := connectClient(t, base, "", "", slow)
	urls := make([]string, 6)
	for i := range urls {
		urls[i] = fmt.Sprintf("%s/live/%d", sess.URL, i)
	}
	go func() {
		time.Sleep(300 * time.Millisecond)
		relayCmd.Process.Signal(syscall.SIGTERM)
	}()
	body := func(i int) string { return fmt.Sprint(i) }
	status := postAll(urls, body)
	stop()
	stopped := make(chan error, 1)
	go func() { stopped <- relayCmd.Wait() }()
	select {
	case err := <-stopped:
		if err != nil {
			t.Fatalf("relay exited with %v after SIGTERM, want 0", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("relay did not stop within 20s of SIGTERM")
	}
	queued := map[string]bool{}
	for i, s := range status {
		switch s {
		case 200:
		case 202:
			queued[body(i)] = true
		default:
			t.Errorf("request %d in flight at SIGTERM got %d, want 200 or 202", i, s)
		}
	}
	t.Logf("in flight at SIGTERM: %d answered by the app, %d queued", len(status)-len(queued), len(queued))
	// The store was flushed: a restart hands the queued ones over.
	_, base = startBackground(t, dir, "relay", "serve", "--addr", addr, "--store", db, "--quiet")
	got := make(chan string, len(urls))
	_, stop = connectClient(t, base, sess.Channel, sess.Token, func(ctx context.Context, req *webhook.Request) (*webhook.Response, error) {
		got <- string(req.Body)
		return &webhook.Response{Status: 200}, nil
	})
	defer stop()
	for len(queued) > 0 {
		select {
		case b := <-got:
			delete(queued, b)
		case <-time.After(10 * time.Second):
			t.Fatalf("queued requests %v were lost in the shutdown", queued)
		}
	}
}

// connectClient runs a tunnel client in-process until stop is called.
func connectClient(t *testing.T, base, channel, token string, h relay.Handler) (relay.Session, func()) {
	t.Helper()
	sessions := make(chan relay.Session, 10)
	c, err := relay.NewClient(relay.ClientConfig{RelayURL: base, Channel: channel, Token: token, Handler: h,
		Backoff: relay.Backoff{Initial: 50 * time.Millisecond, Max: 200 * time.Millisecond},
		Visitor: relay.Visitor{OnConnected: func(s relay.Session) { sessions <- s }}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { c.Run(ctx); close(done) }()
	select {
	case s := <-sessions:
		return s, func() { cancel(); <-done }
	case <-time.After(10 * time.Second):
		cancel()
		t.Fatal("the client did not connect within 10s")
	}
	return relay.Session{}, nil
}
