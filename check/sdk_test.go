package check

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// startSDKApp runs interop/check-app.cjs, a careful endpoint whose
// signature and timestamp checks are the providers' official Node SDKs,
// and returns its URL. It skips the test when Node or the interop packages
// (npm ci in interop/) are missing.
func startSDKApp(t *testing.T) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed")
	}
	dir := filepath.Join("..", "interop")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "stripe")); err != nil {
		t.Skip("the interop packages are not installed: run npm ci in interop/")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	cmd := exec.CommandContext(ctx, node, "check-app.cjs")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "STRIPE_SECRET="+testSecrets["stripe"], "GITHUB_SECRET="+testSecrets["github"],
		"STANDARD_SECRET="+testSecrets["standard-webhooks"], "SLACK_SECRET="+testSecrets["slack"])
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { stdin.Close(); cancel(); _ = cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	port, ok := strings.CutPrefix(strings.TrimSpace(line), "listening ")
	if err != nil || !ok {
		t.Fatalf("the SDK app did not start: %q, %v", line, err)
	}
	return "http://127.0.0.1:" + port
}

// TestOfficialSDKsAgreeWithEveryGrade is the oracle test: an endpoint that
// verifies with stripe, @octokit/webhooks-methods, standardwebhooks and
// @slack/bolt accepts what check sends as valid and rejects what it sends
// as forged, stale or replayed, so it passes every check.
func TestOfficialSDKsAgreeWithEveryGrade(t *testing.T) {
	app := startSDKApp(t)
	for _, provider := range []string{"stripe", "github", "standard-webhooks", "slack"} {
		t.Run(provider, func(t *testing.T) {
			res, err := Run(context.Background(), Options{URL: app + "/" + provider, Scheme: lookup(t, provider),
				Secret: testSecrets[provider], SideEffectURL: app + "/effects?id={id}"})
			if err != nil {
				t.Fatal(err)
			}
			ran := 0
			for _, r := range res {
				if r.Failed() {
					t.Errorf("%s failed: expected %s, got %s", r.Name, r.Expected, r.Got)
				}
				if !r.Skipped {
					ran++
				}
			}
			// GitHub has no stale or replay; Slack adds its handshake.
			want := map[string]int{"github": 8, "slack": 11}[provider]
			if want == 0 {
				want = 10
			}
			if ran != want {
				t.Errorf("%d checks ran: %v", ran, names(res))
			}
		})
	}
}
