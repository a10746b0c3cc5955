package replay

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hookctl/hookctl/sign"
)

// startSDKApp runs interop/replay-app.cjs, a receiver that checks each
// request with the provider's official Node SDK (stripe, standardwebhooks,
// @octokit/webhooks-methods, twilio), and returns its URL. Like the interop
// package's tests, it skips when Node or the SDKs (npm ci --prefix interop)
// are missing, and fails instead with HOOKCTL_INTEROP=1, as in CI.
func startSDKApp(t *testing.T) string {
	t.Helper()
	missing := t.Skip
	if os.Getenv("HOOKCTL_INTEROP") == "1" {
		missing = t.Fatal
	}
	node, err := exec.LookPath("node")
	if err != nil {
		missing("node not found; install Node 20+ and run npm ci --prefix interop")
	}
	dir := filepath.Join("..", "interop")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "stripe")); err != nil {
		missing("interop/node_modules missing: run npm ci --prefix interop (HOOKCTL_INTEROP=1 makes this a failure)")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	cmd := exec.CommandContext(ctx, node, "replay-app.cjs")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "STRIPE_SECRET="+stripeSecret, "STANDARD_SECRET="+standardSecret,
		"GITHUB_SECRET="+githubSecret, "TWILIO_TOKEN="+twilioToken)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cancel(); cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	port, ok := strings.CutPrefix(strings.TrimSpace(line), "listening ")
	if err != nil || !ok {
		t.Fatalf("the SDK app did not start: %q, %v", line, err)
	}
	return "http://127.0.0.1:" + port
}

// TestOfficialSDKsAcceptResignedFixtures is the oracle test: the official
// SDKs accept every re-signed fixture and refuse the recorded Stripe and
// Standard Webhooks ones for their stale timestamps.
func TestOfficialSDKsAcceptResignedFixtures(t *testing.T) {
	app := startSDKApp(t)
	items := Plan(append(hooks(t), load(t, "testdata/standard_webhooks_invoice.paid.json")...), Filter{}, OrderFile, 0)
	secrets := map[string]string{"stripe": stripeSecret, "github": githubSecret, "twilio": twilioToken, "standard-webhooks": standardSecret}
	rs := &Resigner{Lookup: sign.Lookup, SecretFor: func(p string) string { return secrets[p] }}
	sum := Run(context.Background(), items, Options{Target: app, Resign: rs})
	for _, r := range sum.Results {
		if !r.Passed || !r.Signing.Resigned {
			t.Errorf("re-signed %s: %s", r.Source, r.Reason)
		}
	}

	sum = Run(context.Background(), items, Options{Target: app})
	stale := map[string]string{
		"stripe":            "Timestamp outside the tolerance zone",
		"standard-webhooks": "timestamp too old",
		"twilio":            "signature does not match", // signed for https://hooks.example.com
	}
	for _, r := range sum.Results {
		want, refused := stale[r.Request.Provider]
		if refused && (r.Passed || !strings.Contains(r.Reason, want)) {
			t.Errorf("as recorded %s: passed %v, %q; want it refused for %q", r.Source, r.Passed, r.Reason, want)
		}
		if !refused && !r.Passed {
			t.Errorf("as recorded %s: %s", r.Source, r.Reason)
		}
	}
}
