package cmd

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateSendGolden = flag.Bool("update-send", false, "rewrite cmd/testdata/send_*.golden")

func checkSendGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *updateSendGolden {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd -run SendListEvents -update-send to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (rerun with -update-send if the change is intended)\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func TestSendListEvents(t *testing.T) {
	tests := []struct {
		golden string
		args   []string
	}{
		{"send_list_events.golden", []string{"--list-events"}},
		{"send_list_events_stripe.golden", []string{"--list-events", "stripe"}},
		{"send_list_events_github.json.golden", []string{"--list-events", "github", "--json"}},
	}
	for _, tt := range tests {
		t.Run(tt.golden, func(t *testing.T) {
			deps, _, _ := testDeps(nil)
			code, out, errOut := runSend(t, deps, tt.args...)
			if code != 0 || errOut != "" {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			checkSendGolden(t, tt.golden, out)
		})
	}
}

func TestSendListEventsJSONLines(t *testing.T) {
	deps, _, _ := testDeps(nil)
	_, out, _ := runSend(t, deps, "--list-events", "--json")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 60 {
		t.Fatalf("%d events", len(lines))
	}
	for _, line := range lines {
		var ev map[string]string
		if err := json.Unmarshal([]byte(line), &ev); err != nil || ev["type"] != "event" || ev["name"] != ev["provider"]+":"+ev["event"] {
			t.Errorf("line %s: %v", line, err)
		}
	}
}

func TestSendListEventsUnknownProvider(t *testing.T) {
	deps, _, _ := testDeps(nil)
	code, _, errOut := runSend(t, deps, "--list-events", "stripey")
	if code != ExitUsage || !strings.Contains(errOut, `no provider "stripey"`) || !strings.Contains(errOut, "stripe") {
		t.Errorf("exit %d: %s", code, errOut)
	}
}
