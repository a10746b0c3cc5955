package cmd

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// --store takes a redis:// URL, from the flag or HOOKCTL_RELAY_STORE; the
// flag wins over the variable.
func TestRelayServeStoreFromEnv(t *testing.T) {
	tests := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{name: "env", env: map[string]string{"HOOKCTL_RELAY_STORE": "redis://r:6379/0"}, want: "redis://r:6379/0"},
		{name: "flag wins", args: []string{"--store", "memory"}, env: map[string]string{"HOOKCTL_RELAY_STORE": "redis://r:6379/0"}, want: "memory"},
		{name: "tls url", args: []string{"--store", "rediss://u:p@r:6380/1"}, want: "rediss://u:p@r:6380/1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			deps, _, _ := testDeps(tt.env)
			var got *relayServeOptions
			c := newRelayServeCmd(deps, func(o *relayServeOptions) error { got = o; return nil })
			c.SetArgs(tt.args)
			if err := c.Execute(); err != nil {
				t.Fatal(err)
			}
			if got.Store != tt.want {
				t.Fatalf("store %q, want %q", got.Store, tt.want)
			}
		})
	}
}

// The password in a Redis URL is never printed: not in the start line,
// not when Redis does not answer.
func TestRelayServeRedisHidesPassword(t *testing.T) {
	for _, spec := range []string{"redis://user:hunter2@10.0.0.5:6379/0", "rediss://:hunter2@r.example.com:6380/1"} {
		if d := storeDescription(spec); strings.Contains(d, "hunter2") || !strings.Contains(d, "…@") {
			t.Errorf("description of %s: %q", spec, d)
		}
	}
	var lines strings.Builder
	logRedisState(&lines, "redis://user:hunter2@10.0.0.5:6379/0")(os.ErrDeadlineExceeded)
	if s := lines.String(); strings.Contains(s, "hunter2") || !strings.Contains(s, "answering 503") {
		t.Errorf("outage line %q", s)
	}
	deps, _, errOut := testDeps(nil)
	code := Main(context.Background(), []string{"relay", "serve", "--addr", "127.0.0.1:0", "--store", "redis://user:hunter2@127.0.0.1:1/0"}, *deps)
	if code != ExitFail || strings.Contains(errOut.String(), "hunter2") || !strings.Contains(errOut.String(), "does not answer") {
		t.Fatalf("unreachable Redis: exit %d, stderr %q", code, errOut)
	}
}

// relay serve runs on a real Redis and says which store it uses.
func TestRelayServeOnRedis(t *testing.T) {
	url := os.Getenv("HOOKCTL_TEST_REDIS")
	if url == "" {
		t.Skip("HOOKCTL_TEST_REDIS is not set")
	}
	deps, _, _ := testDeps(map[string]string{"HOOKCTL_RELAY_STORE": url})
	errOut := &relayTestBuffer{}
	deps.IO.ErrOut = errOut
	ready := filepath.Join(t.TempDir(), "ready")
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, []string{"relay", "serve", "--addr", "127.0.0.1:0", "--ready-file", ready}, *deps)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(errOut.String(), "relay listening") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if code := <-done; code != ExitOK || !strings.Contains(errOut.String(), "store "+url+" (shared") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}
