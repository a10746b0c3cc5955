package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hookctl/hookctl/sign"
)

// listenBuffer is written by the listener's goroutines and read by the test.
type listenBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *listenBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *listenBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// listenRunning is `hookctl listen` running in this process on a free port.
type listenRunning struct {
	url         string
	out, errOut *listenBuffer
	code        chan int
	cancel      context.CancelFunc
}

// runListen starts `hookctl listen --port 0 args...` and waits for its
// ready file.
func runListen(t *testing.T, env map[string]string, args ...string) *listenRunning {
	t.Helper()
	deps, _, _ := testDeps(env)
	r := &listenRunning{out: &listenBuffer{}, errOut: &listenBuffer{}, code: make(chan int, 1)}
	deps.IO.Out, deps.IO.ErrOut = r.out, r.errOut
	ready := filepath.Join(t.TempDir(), "ready")
	ctx, cancel := context.WithCancel(context.Background())
	r.cancel = cancel
	t.Cleanup(cancel)
	all := append([]string{"listen", "--port", "0", "--ready-file", ready}, args...)
	go func() { r.code <- Main(ctx, all, *deps) }()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(ready); err == nil {
			r.url = strings.TrimSpace(string(b))
			return r
		}
		select {
		case code := <-r.code:
			t.Fatalf("listen exited with %d before it was ready: %s", code, r.errOut)
		case <-time.After(10 * time.Millisecond):
		}
	}
	t.Fatal("listen did not become ready")
	return nil
}

func (r *listenRunning) exit(t *testing.T) int {
	t.Helper()
	select {
	case code := <-r.code:
		return code
	case <-time.After(10 * time.Second):
		t.Fatal("listen did not exit")
		return -1
	}
}

func listenPost(t *testing.T, url string, h http.Header, body string) int {
	t.Helper()
	req, _ := http.NewRequest("POST", url, strings.NewReader(body))
	for k, v := range h {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

func listenGitHubHeaders(t *testing.T, secret, body string) http.Header {
	s, _ := sign.Lookup("github")
	hs, err := s.Sign(sign.SignParams{Secret: secret, Body: []byte(body)})
	if err != nil {
		t.Fatal(err)
	}
	h := http.Header{"X-Github-Event": {"push"}}
	for _, kv := range hs {
		h[kv.Name] = []string{kv.Value}
	}
	return h
}

func TestListenJSONShapesAndCount(t *testing.T) {
	r := runListen(t, nil, "--count", "2", "--json", "--provider", "github", "--secret", "s3cret")
	body := `{"ref":"refs/heads/main"}`
	listenPost(t, r.url+"/gh", listenGitHubHeaders(t, "s3cret", body), body)
	listenPost(t, r.url+"/gh", listenGitHubHeaders(t, "not-it", body), body)
	if code := r.exit(t); code != 1 {
		t.Fatalf("exit %d, want 1 (one request failed verification); stderr: %s", code, r.errOut)
	}
	lines := strings.Split(strings.TrimSpace(r.out.String()), "\n")
	if len(lines) != 4 {
		t.Fatalf("stdout has %d lines, want ready, 2 requests, done:\n%s", len(lines), r.out)
	}
	var ready struct{ Type, URL string }
	if json.Unmarshal([]byte(lines[0]), &ready); ready.Type != "ready" || ready.URL != r.url {
		t.Fatalf("ready line %s", lines[0])
	}
	var ev struct {
		Type    string
		Request struct {
			Version  int
			Path     string
			Event    string
			Headers  [][2]string
			Body     string
			Provider string
		}
		Verification *struct {
			Provider string
			Valid    bool
			Code     string
		}
		Response  struct{ Status int }
		Forwarded *json.RawMessage
	}
	for i, wantValid := range []bool{true, false} {
		if err := json.Unmarshal([]byte(lines[1+i]), &ev); err != nil {
			t.Fatal(err)
		}
		if ev.Type != "request" || ev.Request.Version != 1 || ev.Request.Path != "/gh" || ev.Request.Body != body || ev.Request.Event != "push" || ev.Response.Status != 200 {
			t.Fatalf("request line %s", lines[1+i])
		}
		if ev.Verification == nil || ev.Verification.Valid != wantValid || ev.Verification.Provider != "github" || ev.Forwarded != nil {
			t.Fatalf("request line %s", lines[1+i])
		}
	}
	if !strings.Contains(lines[3], `"type":"done","unverified":1`) && !strings.Contains(lines[3], `"unverified":1`) {
		t.Fatalf("done line %s", lines[3])
	}
	if !strings.Contains(r.errOut.String(), "Listening on "+r.url) || !strings.Contains(r.errOut.String(), "1 of 2 requests failed signature verification") {
		t.Fatalf("stderr: %s", r.errOut)
	}
}

func TestListenCountAllVerifiedExitsZero(t *testing.T) {
	r := runListen(t, map[string]string{"HOOKCTL_SECRET": "s3cret"}, "--count", "1", "--provider", "github")
	body := `{}`
	listenPost(t, r.url+"/", listenGitHubHeaders(t, "s3cret", body), body)
	if code := r.exit(t); code != 0 {
		t.Fatalf("exit %d; stderr %s", code, r.errOut)
	}
	if !strings.Contains(r.out.String(), "✔ github") {
		t.Fatalf("stdout %q", r.out)
	}
}

func TestListenTimeout(t *testing.T) {
	r := runListen(t, nil, "--count", "1", "--timeout", "200ms", "--json")
	if code := r.exit(t); code != 1 {
		t.Fatalf("exit %d, want 1", code)
	}
	if !strings.Contains(r.errOut.String(), "--timeout 200ms passed after 0 of 1 requests") {
		t.Fatalf("stderr %q", r.errOut)
	}
	if !strings.Contains(r.out.String(), `"timed_out":true`) {
		t.Fatalf("stdout %q", r.out)
	}
}

func TestListenCtrlCExitsZero(t *testing.T) {
	r := runListen(t, nil)
	listenPost(t, r.url+"/", nil, "x")
	r.cancel()
	if code := r.exit(t); code != 0 {
		t.Fatalf("exit %d after Ctrl-C, want 0", code)
	}
}

func TestListenUsageErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope")
	cases := map[string][]string{
		"needs the signing secret": {"--provider", "stripe"},
		"unknown provider":         {"--provider", "stirpe", "--secret", "x"},
		"needs --provider":         {"--secret", "x"},
		"does not exist":           {"--save", missing},
		"--forward-to: target URL": {"--forward-to", "localhost:3000"},
		"@/nonexistent/body":       {"--response-body", "@/nonexistent/body"},
	}
	for want, args := range cases {
		deps, out, errOut := testDeps(nil)
		code := Main(context.Background(), append([]string{"listen", "--port", "0"}, args...), *deps)
		if code != ExitUsage || !strings.Contains(errOut.String(), want) || strings.Count(errOut.String(), "\n") != 1 || out.Len() != 0 {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}
}

func TestListenBusyPort(t *testing.T) {
	r := runListen(t, nil)
	deps, _, errOut := testDeps(nil)
	code := Main(context.Background(), []string{"listen", "--addr", strings.TrimPrefix(r.url, "http://")}, *deps)
	if code != ExitFail || !strings.Contains(errOut.String(), "already in use") {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
}

// Fifty requests answered at once: each one's view arrives whole.
func TestListenConcurrentOutputNeverInterleaves(t *testing.T) {
	r := runListen(t, nil, "--count", "50", "-v")
	var wg sync.WaitGroup
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := fmt.Sprintf(`{"n":%d,"pad":"%s"}`, i, strings.Repeat("z", 2000))
			listenPost(t, fmt.Sprintf("%s/n/%d", r.url, i), http.Header{"Content-Type": {"application/json"}}, body)
		}()
	}
	wg.Wait()
	if code := r.exit(t); code != 0 {
		t.Fatalf("exit %d", code)
	}
	blocks := regexp.MustCompile(`(?m)^\d\d:\d\d:\d\d\.\d{3}  `).Split(r.out.String(), -1)[1:]
	if len(blocks) != 50 {
		t.Fatalf("%d blocks, want 50", len(blocks))
	}
	for _, b := range blocks {
		var n int
		if _, err := fmt.Sscanf(b[strings.Index(b, "/n/"):], "/n/%d", &n); err != nil {
			t.Fatalf("block without its path: %q", b)
		}
		if !strings.Contains(b, fmt.Sprintf(`"n": %d,`, n)) || strings.Count(b, "/n/") != 1 || strings.Count(b, `"n": `) != 1 {
			t.Fatalf("block for /n/%d is mixed with another:\n%s", n, b)
		}
	}
}

func listenDo(t *testing.T, method, url string, h http.Header, body string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	for k, v := range h {
		req.Header[k] = v
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestListenAnswerFlags(t *testing.T) {
	file := filepath.Join(t.TempDir(), "answer.json")
	os.WriteFile(file, []byte(`{"received":true}`), 0o644)
	r := runListen(t, nil, "--count", "3", "--status", "201", "--response-body", "@"+file,
		"--response-header", "Content-Type: application/json", "--response-header", "X-Served-By: hookctl", "--fail-first", "1", "--fail-status", "503")
	resp, body := listenDo(t, "POST", r.url+"/a", nil, "1")
	if resp.StatusCode != 503 || !strings.Contains(body, "injected failure") {
		t.Fatalf("first request: %d %q, want an injected 503", resp.StatusCode, body)
	}
	for i := 0; i < 2; i++ {
		resp, body = listenDo(t, "POST", r.url+"/a", nil, "1")
		if resp.StatusCode != 201 || body != `{"received":true}` || resp.Header.Get("X-Served-By") != "hookctl" || resp.Header.Get("Content-Type") != "application/json" {
			t.Fatalf("answer %d %v %q", resp.StatusCode, resp.Header, body)
		}
	}
	if code := r.exit(t); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(r.out.String(), "→ 503 (injected failure)") || strings.Count(r.out.String(), "→ 201") != 2 {
		t.Fatalf("stdout %s", r.out)
	}
}

func TestListenForwardToAppThatIsDown(t *testing.T) {
	dir := t.TempDir()
	r := runListen(t, nil, "--count", "1", "--forward-to", "http://127.0.0.1:9", "--save", dir, "--redact")
	resp, body := listenDo(t, "POST", r.url+"/hooks", http.Header{"Authorization": {"Bearer tok_123"}}, "{}")
	if resp.StatusCode != 502 || !strings.Contains(body, "did not answer") {
		t.Fatalf("sender got %d %q", resp.StatusCode, body)
	}
	if code := r.exit(t); code != 0 {
		t.Fatalf("exit %d", code)
	}
	out := r.out.String()
	if !strings.Contains(out, "→ 502") || !strings.Contains(out, "✘ no answer from http://127.0.0.1:9/hooks") || !strings.Contains(out, "connection refused") {
		t.Fatalf("stdout %s", out)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.json"))
	if len(files) != 1 {
		t.Fatalf("%d saved files, want 1", len(files))
	}
	saved, _ := os.ReadFile(files[0])
	if strings.Contains(string(saved), "tok_123") || !strings.Contains(string(saved), `["Authorization", "Bearer [redacted]"]`) {
		t.Fatalf("saved file does not mask the token:\n%s", saved)
	}
}

func TestListenForwardsAndShowsTheApp(t *testing.T) {
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusTeapot)
		io.WriteString(w, "short and stout\n")
	}))
	defer app.Close()
	r := runListen(t, nil, "--count", "1", "--forward-to", app.URL, "--json")
	resp, body := listenDo(t, "POST", r.url+"/x", nil, "{}")
	if resp.StatusCode != 418 || body != "short and stout\n" {
		t.Fatalf("sender got %d %q, want the app's answer", resp.StatusCode, body)
	}
	if code := r.exit(t); code != 0 {
		t.Fatalf("exit %d", code)
	}
	if !strings.Contains(r.out.String(), `"forwarded":{"url":"`+app.URL+`/x","status":418,"duration_ms":`) ||
		!strings.Contains(r.out.String(), `"body":"short and stout\n"`) {
		t.Fatalf("stdout %s", r.out)
	}
}

// Under --provider auto each provider's own variable supplies its secret,
// as replay reads them.
func TestListenAutoWithPerProviderSecrets(t *testing.T) {
	r := runListen(t, map[string]string{"HOOKCTL_SECRET_GITHUB": "gh-secret"}, "--provider", "auto", "--count", "1")
	body := `{"zen":"hi"}`
	listenPost(t, r.url+"/", listenGitHubHeaders(t, "gh-secret", body), body)
	if code := r.exit(t); code != 0 {
		t.Fatalf("exit %d; stdout %s; stderr %s", code, r.out, r.errOut)
	}
	if !strings.Contains(r.out.String(), "✔ github  push  (auto)") {
		t.Fatalf("stdout %s", r.out)
	}
}
