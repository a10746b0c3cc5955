package cmd

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookctl/hookctl/replay"
	"github.com/hookctl/hookctl/webhook"
)

func replayQuote(s string) string { return replay.ShellQuote(s) }

func TestReplayDryRunShowsResignedHeaders(t *testing.T) {
	srv, got := replayServer(t)
	deps, _, _ := testDeps(nil)
	code, out, _ := runReplay(t, deps, hooksDir, "--to", srv.URL+"/app", "--dry-run", "--event", "payment_intent.*",
		"--secret", "whsec_hookctlExampleStripeSecret0000000000")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{
		"# ../testdata/hooks/stripe_payment_intent.succeeded.json (re-signed: stripe)\n",
		"POST " + srv.URL + "/app/webhooks/stripe\n",
		"Stripe-Signature: t=", "\n\n{\n  \"id\": \"evt_3QhookctlExample0001\"",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("dry run lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "t=1795435200") || strings.Contains(out, "Content-Length") {
		t.Errorf("dry run shows the old signature or hop-by-hop headers:\n%s", out)
	}
	if len(drainHits(got)) != 0 {
		t.Fatal("a dry run sent requests")
	}

	code, out, _ = runReplay(t, deps, filepath.Join("..", "replay", "testdata", "binary_repeated.json"), "--dry-run", "--json")
	var v struct {
		Type    string          `json:"type"`
		URL     string          `json:"url"`
		Request webhook.Request `json:"request"`
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil || code != 0 {
		t.Fatalf("exit %d, %v: %s", code, err, out)
	}
	if v.Type != "request" || v.URL != "http://localhost:8080/hooks/bin%2Fary?b=2&a=1&a=%2F&empty=" || len(v.Request.Body) != 66 {
		t.Fatalf("dry run JSON: %s", out)
	}
}

func TestReplayAsCurl(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl is not installed")
	}
	dir := t.TempDir()
	src, _ := os.ReadFile(filepath.Join("..", "replay", "testdata", "binary_repeated.json"))
	fixture := filepath.Join(dir, "bin fixture.json")
	os.WriteFile(fixture, src, 0o644)
	srv, got := replayServer(t)
	deps, _, _ := testDeps(nil)
	code, out, errOut := runReplay(t, deps, fixture, "--to", srv.URL, "--as", "curl")
	bodyFile := filepath.Join(dir, "bin fixture.body")
	if code != 0 || !strings.Contains(errOut, "to "+bodyFile) {
		t.Fatalf("exit %d:\n%s", code, errOut)
	}
	want, _ := webhook.ReadFile(fixture)
	if b, _ := os.ReadFile(bodyFile); !bytes.Equal(b, want.Body) {
		t.Fatalf("data file holds %q", b)
	}
	if err := exec.Command("sh", "-c", strings.TrimSpace(out)+" --silent --output /dev/null").Run(); err != nil {
		t.Fatalf("curl: %v\n%s", err, out)
	}
	h := <-got
	if h.path != "/hooks/bin/ary" || !bytes.Equal(h.body, want.Body) || len(h.header["X-Multi"]) != 3 {
		t.Fatalf("curl sent %s %q %v", h.path, h.body, h.header)
	}
}

func TestReplayBodyFilePath(t *testing.T) {
	for in, want := range map[string]string{
		"hooks/a.json":       "hooks/a.body",
		"stdin:3":            "stdin-3.body",
		"saved/all.jsonl:12": "saved/all-12.body",
	} {
		if got := bodyFilePath(in); got != want {
			t.Errorf("bodyFilePath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestReplayDryRunAndExportNameBadFixtures(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"version": 1}`), 0o644)
	good := filepath.Join(hooksDir, "github_push.json")
	for _, args := range [][]string{{"--dry-run"}, {"--as", "curl"}, {"--dry-run", "--json"}} {
		deps, _, _ := testDeps(nil)
		code, out, errOut := runReplay(t, deps, append([]string{bad, good, "--keep-signature"}, args...)...)
		if code != ExitFail || !strings.Contains(out, "localhost:8080/webhooks/github") {
			t.Errorf("%v: exit %d\n%s", args, code, out)
		}
		where := errOut
		if args[len(args)-1] == "--json" {
			where = out
		}
		if !strings.Contains(where, bad) || !strings.Contains(where, "bad fixture: fixture has no") {
			t.Errorf("%v: bad fixture not named:\n%s\n%s", args, out, errOut)
		}
	}
}

func TestReplaySummaryColour(t *testing.T) {
	srv, _ := replayServer(t)
	for _, colour := range []bool{true, false} {
		deps, _, _ := testDeps(map[string]string{})
		if colour {
			deps.Getenv = func(k string) string { return map[string]string{"CLICOLOR_FORCE": "1"}[k] }
		}
		_, _, errOut := runReplay(t, deps, hooksDir, "--to", srv.URL, "--keep-signature")
		if has := strings.Contains(errOut, "\x1b["); has != colour {
			t.Errorf("colour %v: escape codes %v:\n%q", colour, has, errOut)
		}
		if !strings.Contains(errOut, "3 requests: ") {
			t.Errorf("no summary:\n%s", errOut)
		}
	}
}
