package cmd

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/hookctl/hookctl/replay"
)

// parseReplay runs the flag parsing only and returns the options and the
// exit code the error would give.
func parseReplay(t *testing.T, env map[string]string, args ...string) (*replayOptions, int, string) {
	t.Helper()
	deps, _, _ := testDeps(env)
	deps.Now = func() time.Time { return time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC) }
	var got *replayOptions
	c := newReplayCmd(deps, func(o *replayOptions) error { got = o; return nil })
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

func TestReplayUsageErrors(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--to", "http://127.0.0.1:1"}, "give fixture files"},
		{[]string{"x.json"}, "--to is required"},
		{[]string{"x.json", "--to", "localhost:3000"}, "--to:"},
		{[]string{"-", "-", "--to", "http://h"}, "only once"},
		{[]string{"x.json", "--to", "http://h", "--concurrency", "0"}, "--concurrency"},
		{[]string{"x.json", "--to", "http://h", "--retries", "-1"}, "--retries"},
		{[]string{"x.json", "--to", "http://h", "--limit", "-1"}, "--limit"},
		{[]string{"x.json", "--to", "http://h", "--timeout", "0s"}, "--timeout"},
		{[]string{"x.json", "--to", "http://h", "--rate", "fast"}, "--rate"},
		{[]string{"x.json", "--to", "http://h", "--order", "random"}, "--order"},
		{[]string{"x.json", "--to", "http://h", "--event", "[x"}, "--event"},
		{[]string{"x.json", "--to", "http://h", "--header", "no header"}, "--header"},
		{[]string{"x.json", "--to", "http://h", "--since", "yesterday"}, "--since"},
		{[]string{"x.json", "--to", "http://h", "--until", "soon"}, "--until"},
		{[]string{"x.json", "--to", "http://h", "--expect-status", "ok"}, "--expect-status"},
		{[]string{"x.json", "--to", "http://h", "--provider", "strpie", "--secret", "s"}, "did you mean stripe"},
		{[]string{"x.json", "--to", "http://h", "--provider", "stripe"}, "needs a secret"},
		{[]string{"x.json", "--to", "http://h", "--provider", "stripe", "--secret", "s", "--keep-signature"}, "--keep-signature"},
		{[]string{"x.json", "--as", "wget"}, "--as"},
		{[]string{"x.json", "--as", "curl", "--json"}, "cannot be combined"},
		{[]string{"-", "--to", "http://h", "--edit"}, "--edit needs the terminal"},
		{[]string{"x.json", "--to", "http://h", "--edit", "--concurrency", "2"}, "one body at a time"},
		{[]string{"x.json", "--to", "http://h", "--secret", ""}, "--secret is empty"},
		{[]string{"x.json", "--to", "http://h", "--bogus"}, "unknown flag"},
	}
	for _, tc := range cases {
		_, code, msg := parseReplay(t, nil, tc.args...)
		if code != ExitUsage || !strings.Contains(msg, tc.want) {
			t.Errorf("%v: exit %d, %q; want 2 and %q", tc.args, code, msg, tc.want)
		}
	}
}

func TestReplayFlagsParse(t *testing.T) {
	o, code, msg := parseReplay(t, map[string]string{"HOOKCTL_SECRET": "from-env"},
		"a.json", "dir/", "--to", "http://127.0.0.1:3000/api", "--provider", "svix", "--concurrency", "4",
		"--rate", "120/m", "--delay-as-recorded", "--max-gap", "2s", "--order", "time", "--event", "invoice.*",
		"--header", "X-Env: prod", "--since", "2h", "--until", "2026-11-23", "--limit", "5",
		"--expect-status", "4xx,5xx", "--expect-body-contains", "ok", "--retries", "2", "--timeout", "3s")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, msg)
	}
	switch {
	case o.Secret != "from-env" || o.Scheme == nil || o.Scheme.Info().Name != "standard-webhooks":
		t.Errorf("signing: secret %q, scheme %v", o.Secret, o.Scheme)
	case o.Pace.Rate != 2 || !o.Pace.AsRecorded || o.Pace.MaxGap != 2*time.Second || o.Concurrency != 4:
		t.Errorf("pace %+v, concurrency %d", o.Pace, o.Concurrency)
	case o.Order != replay.OrderTime || o.Limit != 5 || len(o.Filter.Headers) != 1 || o.Filter.Headers[0].Pattern != "prod":
		t.Errorf("plan: %+v", o.Filter)
	case !o.Filter.Since.Equal(time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)) || !o.Filter.Until.Equal(time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)):
		t.Errorf("since %v until %v", o.Filter.Since, o.Filter.Until)
	case !o.Expect.Status.Match(503) || o.Expect.Status.Match(200) || o.Expect.BodyContains != "ok":
		t.Errorf("expect %+v", o.Expect)
	case o.Retries != 2 || o.Timeout != 3*time.Second:
		t.Errorf("retries %d timeout %v", o.Retries, o.Timeout)
	}
}

func TestReplayDefaults(t *testing.T) {
	o, code, _ := parseReplay(t, nil, "a.json", "--to", "http://h")
	if code != 0 || o.Concurrency != 1 || o.Order != replay.OrderFile || !o.Expect.Status.Match(204) || o.Expect.Status.Match(302) ||
		o.Timeout != 10*time.Second || o.Pace.MaxGap != 10*time.Second || o.Secret != "" {
		t.Fatalf("defaults: %+v (exit %d)", o, code)
	}
	// --dry-run and --as do not need --to: they use the recorded host.
	for _, extra := range []string{"--dry-run", "--as=curl"} {
		if _, code, msg := parseReplay(t, nil, "a.json", extra); code != 0 {
			t.Errorf("%s without --to: exit %d, %s", extra, code, msg)
		}
	}
}
