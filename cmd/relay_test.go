package cmd

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hookctl/hookctl/relay"
	"github.com/hookctl/hookctl/relay/store"
)

func TestRelayServeFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		wantErr string
		check   func(*testing.T, *relayServeOptions)
	}{
		{name: "defaults", check: func(t *testing.T, o *relayServeOptions) {
			if o.Addr != "127.0.0.1:8787" || o.MaxBodyBytes != 25<<20 || o.QueueDepth != 10000 || o.ResponseTimeout != 9*time.Second || o.Store != "hookctl-relay.db" {
				t.Errorf("defaults: %+v", o)
			}
		}},
		{name: "sizes and key from env", args: []string{"--max-body", "1MiB", "--store", "memory"}, env: map[string]string{"HOOKCTL_RELAY_CREATE_KEY": "k"},
			check: func(t *testing.T, o *relayServeOptions) {
				if o.MaxBodyBytes != 1<<20 || o.CreateKey != "k" {
					t.Errorf("got %+v", o)
				}
			}},
		{name: "tls half given", args: []string{"--tls-cert", "c.pem"}, wantErr: "--tls-cert and --tls-key go together"},
		{name: "bad size", args: []string{"--max-body", "lots"}, wantErr: "--max-body"},
		{name: "public url with channel", args: []string{"--public-url", "https://r.example.com/c/x"}, wantErr: "base URL"},
		{name: "zero depth", args: []string{"--queue-depth", "0"}, wantErr: "--queue-depth"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			deps, _, _ := testDeps(tt.env)
			var got *relayServeOptions
			c := newRelayServeCmd(deps, func(o *relayServeOptions) error { got = o; return nil })
			c.SetArgs(tt.args)
			err := c.Execute()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || exitCode(context.Background(), err) != ExitUsage {
					t.Fatalf("err = %v, want a usage error containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, got)
		})
	}
}

func TestRelayConnectFlags(t *testing.T) {
	tests := []struct {
		name                     string
		args                     []string
		env                      map[string]string
		wantErr                  string
		relayURL, channel, token string
	}{
		{name: "base url", args: []string{"https://r.example.com/", "--forward-to", "http://localhost:3000"}, relayURL: "https://r.example.com"},
		{name: "channel and env token", args: []string{"https://r.example.com/base/c/abc_1", "--forward-to", "http://localhost:3000"},
			env: map[string]string{"HOOKCTL_RELAY_TOKEN": "t"}, relayURL: "https://r.example.com/base", channel: "abc_1", token: "t"},
		{name: "no forward-to", args: []string{"https://r.example.com"}, wantErr: "--forward-to is required"},
		{name: "bad forward-to", args: []string{"https://r.example.com", "--forward-to", "localhost:3000"}, wantErr: "--forward-to"},
		{name: "bad channel", args: []string{"https://r.example.com/c/a.b", "--forward-to", "http://x"}, wantErr: "not valid"},
		{name: "not http", args: []string{"ftp://r.example.com", "--forward-to", "http://x"}, wantErr: "http"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			deps, _, _ := testDeps(tt.env)
			var got *relayConnectOptions
			c := newRelayConnectCmd(deps, func(o *relayConnectOptions) error { got = o; return nil })
			c.SetArgs(tt.args)
			err := c.Execute()
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || exitCode(context.Background(), err) != ExitUsage {
					t.Fatalf("err = %v, want a usage error containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.RelayURL != tt.relayURL || got.Channel != tt.channel || got.Token != tt.token {
				t.Fatalf("got relay %q channel %q token %q", got.RelayURL, got.Channel, got.Token)
			}
		})
	}
}

// connect creates a channel, prints its URL and saves it (mode 0600); the
// next connect resumes the same URL; a wrong token ends with exit 1.
func TestRelayConnectSavesAndResumes(t *testing.T) {
	srv, err := relay.NewServer(relay.ServerConfig{Store: store.NewMemory()})
	if err != nil {
		t.Fatal(err)
	}
	hs := httptest.NewServer(srv)
	defer hs.Close()
	defer srv.Close()
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer app.Close()
	cfg := t.TempDir()
	env := map[string]string{"XDG_CONFIG_HOME": cfg}

	first, stderr := connectBriefly(t, env, hs.URL, "--forward-to", app.URL)
	url := strings.TrimPrefix(strings.TrimSpace(first), "Webhook URL: ")
	if !strings.HasPrefix(url, "/c/") || !strings.Contains(stderr, "Token: rt_") || !strings.Contains(stderr, "Reconnect from anywhere with: hookctl relay connect") {
		t.Fatalf("first connect printed %q and %q", first, stderr)
	}
	path := filepath.Join(cfg, "hookctl", "relays.json")
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("saved file: %v %v, want mode 0600", fi, err)
	}
	again, stderr := connectBriefly(t, env, hs.URL, "--forward-to", app.URL)
	if strings.TrimPrefix(strings.TrimSpace(again), "Webhook URL: ") != url || strings.Contains(stderr, "rt_") {
		t.Fatalf("second connect printed %q and %q; want the same URL and no token", again, stderr)
	}

	deps, _, errOut := testDeps(env)
	code := Main(context.Background(), []string{"relay", "connect", hs.URL + url, "--token", "wrong", "--forward-to", app.URL}, *deps)
	if code != ExitFail || strings.Count(errOut.String(), "\n") != 1 || !strings.Contains(errOut.String(), "token") {
		t.Fatalf("wrong token: exit %d, stderr %q; want exit 1 and one line", code, errOut)
	}
}

// connectBriefly runs connect until it has connected, then stops it. The
// URL printed is returned with the relay's address cut off.
func connectBriefly(t *testing.T, env map[string]string, relayURL string, args ...string) (string, string) {
	t.Helper()
	deps, _, _ := testDeps(env)
	out, errOut := &relayTestBuffer{}, &relayTestBuffer{}
	deps.IO.Out, deps.IO.ErrOut = out, errOut
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, append([]string{"relay", "connect", relayURL}, args...), *deps)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(errOut.String(), "connected to") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	if code := <-done; code != ExitOK {
		t.Fatalf("connect exited %d: %s", code, errOut)
	}
	return strings.ReplaceAll(out.String(), relayURL, ""), errOut.String()
}

// relayTestBuffer is a buffer the test can read while a command writes.
type relayTestBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *relayTestBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *relayTestBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
