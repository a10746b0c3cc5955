package cmd

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hookctl/hookctl/sign"
	"github.com/hookctl/hookctl/webhook"
)

const hooksDir = "../testdata/hooks"

type hit struct {
	path   string
	header http.Header
	body   []byte
}

// replayServer answers 500 on paths containing "fail" and 200 otherwise,
// and sends every request it got to the test goroutine.
func replayServer(t *testing.T) (*httptest.Server, <-chan hit) {
	t.Helper()
	ch := make(chan hit, 32)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		ch <- hit{r.URL.Path, r.Header.Clone(), b}
		if strings.Contains(r.URL.Path, "fail") {
			w.WriteHeader(500)
			io.WriteString(w, "database is down")
			return
		}
		io.WriteString(w, `{"received":true}`)
	}))
	t.Cleanup(srv.Close)
	return srv, ch
}

// runReplay runs `hookctl replay args...` in process and returns the exit
// code, stdout and stderr.
func runReplay(t *testing.T, deps *Deps, args ...string) (int, string, string) {
	t.Helper()
	out, errOut := &bytes.Buffer{}, &bytes.Buffer{}
	deps.IO.Out, deps.IO.ErrOut = out, errOut
	code := Main(context.Background(), append([]string{"replay"}, args...), *deps)
	return code, out.String(), errOut.String()
}

func writeFixture(t *testing.T, dir, name string, r *webhook.Request) string {
	t.Helper()
	b, err := webhook.MarshalFixture(r)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestReplayExitCodesAndSummary(t *testing.T) {
	srv, got := replayServer(t)
	dir := t.TempDir()
	writeFixture(t, dir, "1_ok.json", &webhook.Request{Method: "POST", Path: "/ok", Body: []byte("{}")})
	writeFixture(t, dir, "2_fail.json", &webhook.Request{Method: "POST", Path: "/fail", Body: []byte("{}")})
	writeFixture(t, dir, "3_expected.json", &webhook.Request{Method: "POST", Path: "/fail/expected", Expect: &webhook.Expect{Status: "5xx"}})
	os.WriteFile(filepath.Join(dir, "4_broken.json"), []byte(`{"version":1,`), 0o644)

	deps, _, _ := testDeps(nil)
	code, out, errOut := runReplay(t, deps, dir, filepath.Join(dir, "missing.json"), "--to", srv.URL)
	if code != ExitFail || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	for _, want := range []string{
		"FIXTURE", "STATUS", "RESULT", "REASON",
		"1_ok.json ", "2_fail.json ", `status 500, want 2xx: "database is down"`,
		"4_broken.json ", "bad fixture: invalid JSON",
		"missing.json ", "bad fixture: no such file or folder",
		"5 requests: 2 passed, 3 failed",
	} {
		if !strings.Contains(errOut, want) {
			t.Errorf("summary lacks %q:\n%s", want, errOut)
		}
	}
	if n := len(drainHits(got)); n != 3 {
		t.Errorf("%d requests sent, want 3", n)
	}

	code, _, errOut = runReplay(t, deps, filepath.Join(dir, "1_ok.json"), filepath.Join(dir, "3_expected.json"), "--to", srv.URL)
	if code != ExitOK || !strings.Contains(errOut, "2 requests: 2 passed in") {
		t.Fatalf("exit %d:\n%s", code, errOut)
	}
	code, _, errOut = runReplay(t, deps, dir+"/[123]_*.json", "--to", srv.URL, "--event", "nothing.matches")
	if code != ExitFail || !strings.Contains(errOut, "none matched the filters") {
		t.Fatalf("nothing to send: exit %d, %s", code, errOut)
	}
}

func drainHits(ch <-chan hit) []hit {
	var out []hit
	for {
		select {
		case h := <-ch:
			out = append(out, h)
		default:
			return out
		}
	}
}

func TestReplayJSONLines(t *testing.T) {
	srv, _ := replayServer(t)
	deps, _, _ := testDeps(nil)
	code, out, _ := runReplay(t, deps, hooksDir, "--to", srv.URL+"/fail", "--json", "--keep-signature", "--expect-status", "5xx")
	if code != ExitOK {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines:\n%s", len(lines), out)
	}
	for i, line := range lines {
		var v map[string]any
		if err := json.Unmarshal([]byte(line), &v); err != nil {
			t.Fatalf("line %d is not JSON: %s", i+1, line)
		}
		if i < 3 {
			for _, k := range []string{"fixture", "id", "status", "duration_ms", "attempts", "passed", "reason", "url", "resigned"} {
				if _, ok := v[k]; !ok {
					t.Errorf("result line %d lacks %q: %s", i+1, k, line)
				}
			}
			if v["type"] != "result" || v["status"] != 500.0 || v["passed"] != true || v["attempts"] != 1.0 {
				t.Errorf("line %d: %s", i+1, line)
			}
			continue
		}
		if v["type"] != "summary" || v["total"] != 3.0 || v["passed"] != 3.0 || v["failed"] != 0.0 {
			t.Errorf("summary: %s", line)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour in JSON output")
	}
}

func TestReplayResignsThroughTheCommand(t *testing.T) {
	srv, got := replayServer(t)
	stripe, _ := sign.Lookup("stripe")
	fixture := filepath.Join(hooksDir, "stripe_payment_intent.succeeded.json")
	verify := func(h hit) error {
		_, err := stripe.Verify(sign.VerifyParams{Headers: h.header, Body: h.body, Secrets: []string{"whsec_hookctlExampleStripeSecret0000000000"}, Now: time.Now()})
		return err
	}
	for _, args := range [][]string{
		{"--provider", "stripe", "--secret", "whsec_hookctlExampleStripeSecret0000000000"},
		{"--secret-file", writeSecretFile(t, "whsec_hookctlExampleStripeSecret0000000000")},
	} {
		deps, _, _ := testDeps(nil)
		if code, _, errOut := runReplay(t, deps, append([]string{fixture, "--to", srv.URL}, args...)...); code != 0 {
			t.Fatalf("%v: exit %d\n%s", args, code, errOut)
		}
		if err := verify(<-got); err != nil {
			t.Errorf("%v: the app would refuse the replay: %v", args, err)
		}
	}
	// From HOOKCTL_SECRET, with the provider the fixture records.
	deps, _, _ := testDeps(map[string]string{"HOOKCTL_SECRET": "whsec_hookctlExampleStripeSecret0000000000"})
	runReplay(t, deps, fixture, "--to", srv.URL)
	if err := verify(<-got); err != nil {
		t.Errorf("HOOKCTL_SECRET: %v", err)
	}
	// No secret: sent as recorded, said once.
	deps, _, _ = testDeps(nil)
	_, _, errOut := runReplay(t, deps, fixture, fixture, "--to", srv.URL)
	if err := verify(<-got); err == nil {
		t.Error("without a secret the recorded, stale signature should have been sent")
	}
	if strings.Count(errOut, "no secret given: stripe signatures were kept as recorded") != 1 {
		t.Errorf("note not said once:\n%s", errOut)
	}
}

func writeSecretFile(t *testing.T, secret string) string {
	path := filepath.Join(t.TempDir(), "secret")
	os.WriteFile(path, []byte("# stripe\n"+secret+"\n"), 0o600)
	return path
}

func TestReplayReadsStdin(t *testing.T) {
	srv, got := replayServer(t)
	var lines []byte
	for _, p := range []string{"/a", "/b"} {
		l, _ := webhook.MarshalFixtureLine(&webhook.Request{Method: "POST", Path: p})
		lines = append(lines, l...)
	}
	lines = append(lines, []byte(`{"version": 1}`+"\n")...)
	deps, _, _ := testDeps(nil)
	deps.IO.In = bytes.NewReader(lines)
	code, _, errOut := runReplay(t, deps, "-", "--to", srv.URL)
	if code != ExitFail || !strings.Contains(errOut, "stdin:3") || !strings.Contains(errOut, `fixture has no "method"`) {
		t.Fatalf("exit %d:\n%s", code, errOut)
	}
	if h := drainHits(got); len(h) != 2 || h[0].path != "/a" || h[1].path != "/b" {
		t.Fatalf("sent %v", h)
	}
}

func TestReplayProgressOnlyOnATerminal(t *testing.T) {
	srv, _ := replayServer(t)
	for _, tty := range []bool{true, false} {
		deps, _, _ := testDeps(nil)
		deps.IO.ErrTTY = tty
		_, _, errOut := runReplay(t, deps, hooksDir, "--to", srv.URL, "--keep-signature")
		has := strings.Contains(errOut, "\r\x1b[Kreplaying 3/3 · 3 passed · 0 failed")
		if has != tty {
			t.Errorf("terminal %v: progress shown %v:\n%q", tty, has, errOut)
		}
	}
}

func TestReplayEditOpensTheEditor(t *testing.T) {
	srv, got := replayServer(t)
	dir := t.TempDir()
	editor := filepath.Join(dir, "fake editor.sh")
	os.WriteFile(editor, []byte("#!/bin/sh\nsed -i 's/succeeded/failed/g' \"$1\"\n"), 0o755)
	fixture := filepath.Join(hooksDir, "stripe_payment_intent.succeeded.json")
	for _, env := range []map[string]string{
		{"EDITOR": replayQuote(editor), "HOOKCTL_SECRET": "whsec_hookctlExampleStripeSecret0000000000"},
		{"VISUAL": replayQuote(editor), "HOOKCTL_SECRET": "whsec_hookctlExampleStripeSecret0000000000"},
	} {
		deps, _, _ := testDeps(env)
		if code, _, errOut := runReplay(t, deps, fixture, "--to", srv.URL, "--edit"); code != 0 {
			t.Fatalf("exit %d:\n%s", code, errOut)
		}
		h := <-got
		if !bytes.Contains(h.body, []byte(`"payment_intent.failed"`)) {
			t.Fatalf("the edited body was not sent:\n%s", h.body)
		}
		stripe, _ := sign.Lookup("stripe")
		if _, err := stripe.Verify(sign.VerifyParams{Headers: h.header, Body: h.body, Secrets: []string{env["HOOKCTL_SECRET"]}, Now: time.Now()}); err != nil {
			t.Errorf("edited body not re-signed: %v", err)
		}
	}
	deps, _, _ := testDeps(map[string]string{"EDITOR": "false"})
	code, _, errOut := runReplay(t, deps, fixture, "--to", srv.URL, "--edit", "--keep-signature")
	if code != ExitFail || !strings.Contains(errOut, `editor "false" failed`) || len(drainHits(got)) != 0 {
		t.Fatalf("failing editor: exit %d\n%s", code, errOut)
	}
}

func TestReplayASecretPerProviderFromTheEnvironment(t *testing.T) {
	secrets := map[string]string{
		"stripe": "whsec_hookctlExampleStripeSecret0000000000",
		"github": "hookctl-example-github-secret",
		"twilio": "hookctl0example0twilio0token0000",
	}
	env := map[string]string{"HOOKCTL_SECRET": "the-fallback"}
	for p, s := range secrets {
		env[providerSecretEnv(p)] = s
	}
	srv, got := replayServer(t)
	deps, _, _ := testDeps(env)
	if code, _, errOut := runReplay(t, deps, hooksDir, "--to", srv.URL); code != 0 || strings.Contains(errOut, "kept as recorded") {
		t.Fatalf("exit %d:\n%s", code, errOut)
	}
	for _, h := range drainHits(got) {
		name := map[string]string{"/webhooks/stripe": "stripe", "/webhooks/github": "github", "/twilio/sms": "twilio"}[h.path]
		s, _ := sign.Lookup(name)
		if _, err := s.Verify(sign.VerifyParams{Headers: h.header, Body: h.body, URL: srv.URL + h.path, Method: "POST", Secrets: []string{secrets[name]}, Now: time.Now()}); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if providerSecretEnv("standard-webhooks") != "HOOKCTL_SECRET_STANDARD_WEBHOOKS" {
		t.Errorf("env name = %s", providerSecretEnv("standard-webhooks"))
	}
	// --provider is satisfied by its own variable.
	if _, code, msg := parseReplay(t, map[string]string{"HOOKCTL_SECRET_STRIPE": "s"}, "a.json", "--to", "http://h", "--provider", "stripe"); code != 0 {
		t.Errorf("--provider with HOOKCTL_SECRET_STRIPE: exit %d, %s", code, msg)
	}
}

func TestReplayInterruptedShowsWhatWasDone(t *testing.T) {
	release, arrived := make(chan struct{}), make(chan struct{}, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		<-release
	}))
	defer srv.Close()
	defer close(release)
	ctx, cancel := context.WithCancel(context.Background())
	deps, _, _ := testDeps(nil)
	errOut := &bytes.Buffer{}
	deps.IO.ErrOut = SyncWriter(errOut)
	done := make(chan int, 1)
	go func() { done <- Main(ctx, []string{"replay", hooksDir, "--to", srv.URL, "--keep-signature"}, *deps) }()
	<-arrived // the first request is in flight
	cancel()
	if code := <-done; code != ExitInterrupt {
		t.Fatalf("exit %d, want %d", code, ExitInterrupt)
	}
	out := errOut.String()
	if !strings.Contains(out, "not sent: context canceled") || !strings.Contains(out, "hookctl: interrupted") {
		t.Fatalf("stderr:\n%s", out)
	}
}
