package cmd

import (
	"bufio"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hookctl/hookctl/catalog"
)

// startSendSDKApp runs interop/send-app.cjs, a receiver that checks and
// parses each request with the provider's official Node SDK, and returns
// its URL. It skips the test when Node or the interop packages (npm ci in
// interop/) are missing.
func startSendSDKApp(t *testing.T, hmacSecret, stripeSecret, standardSecret, discordPublic string) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed")
	}
	dir := filepath.Join("..", "interop")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "@slack", "bolt")); err != nil {
		t.Skip("the interop packages are not installed: run npm ci in interop/")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	cmd := exec.CommandContext(ctx, node, "send-app.cjs")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "HMAC_SECRET="+hmacSecret, "STRIPE_SECRET="+stripeSecret,
		"STANDARD_SECRET="+standardSecret, "DISCORD_PUBLIC_KEY="+discordPublic)
	stdin, err := cmd.StdinPipe() // closing it ends the app
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
	t.Cleanup(func() { stdin.Close(); cancel(); cmd.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	port, ok := strings.CutPrefix(strings.TrimSpace(line), "listening ")
	if err != nil || !ok {
		t.Fatalf("the SDK app did not start: %q, %v", line, err)
	}
	return "http://127.0.0.1:" + port
}

// sdkEventType is the event type the receiving SDK should report for an
// event; it is the catalog's type except where the provider has no type
// names (Twilio reports the message or call status) or spells them
// differently.
func sdkEventType(ev catalog.Event) string {
	twilio := map[string]string{"sms.received": "received", "sms.status": "delivered", "call.incoming": "ringing", "call.status": "completed"}
	switch ev.Provider {
	case "twilio":
		return twilio[ev.Type]
	case "shopify":
		// The Shopify library reports topics as it stores them: ORDERS_CREATE.
		return strings.ToUpper(strings.ReplaceAll(ev.Type, "/", "_"))
	}
	return ev.Type
}

// TestOfficialSDKsAcceptSentEvents is the oracle test of the issue's
// "done when": for every event of Stripe, GitHub, Standard Webhooks and
// Slack (and Clerk, Resend, Twilio, Linear, Paddle, Discord, Square, Shopify), a `hookctl
// send` is accepted by the provider's official SDK, which parses it into
// the expected event type.
func TestOfficialSDKsAcceptSentEvents(t *testing.T) {
	const hmac = "hookctl-sdk-test-secret"
	stripeSecret, _ := sendSecrets("stripe")
	standardSecret, _ := sendSecrets("standard-webhooks")
	discordSeed, discordPublic := sendSecrets("discord")
	app := startSendSDKApp(t, hmac, stripeSecret, standardSecret, discordPublic)
	secrets := map[string]string{"stripe": stripeSecret, "standard-webhooks": standardSecret, "clerk": standardSecret, "resend": standardSecret, "discord": discordSeed}
	for _, provider := range []string{"stripe", "github", "standard-webhooks", "slack", "clerk", "twilio", "linear", "paddle", "discord", "square", "shopify", "resend"} {
		for _, ev := range catalog.List(provider) {
			t.Run(ev.Name(), func(t *testing.T) {
				secret := secrets[provider]
				if secret == "" {
					secret = hmac
				}
				deps, _, _ := testDeps(nil)
				code, out, errOut := runSend(t, deps, app+"/"+provider, "--event", ev.Name(), "--secret", secret, "--json")
				var d struct {
					Response struct {
						Status int    `json:"status"`
						Body   string `json:"body"`
					} `json:"response"`
				}
				if err := json.Unmarshal([]byte(out), &d); err != nil {
					t.Fatalf("exit %d, %v: %s %s", code, err, out, errOut)
				}
				if code != 0 || d.Response.Status != 200 {
					t.Fatalf("the SDK refused it (exit %d, %d): %s", code, d.Response.Status, d.Response.Body)
				}
				var parsed struct{ Type string }
				_ = json.Unmarshal([]byte(d.Response.Body), &parsed)
				if want := sdkEventType(ev); parsed.Type != want {
					t.Errorf("the SDK parsed it as %q, want %q", parsed.Type, want)
				}
			})
		}
	}
}
