package cmd

import (
	"context"
	"strings"
	"testing"
	"time"
)

func parseVerify(t *testing.T, args ...string) (*verifyOptions, int, string) {
	t.Helper()
	deps, _, _ := testDeps(nil)
	deps.Now = func() time.Time { return signNow }
	var got *verifyOptions
	c := newVerifyCmd(deps, func(o *verifyOptions) error { got = o; return nil })
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

func TestVerifyFlags(t *testing.T) {
	o, code, msg := parseVerify(t, "-p", "auto", "--secret", "a", "--secret", "b", "-H", "X-A: 1", "--now", "1795435200", "--tolerance", "0", "f.json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, msg)
	}
	if o.Scheme != nil || len(o.Secrets) != 2 || o.Now.Unix() != 1795435200 || !o.ToleranceSet || o.Tolerance != 0 || o.File != "f.json" || len(o.Headers) != 1 {
		t.Errorf("options %+v", o)
	}
	o, _, _ = parseVerify(t, "-p", "svix", "--secret", "whsec_x")
	if o.Scheme.Info().Name != "standard-webhooks" || o.ToleranceSet || !o.Now.Equal(signNow) {
		t.Errorf("alias / defaults: %+v", o)
	}
}

func TestVerifyUsageErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-p", "github"}, "needs a secret"},
		{[]string{"-p", "gthub", "--secret", "s"}, "did you mean github"},
		{[]string{"-p", "github", "--secret", "s", "--tolerance", "-5m"}, "--tolerance"},
		{[]string{"-p", "github", "--secret", "s", "--tolerance", "soon"}, "--tolerance"},
		{[]string{"-p", "github", "--secret", "s", "--now", "later"}, "--now"},
		{[]string{"-p", "github", "--secret", "s", "--algorithm", "sha1"}, "only to --provider generic-hmac"},
	} {
		_, code, msg := parseVerify(t, c.args...)
		if code != ExitUsage || !strings.Contains(msg, c.want) {
			t.Errorf("%v: exit %d %q, want 2 and %q", c.args, code, msg, c.want)
		}
	}
}
