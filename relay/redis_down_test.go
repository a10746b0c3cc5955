package relay

import (
	"net"
	"net/http"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// ownRedis is a redis-server this test starts and stops itself, keeping
// its append-only file in a temporary directory.
type ownRedis struct {
	dir, port string
	cmd       *exec.Cmd
}

func startOwnRedis(t *testing.T) *ownRedis {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		t.Skip("redis-server is not installed")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	ln.Close()
	r := &ownRedis{dir: t.TempDir(), port: port}
	r.start(t)
	t.Cleanup(r.stop)
	return r
}

func (r *ownRedis) url() string { return "redis://127.0.0.1:" + r.port + "/0" }

func (r *ownRedis) start(t *testing.T) {
	t.Helper()
	r.cmd = exec.Command("redis-server", "--port", r.port, "--bind", "127.0.0.1", "--dir", r.dir,
		"--save", "", "--appendonly", "yes", "--appendfsync", "always")
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	eventually(t, "redis-server to listen", func() bool {
		c, err := net.Dial("tcp", "127.0.0.1:"+r.port)
		if err == nil {
			c.Close()
		}
		return err == nil
	})
}

// stop ends redis-server the way an operator would (SIGTERM: it finishes
// writing its append-only file) and waits for it.
func (r *ownRedis) stop() {
	if r.cmd == nil {
		return
	}
	_ = r.cmd.Process.Signal(syscall.SIGTERM)
	_ = r.cmd.Wait()
	r.cmd = nil
}

// With Redis stopped, ingress answers 503 without accepting anything and
// the relay reports the loss once; when Redis is back, it reports that
// once and accepts and delivers again, with nothing kept before lost, and
// routes between instances again.
func TestRedisStoppedAndStarted(t *testing.T) {
	rd := startOwnRedis(t)
	prefix := freshPrefix()
	in := startInstance(t, rd.url(), prefix, ServerConfig{})
	other := startInstance(t, rd.url(), prefix, ServerConfig{})
	sess := newChannel(t, in.hs.URL)
	waitClients(t, in.srv, 0)
	chURL := in.channelURL(sess.Channel)
	if resp, _ := post(t, chURL, []byte("before")); resp.StatusCode != http.StatusAccepted {
		t.Fatalf("before the outage: %d, want 202", resp.StatusCode)
	}

	rd.stop()
	if err := waitState(t, in); err == nil {
		t.Fatal("the bus reported Redis back while it was down")
	}
	if _, m := do(t, "GET", in.hs.URL+"/metrics", nil); !strings.Contains(string(m), "hookctl_relay_store_up 0") {
		t.Fatalf("metrics while Redis is down:\n%s", m)
	}
	resp, body := post(t, chURL, []byte("during"))
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), "nothing was accepted") || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("while Redis is down: %d %q, want 503 saying nothing was accepted", resp.StatusCode, body)
	}

	rd.start(t)
	if err := waitState(t, in); err != nil {
		t.Fatalf("after Redis came back the bus reported %v", err)
	}
	if resp, _ := post(t, chURL, []byte("after")); resp.StatusCode != http.StatusAccepted {
		t.Fatalf("after the outage: %d, want 202", resp.StatusCode)
	}
	if n := len(in.state); n != 0 {
		t.Fatalf("the bus reported %d more state changes, want one each way", n)
	}
	tg := newTarget(t, func(w http.ResponseWriter, s seen) { w.Write([]byte("live")) })
	rc := startClient(t, in.hs.URL, sess.Channel, sess.Token, tg.URL)
	rc.session(t)
	for _, want := range []string{"before", "after"} {
		if got := receive(t, tg); string(got.Body) != want {
			t.Fatalf("delivered %q, want %q", got.Body, want)
		}
	}
	<-rc.caught
	eventually(t, "a live answer through the other instance", func() bool {
		resp, body := post(t, other.channelURL(sess.Channel), []byte("via other"))
		return resp.StatusCode == 200 && string(body) == "live"
	})
}

func waitState(t *testing.T, in *instance) error {
	t.Helper()
	select {
	case err := <-in.state:
		return err
	case <-time.After(15 * time.Second):
		t.Fatal("no Redis state change reported within 15s")
	}
	return nil
}
