package cmd

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateSignGolden = flag.Bool("update-sign", false, "rewrite cmd/testdata/sign_*.golden")

func signGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *updateSignGolden {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd -run SignList -update-sign to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (rerun with -update-sign if the change is intended)\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// TestSignListGolden: the provider table and its JSON lines, which
// scripts read.
func TestSignListGolden(t *testing.T) {
	var text, js bytes.Buffer
	if err := signList(&text, false); err != nil {
		t.Fatal(err)
	}
	if err := signList(&js, true); err != nil {
		t.Fatal(err)
	}
	signGolden(t, "sign_list.golden", text.Bytes())
	signGolden(t, "sign_list_json.golden", js.Bytes())

	lines := strings.Split(strings.TrimSpace(js.String()), "\n")
	if len(lines) < 41 {
		t.Errorf("%d schemes listed, want at least 40 providers and generic-hmac", len(lines))
	}
	for _, l := range lines {
		var p providerJSON
		if err := json.Unmarshal([]byte(l), &p); err != nil || p.Type != "provider" || p.Aliases == nil || p.Headers == nil {
			t.Errorf("bad line %s: %v", l, err)
		}
	}
}
