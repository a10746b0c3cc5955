package replay

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/hookctl/hookctl/webhook"
)

// TestCurlExportReproducesTheRequest runs the exported command with the
// real curl and checks the app sees what a replay would have sent.
func TestCurlExportReproducesTheRequest(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl is not installed")
	}
	odd := req("odd", "", "X-Quote", `it's "quoted" $HOME`, "X-Empty", "", "X-Multi", "1", "X-Multi", "2")
	odd.Body = []byte("@not-a-file\nline two with 'quotes' and $(nothing) `run`\n")
	empty := req("empty", "")
	empty.Body = nil
	all := append(hooks(t), load(t, filepath.Join("testdata", "binary_repeated.json"))...)
	all = append(all, loaded(odd, empty)...)
	srv, got := server(t, ok200)
	dir := t.TempDir()
	for _, l := range all {
		r := l.Request
		if _, err := webhook.Deliver(context.Background(), r, srv.URL, webhook.DeliverOptions{}); err != nil {
			t.Fatal(err)
		}
		want := <-got
		bodyFile := filepath.Join(dir, "body with space.bin")
		if NeedsBodyFile(r) {
			if err := os.WriteFile(bodyFile, r.Body, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		url, _ := Destination(srv.URL, r)
		cmd, err := ExportCommand(ExportCurl, r, url, bodyFile)
		if err != nil {
			t.Fatal(err)
		}
		out, err := exec.Command("sh", "-c", cmd+" --silent --show-error --output /dev/null").CombinedOutput()
		if err != nil {
			t.Fatalf("%s: curl failed: %v\n%s\n%s", l.Source, err, out, cmd)
		}
		have := <-got
		if have.method != want.method || have.uri != want.uri || !bytes.Equal(have.body, want.body) {
			t.Errorf("%s: curl sent %s %s (%d bytes), replay %s %s (%d bytes)\n%s", l.Source,
				have.method, have.uri, len(have.body), want.method, want.uri, len(want.body), cmd)
		}
		if !reflect.DeepEqual(have.header, want.header) {
			t.Errorf("%s: headers differ\ncurl:   %v\nreplay: %v\n%s", l.Source, have.header, want.header, cmd)
		}
	}
}

func TestExportNeedsAFileForBinaryBodies(t *testing.T) {
	bin := load(t, filepath.Join("testdata", "binary_repeated.json"))[0].Request
	if !NeedsBodyFile(bin) {
		t.Fatal("a gzip body can be inline?")
	}
	if _, err := ExportCommand(ExportCurl, bin, "http://127.0.0.1/", ""); err == nil {
		t.Fatal("no error without a data file")
	}
	cmd, err := ExportCommand(ExportHTTPie, bin, "http://127.0.0.1/x", "it's.bin")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"http --path-as-is", "PUT http://127.0.0.1/x", "'X-Empty;'", "X-Multi:one", "'X-Multi:three, with comma'", "  Accept: \\\n", `< 'it'\''s.bin'`} {
		if !strings.Contains(cmd, want) {
			t.Errorf("httpie command lacks %q:\n%s", want, cmd)
		}
	}
	if strings.Contains(cmd, "--ignore-stdin") || strings.Contains(cmd, "Connection") {
		t.Errorf("httpie command:\n%s", cmd)
	}
}

func TestHTTPieInlineBody(t *testing.T) {
	r := req("x", "", "Content-Type", "application/json")
	cmd, err := ExportCommand(ExportHTTPie, r, "http://127.0.0.1/x", "")
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("http --path-as-is --ignore-stdin POST http://127.0.0.1/x \\\n  Content-Type:application/json \\\n  User-Agent: \\\n  Accept: \\\n  Accept-Encoding: \\\n  --raw %s", ShellQuote(string(r.Body)))
	if cmd != want {
		t.Fatalf("httpie command:\n%s", cmd)
	}
}

func TestShellQuote(t *testing.T) {
	for in, want := range map[string]string{
		"plain/path-1.json": "plain/path-1.json",
		"":                  "''",
		"a b":               "'a b'",
		"it's":              `'it'\''s'`,
		"$HOME":             "'$HOME'",
		"a\nb":              "'a\nb'",
	} {
		if got := ShellQuote(in); got != want {
			t.Errorf("ShellQuote(%q) = %s, want %s", in, got, want)
		}
		out, err := exec.Command("sh", "-c", "printf %s "+ShellQuote(in)).Output()
		if err != nil || string(out) != in {
			t.Errorf("sh read %s back as %q (%v)", ShellQuote(in), out, err)
		}
	}
}

// FuzzShellQuote checks that sh reads every quoted string back unchanged.
func FuzzShellQuote(f *testing.F) {
	for _, s := range []string{"", "a b", "it's", `"$(rm -rf /)"`, "a\nb\tc", "\\'\\", "`x`", "!event", "-n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if strings.ContainsRune(s, 0) {
			return // no shell argument can hold NUL: such bodies go to a file
		}
		out, err := exec.Command("sh", "-c", `printf '%s' `+ShellQuote(s)).Output()
		if err != nil || string(out) != s {
			t.Fatalf("sh read %s back as %q (%v)", ShellQuote(s), out, err)
		}
	})
}
