package main

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// badInput is one malformed invocation: the exit status it must end with
// and a piece of the one error line it must print.
type badInput struct {
	name string
	args []string
	code int    // 2 usage or input, 1 runtime
	want string // in the error line
}

// badInputCases covers every command with bad URLs, unreachable hosts (a
// closed port), unknown providers and events, malformed fixtures, bodies
// that are not what they claim, flags out of range, a port in use, a
// folder that cannot be written and missing files. {closed}, {busy}, {ro}
// and {app} are filled in by the test.
func badInputCases() []badInput {
	return []badInput{
		{"sign unknown provider", []string{"sign", "--provider", "nosuch", "--secret", "x", "body.json"}, 2, `unknown provider "nosuch"`},
		{"sign no secret", []string{"sign", "--provider", "stripe", "body.json"}, 2, "needs a secret"},
		{"sign missing file", []string{"sign", "--provider", "stripe", "--secret", "x", "missing.json"}, 2, "missing.json: no such file"},
		{"sign negative timestamp", []string{"sign", "--provider", "stripe", "--secret", "x", "--timestamp", "-5", "body.json"}, 2, "a Unix time is a positive number"},
		{"verify zero now", []string{"verify", "--provider", "stripe", "--secret", "x", "--now", "0", "body.json"}, 2, "a Unix time is a positive number"},
		{"sign bad format", []string{"sign", "--provider", "stripe", "--secret", "x", "--format", "yaml", "body.json"}, 2, `--format "yaml"`},
		{"sign missing secret file", []string{"sign", "--provider", "stripe", "--secret-file", "missing.txt", "body.json"}, 2, "--secret-file missing.txt"},
		{"verify unsigned body", []string{"verify", "--provider", "stripe", "--secret", "x", "body.json"}, 1, "Stripe-Signature header missing"},
		{"verify newer fixture", []string{"verify", "--provider", "stripe", "--secret", "x", "v99.json"}, 2, "fixture version 99"},
		{"verify bad --now", []string{"verify", "--provider", "stripe", "--secret", "x", "--now", "soon", "body.json"}, 2, `--now "soon"`},
		{"verify bad header", []string{"verify", "--provider", "stripe", "--secret", "x", "-H", "nocolon", "body.json"}, 2, "is not a header"},
		{"verify unknown provider", []string{"verify", "--provider", "nosuch", "--secret", "x", "body.json"}, 2, "nosuch"},
		{"send closed port", []string{"send", "http://{closed}/x", "--data", "hi"}, 1, "connection refused"},
		{"send bad URL", []string{"send", "ht!tp://bad", "--data", "hi"}, 2, "is not valid"},
		{"send URL without scheme", []string{"send", "notaurl", "--data", "hi"}, 2, "did you mean http://notaurl"},
		{"send unknown event", []string{"send", "http://{app}", "--event", "stripe:no.such", "--secret", "x"}, 2, `unknown event "stripe:no.such"`},
		{"send unknown catalog provider", []string{"send", "http://{app}", "--event", "nosuch:thing"}, 2, `no provider "nosuch"`},
		{"send unknown provider", []string{"send", "http://{app}", "--provider", "nosuch", "--secret", "x", "--data", "hi"}, 2, `unknown provider "nosuch"`},
		{"send --set on a body that is not JSON", []string{"send", "http://{app}", "--data", "notjson", "--content-type", "application/json", "--set", "a=1"}, 2, "--set needs a JSON body"},
		{"send negative retries", []string{"send", "http://{app}", "--data", "hi", "--retries", "-1"}, 2, "--retries"},
		{"send negative timeout", []string{"send", "http://{app}", "--data", "hi", "--timeout", "-1s"}, 2, "--timeout"},
		{"send zero concurrency", []string{"send", "http://{app}", "--data", "hi", "--concurrency", "0"}, 2, "--concurrency"},
		{"send missing file", []string{"send", "http://{app}", "--file", "missing.json"}, 2, "--file missing.json"},
		{"send missing secret file", []string{"send", "http://{app}", "--provider", "stripe", "--secret-file", "missing.txt", "--data", "hi"}, 2, "--secret-file missing.txt"},
		{"replay malformed fixture", []string{"replay", "bad.json", "--to", "http://{app}"}, 1, "bad fixture: invalid JSON at line 1"},
		{"replay truncated fixture", []string{"replay", "trunc.json", "--to", "http://{app}"}, 1, "unexpected end of JSON input"},
		{"replay newer fixture", []string{"replay", "v99.json", "--to", "http://{app}"}, 1, "fixture version 99"},
		{"replay missing fixture", []string{"replay", "missing.json", "--to", "http://{app}"}, 1, "no such file"},
		{"replay closed port", []string{"replay", "fixture.json", "--to", "http://{closed}"}, 1, "connection refused"},
		{"replay bad --to", []string{"replay", "fixture.json", "--to", "notaurl"}, 2, "--to"},
		{"replay zero concurrency", []string{"replay", "fixture.json", "--to", "http://{app}", "--concurrency", "0"}, 2, "--concurrency"},
		{"replay bad status", []string{"replay", "fixture.json", "--to", "http://{app}", "--expect-status", "999"}, 2, "--expect-status"},
		{"replay bad rate", []string{"replay", "fixture.json", "--to", "http://{app}", "--rate", "fast"}, 2, "--rate"},
		{"replay bad --since", []string{"replay", "fixture.json", "--to", "http://{app}", "--since", "tomorrow"}, 2, "--since"},
		{"replay unknown --as", []string{"replay", "fixture.json", "--to", "http://{app}", "--as", "wget"}, 2, "--as"},
		{"check closed port", []string{"check", "http://{closed}", "--provider", "stripe", "--secret", "x"}, 1, "no answer from http://"},
		{"check bad URL", []string{"check", "notaurl", "--provider", "stripe", "--secret", "x"}, 2, "did you mean"},
		{"check unknown event", []string{"check", "http://{app}", "--event", "stripe:nope", "--secret", "x"}, 2, "stripe:nope"},
		{"check unknown check", []string{"check", "http://{app}", "--provider", "stripe", "--secret", "x", "--only", "nosuch"}, 2, `unknown check "nosuch"`},
		{"check no secret", []string{"check", "http://{app}", "--provider", "stripe"}, 2, "needs the secret"},
		{"check missing file", []string{"check", "http://{app}", "--provider", "stripe", "--secret", "x", "--file", "missing.json"}, 2, "--file missing.json"},
		{"listen port in use", []string{"listen", "--port", "{busyport}", "--count", "1"}, 1, "already in use"},
		{"listen port out of range", []string{"listen", "--port", "70000"}, 2, "--port 70000"},
		{"listen read-only save folder", []string{"listen", "--port", "0", "--save", "{ro}", "--count", "1"}, 2, "is not writable"},
		{"listen save folder is a file", []string{"listen", "--port", "0", "--save", "body.json"}, 2, "is a file"},
		{"listen missing save folder", []string{"listen", "--port", "0", "--save", "missing"}, 2, "does not exist"},
		{"listen status out of range", []string{"listen", "--status", "999"}, 2, "--status 999"},
		{"listen negative count", []string{"listen", "--count", "-1"}, 2, "--count"},
		{"listen bad size", []string{"listen", "--max-body", "lots"}, 2, "--max-body"},
		{"listen negative delay", []string{"listen", "--delay", "-1s"}, 2, "--delay"},
		{"listen bad forward URL", []string{"listen", "--forward-to", "notaurl"}, 2, "--forward-to"},
		{"listen unknown provider", []string{"listen", "--provider", "nosuch", "--secret", "x"}, 2, `unknown provider "nosuch"`},
		{"listen missing secret file", []string{"listen", "--provider", "stripe", "--secret-file", "missing.txt"}, 2, "--secret-file missing.txt"},
		{"listen missing response file", []string{"listen", "--response-body", "@missing.txt"}, 2, "--response-body @missing.txt"},
		{"listen bad response header", []string{"listen", "--response-header", "nocolon"}, 2, "--response-header"},
		{"listen bad relay URL", []string{"listen", "--relay", "notaurl", "--token", "x"}, 2, "--relay"},
		{"relay serve port in use", []string{"relay", "serve", "--addr", "{busy}", "--store", "memory"}, 1, "address already in use"},
		{"relay serve store not a database", []string{"relay", "serve", "--addr", "127.0.0.1:0", "--store", "body.json"}, 1, "invalid database"},
		{"relay serve store in a missing folder", []string{"relay", "serve", "--addr", "127.0.0.1:0", "--store", "missing/relay.db"}, 1, "no such file"},
		{"relay serve bad address", []string{"relay", "serve", "--addr", "nonsense", "--store", "memory"}, 2, `--addr "nonsense" is not HOST:PORT`},
		{"relay serve address in use", []string{"relay", "serve", "--addr", "{app}", "--store", "memory"}, 1, "cannot listen on"},
		{"relay serve zero queue", []string{"relay", "serve", "--store", "memory", "--queue-depth", "0"}, 2, "--queue-depth"},
		{"relay serve bad size", []string{"relay", "serve", "--store", "memory", "--max-body", "-5"}, 2, "--max-body"},
		{"relay serve bad public URL", []string{"relay", "serve", "--store", "memory", "--public-url", "ftp://x"}, 2, "--public-url"},
		{"relay serve cert without key", []string{"relay", "serve", "--store", "memory", "--tls-cert", "body.json"}, 2, "--tls-cert and --tls-key"},
		{"relay serve unreachable redis", []string{"relay", "serve", "--addr", "127.0.0.1:0", "--store", "redis://{closed}/0"}, 1, "does not answer"},
		{"relay connect bad URL", []string{"relay", "connect", "notaurl", "--forward-to", "http://{app}"}, 2, "did you mean"},
		{"relay connect bad channel", []string{"relay", "connect", "http://{closed}/c/bad!name", "--forward-to", "http://{app}"}, 2, `channel "bad!name"`},
		{"relay connect no forward", []string{"relay", "connect", "http://{closed}"}, 2, "--forward-to is required"},
		{"relay connect bad timeout", []string{"relay", "connect", "http://{closed}", "--forward-to", "http://{app}", "--timeout", "0s"}, 2, "--timeout"},
		{"relay connect bad catch-up concurrency", []string{"relay", "connect", "http://{closed}", "--forward-to", "http://{app}", "--catch-up-concurrency", "0"}, 2, "--catch-up-concurrency must be from 1 to 256"},
		{"relay connect --drain unreachable", []string{"relay", "connect", "http://{closed}", "--forward-to", "http://{app}", "--drain", "--no-save"}, 1, "--drain: lost the relay"},
		{"unknown command", []string{"nosuch"}, 2, "nosuch"},
		{"unknown flag", []string{"send", "--nosuch"}, 2, "--nosuch"},
	}
}

// TestBadInput runs every bad invocation as a real process and checks that
// it ends the way a script can rely on: the right exit status, exactly one
// "hookctl:" line (usage errors print nothing else), no panic or stack
// trace, and no file left behind in the working folder.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	fixture, err := os.ReadFile("testdata/hooks/stripe_payment_intent.succeeded.json")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{
		"body.json":    `{"id":"evt_1"}`,
		"bad.json":     "not json {",
		"trunc.json":   `{"version":1,"method":"POST"`,
		"v99.json":     `{"version":99,"method":"POST","path":"/"}`,
		"fixture.json": string(fixture),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	app := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer app.Close()
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	ro := readOnlyDir(t)
	vars := strings.NewReplacer("{closed}", freeAddr(t), "{busy}", busy.Addr().String(),
		"{busyport}", strconv.Itoa(busy.Addr().(*net.TCPAddr).Port), "{ro}", ro,
		"{app}", strings.TrimPrefix(app.URL, "http://"))
	before := listFiles(t, dir)
	for _, tc := range badInputCases() {
		t.Run(tc.name, func(t *testing.T) {
			args := make([]string, len(tc.args))
			for i, a := range tc.args {
				args[i] = vars.Replace(a)
			}
			code, stdout, stderr := runHookctl(t, dir, args)
			if code != tc.code {
				t.Errorf("exit status %d, want %d\nstderr: %s", code, tc.code, stderr)
			}
			all := stdout + stderr
			if strings.Contains(all, "goroutine ") || strings.Contains(all, "panic:") {
				t.Fatalf("stack trace in the output:\n%s", all)
			}
			checkErrorLine(t, tc, stdout, stderr)
			if after := listFiles(t, dir); !slices.Equal(after, before) {
				t.Errorf("files left behind: %v, before %v", after, before)
			}
		})
	}
}

// checkErrorLine checks for exactly one error line naming the problem.
// Replay reports a bad fixture in its table (stderr) rather than as a
// "hookctl:" line, since one bad file among many is not the end.
func checkErrorLine(t *testing.T, tc badInput, stdout, stderr string) {
	t.Helper()
	var errLines []string
	for _, l := range strings.Split(strings.TrimSpace(stderr), "\n") {
		if strings.HasPrefix(l, "hookctl:") {
			errLines = append(errLines, l)
		}
	}
	switch {
	case tc.code == 2 && strings.Count(strings.TrimSpace(stderr), "\n") != 0:
		t.Errorf("a usage error prints one line on stderr, got:\n%s", stderr)
	case tc.code == 2 && stdout != "":
		t.Errorf("a usage error prints nothing on stdout, got:\n%s", stdout)
	case len(errLines) > 1:
		t.Errorf("%d error lines, want one:\n%s", len(errLines), stderr)
	case len(errLines) == 0 && tc.args[0] != "replay":
		t.Errorf("no hookctl: line on stderr:\n%s", stderr)
	}
	if !strings.Contains(stderr, tc.want) {
		t.Errorf("stderr does not say %q:\n%s", tc.want, stderr)
	}
}

// runHookctl runs hookctl in dir with a time limit and no terminal.
func runHookctl(t *testing.T, dir string, args []string) (code int, stdout, stderr string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, "hookctl", args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+filepath.Join(dir, "config"), "NO_COLOR=1", "HOOKCTL_SECRET=")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("hookctl %v did not finish within 20s", args)
	}
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		code = ee.ExitCode()
	default:
		t.Fatal(err)
	}
	return code, out.String(), errOut.String()
}

// readOnlyDir is a folder nobody can create files in: a 0555 folder, or
// /proc for root, whom permissions do not stop.
func readOnlyDir(t *testing.T) string {
	if os.Geteuid() == 0 {
		return "/proc"
	}
	dir := filepath.Join(t.TempDir(), "ro")
	if err := os.Mkdir(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	return dir
}

func listFiles(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && path != dir {
			names = append(names, strings.TrimPrefix(path, dir))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return names
}
