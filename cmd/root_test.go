package cmd

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

// testDeps returns Deps over buffers, with an empty environment unless env
// names variables.
func testDeps(env map[string]string) (*Deps, *bytes.Buffer, *bytes.Buffer) {
	var out, errOut bytes.Buffer
	return &Deps{
		IO:     &IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &errOut},
		Getenv: func(k string) string { return env[k] },
		Build:  BuildInfo{Version: "1.2.3", Commit: "abc1234", Date: "2026-11-23T10:00:00Z"},
	}, &out, &errOut
}

func TestDecideColor(t *testing.T) {
	cases := []struct {
		name string
		flag bool
		env  map[string]string
		tty  bool
		want bool
	}{
		{"terminal", false, nil, true, true},
		{"pipe", false, nil, false, false},
		{"--no-color", true, nil, true, false},
		{"NO_COLOR", false, map[string]string{"NO_COLOR": "1"}, true, false},
		{"NO_COLOR beats CLICOLOR_FORCE", false, map[string]string{"NO_COLOR": "1", "CLICOLOR_FORCE": "1"}, true, false},
		{"CLICOLOR_FORCE on a pipe", false, map[string]string{"CLICOLOR_FORCE": "1"}, false, true},
		{"CLICOLOR_FORCE=0", false, map[string]string{"CLICOLOR_FORCE": "0"}, false, false},
		{"dumb terminal", false, map[string]string{"TERM": "dumb"}, true, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := decideColor(tc.flag, func(k string) string { return tc.env[k] }, tc.tty)
			if got != tc.want {
				t.Fatalf("decideColor = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestRootDecidesColourOnce(t *testing.T) {
	deps, _, _ := testDeps(map[string]string{"CLICOLOR_FORCE": "1"})
	root := NewRootCmd(deps)
	root.SetArgs([]string{"completion", "bash"})
	if err := root.Execute(); err != nil {
		t.Fatal(err)
	}
	if !deps.IO.Color {
		t.Fatal("CLICOLOR_FORCE=1 did not turn colour on")
	}
	deps, _, _ = testDeps(map[string]string{"CLICOLOR_FORCE": "1"})
	root = NewRootCmd(deps)
	root.SetArgs([]string{"--no-color", "completion", "bash"})
	if err := root.Execute(); err != nil || deps.IO.Color {
		t.Fatalf("--no-color: colour %v, err %v", deps.IO.Color, err)
	}
}

func TestExitCodes(t *testing.T) {
	live := context.Background()
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	cases := []struct {
		name string
		ctx  context.Context
		err  error
		want int
	}{
		{"success", live, nil, 0},
		{"plain error", live, errors.New("boom"), 1},
		{"usage", live, usageErrorf("bad flag"), 2},
		{"wrapped usage", live, fmt.Errorf("x: %w", usageErrorf("bad")), 2},
		{"failed check", live, failError(errors.New("signature mismatch")), 1},
		{"silent", live, errSilent{code: 1}, 1},
		{"cobra unknown command", live, errors.New(`unknown command "nope" for "hookctl"`), 2},
		{"cobra arg count", live, errors.New("accepts 1 arg(s), received 2"), 2},
		{"interrupted", cancelled, context.Canceled, 130},
		{"error after interrupt", cancelled, fmt.Errorf("send: %w", context.Canceled), 130},
	}
	for _, tc := range cases {
		if got := exitCode(tc.ctx, tc.err); got != tc.want {
			t.Errorf("%s: exit code %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestMainPrintsOneLineAndExitCode(t *testing.T) {
	deps, out, errOut := testDeps(nil)
	code := Main(context.Background(), []string{"--definitely-not-a-flag"}, *deps)
	if code != ExitUsage {
		t.Fatalf("exit code %d, want 2", code)
	}
	if out.Len() != 0 {
		t.Fatalf("stdout should be empty, got %q", out)
	}
	if got := errOut.String(); strings.Count(got, "\n") != 1 || !strings.HasPrefix(got, "hookctl: unknown flag: --definitely-not-a-flag") {
		t.Fatalf("stderr = %q", got)
	}
}

func TestVersionFlag(t *testing.T) {
	deps, out, _ := testDeps(nil)
	if code := Main(context.Background(), []string{"--version"}, *deps); code != 0 {
		t.Fatalf("exit code %d", code)
	}
	if got, want := out.String(), "hookctl 1.2.3 (commit abc1234, built 2026-11-23)\n"; got != want {
		t.Fatalf("--version printed %q, want %q", got, want)
	}
}

func TestBuildInfoFallback(t *testing.T) {
	info := &debug.BuildInfo{Main: debug.Module{Version: "v0.4.0"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.time", Value: "2026-11-01T00:00:00Z"}, {Key: "vcs.modified", Value: "true"},
	}}
	got := BuildInfo{}.withFallback(func() (*debug.BuildInfo, bool) { return info, true })
	if got.String() != "hookctl 0.4.0 (commit 0123456789ab-dirty, built 2026-11-01)" {
		t.Fatalf("got %q", got)
	}
	devel := &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}
	if got := (BuildInfo{}).withFallback(func() (*debug.BuildInfo, bool) { return devel, true }); got.String() != "hookctl dev" {
		t.Fatalf("got %q", got)
	}
	stamped := BuildInfo{Version: "1.0.0", Commit: "feed"}.withFallback(func() (*debug.BuildInfo, bool) { return info, true })
	if stamped.Version != "1.0.0" || stamped.Commit != "feed" {
		t.Fatalf("linker values were overridden: %+v", stamped)
	}
	if got := (BuildInfo{}).withFallback(func() (*debug.BuildInfo, bool) { return nil, false }); got.Version != "dev" {
		t.Fatalf("got %+v", got)
	}
}

func TestSecretResolution(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "secrets")
	os.WriteFile(file, []byte("# rotation\nnew-secret\n\nold-secret\n"), 0o600)
	empty := filepath.Join(dir, "empty")
	os.WriteFile(empty, []byte("\n# nothing\n"), 0o600)
	env := func(v string) func(string) string {
		return func(k string) string {
			if k == "HOOKCTL_SECRET" {
				return v
			}
			return ""
		}
	}
	cases := []struct {
		name    string
		opts    secretOptions
		env     string
		want    []string
		wantErr string
	}{
		{"flags", secretOptions{Secrets: []string{"a", "b"}}, "env", []string{"a", "b"}, ""},
		{"file", secretOptions{Files: []string{file}}, "", []string{"new-secret", "old-secret"}, ""},
		{"env", secretOptions{}, " from-env\n", []string{"from-env"}, ""},
		{"none", secretOptions{}, "", nil, ""},
		{"empty flag", secretOptions{Secrets: []string{""}}, "", nil, "--secret is empty"},
		{"missing file", secretOptions{Files: []string{filepath.Join(dir, "nope")}}, "", nil, "no such file"},
		{"empty file", secretOptions{Files: []string{empty}}, "", nil, "holds no secret"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.opts.resolve(env(tc.env))
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) || exitCode(context.Background(), err) != ExitUsage {
					t.Fatalf("err = %v, want a usage error containing %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || strings.Join(got, ",") != strings.Join(tc.want, ",") {
				t.Fatalf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

func TestParseHeaderFlags(t *testing.T) {
	h, err := parseHeaderFlags("-H", []string{"X-One: 1", "x-two:two words ", "X-Empty:"})
	if err != nil {
		t.Fatal(err)
	}
	if h.Get("x-one") != "1" || h.Get("X-Two") != "two words" || !h.Has("X-Empty") || h[1].Name != "x-two" {
		t.Fatalf("got %v", h)
	}
	for _, bad := range []string{"no colon", ": value", "Bad Name: v"} {
		if _, err := parseHeaderFlags("-H", []string{bad}); err == nil || !strings.Contains(err.Error(), `write it as "Name: value"`) {
			t.Errorf("%q: err = %v", bad, err)
		}
	}
}
