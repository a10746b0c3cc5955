package cmd

import (
	"context"
	"strings"
	"testing"
	"time"
)

var signNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

// parseSign runs sign's flag parsing only.
func parseSign(t *testing.T, env map[string]string, args ...string) (*signOptions, int, string) {
	t.Helper()
	deps, _, _ := testDeps(env)
	deps.Now = func() time.Time { return signNow }
	var got *signOptions
	c := newSignCmd(deps, func(o *signOptions) error { got = o; return nil })
	c.SetArgs(args)
	c.SetOut(&strings.Builder{})
	c.SetErr(&strings.Builder{})
	err := c.Execute()
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	return got, exitCode(context.Background(), err), msg
}

func TestSignFlags(t *testing.T) {
	o, code, msg := parseSign(t, nil, "--provider", "Stripe", "--secret", "whsec_a", "--secret", "whsec_b", "body.json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, msg)
	}
	if o.Scheme.Info().Name != "stripe" || o.Secret != "whsec_a" || o.File != "body.json" || !o.At.Equal(signNow) || o.Format != "headers" {
		t.Errorf("options %+v", o)
	}
	o, _, _ = parseSign(t, map[string]string{"HOOKCTL_SECRET": "env-secret"}, "-p", "github", "--timestamp", "1795435200")
	if o.Secret != "env-secret" || o.At.Unix() != 1795435200 || o.File != "" {
		t.Errorf("env secret / timestamp: %+v", o)
	}
	o, _, _ = parseSign(t, nil, "--secret", "s", "--header", "X-Sig", "--template", "{timestamp}.{body}")
	if info := o.Scheme.Info(); info.Name != "generic-hmac" || info.Headers[0] != "X-Sig" || !info.Timestamp {
		t.Errorf("generic flags: %+v", info)
	}
	if o, _, _ = parseSign(t, nil, "--list"); o == nil || !o.List {
		t.Error("--list needs no provider or secret")
	}
}

func TestSignUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--secret", "s"}, "pass --provider"},
		{[]string{"-p", "nope", "--secret", "s"}, "unknown provider"},
		{[]string{"-p", "stripe"}, "needs a secret"},
		{[]string{"-p", "stripe", "--secret", ""}, "--secret is empty"},
		{[]string{"-p", "stripe", "--secret", "s", "--format", "yaml"}, "--format"},
		{[]string{"-p", "stripe", "--secret", "s", "--timestamp", "noon"}, "--timestamp"},
		{[]string{"-p", "stripe", "--secret", "s", "--prefix", "v1="}, "only to --provider generic-hmac"},
		{[]string{"-p", "generic-hmac", "--secret", "s", "--encoding", "base32"}, "encoding"},
		{[]string{"-p", "generic-hmac", "--secret", "s", "--template", "{nope}"}, "template field"},
		{[]string{"-p", "stripe", "--secret", "s", "a", "b"}, "accepts at most 1 arg"},
	} {
		_, code, msg := parseSign(t, nil, c.args...)
		if code != ExitUsage || !strings.Contains(msg, c.want) {
			t.Errorf("%v: exit %d %q, want 2 and %q", c.args, code, msg, c.want)
		}
	}
}

// TestShellQuote: the curl command survives quotes and spaces.
func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{
		"http://localhost:3000/x": "http://localhost:3000/x",
		"It's":                    `'It'\''s'`,
		"Stripe-Signature: t=1":   "'Stripe-Signature: t=1'",
		"":                        "''",
	} {
		if got := shellQuote(in); got != want {
			t.Errorf("shellQuote(%q) = %s, want %s", in, got, want)
		}
	}
}

// TestSignRefusesTerminal: with no FILE and a terminal on stdin, sign
// says what it wants instead of waiting.
func TestSignRefusesTerminal(t *testing.T) {
	deps, out, _ := testDeps(nil)
	deps.IO.InTTY = true
	o := &signOptions{deps: deps, Format: "headers", At: signNow, Secret: "s"}
	o.Scheme, _ = pickScheme("github", &o.generic, newSignCmd(deps, nil))
	err := signRun(o)
	if exitCode(context.Background(), err) != ExitUsage || !strings.Contains(err.Error(), "pipe it on standard input") || out.Len() != 0 {
		t.Errorf("err = %v, out %q", err, out)
	}
}
