// Package interop checks hookctl's signatures against the providers'
// official Node SDKs (oracle.cjs): what hookctl signs, each SDK accepts;
// what an SDK signs (where it can sign), hookctl accepts.
//
// It needs Node and `npm ci --prefix interop`. Without node_modules the
// test skips, unless HOOKCTL_INTEROP=1 (as in CI), when it fails.
package interop

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/hookctl/hookctl/sign"
)

// oracleCase is one line sent to oracle.cjs.
type oracleCase struct {
	Op        string            `json:"op"`
	Provider  string            `json:"provider"` // the oracle's name for the SDK
	Secret    string            `json:"secret"`
	Body      string            `json:"body"` // base64
	Headers   map[string]string `json:"headers,omitempty"`
	URL       string            `json:"url,omitempty"`
	ID        string            `json:"id,omitempty"`
	Timestamp int64             `json:"timestamp,omitempty"`
}

type oracleAnswer struct {
	OK      bool              `json:"ok"`
	Error   string            `json:"error"`
	Headers map[string]string `json:"headers"`
}

// needOracle skips (or, with HOOKCTL_INTEROP=1, fails) when the SDKs are
// not installed.
func needOracle(t *testing.T) string {
	t.Helper()
	required := os.Getenv("HOOKCTL_INTEROP") == "1"
	node, err := exec.LookPath("node")
	if err != nil {
		if required {
			t.Fatal("HOOKCTL_INTEROP=1 but node is not on PATH")
		}
		t.Skip("node not found; install Node 20+ and run npm ci --prefix interop")
	}
	if _, err := os.Stat("node_modules"); err != nil {
		if required {
			t.Fatal("HOOKCTL_INTEROP=1 but interop/node_modules is missing: run npm ci --prefix interop")
		}
		t.Skip("interop/node_modules missing: run npm ci --prefix interop (HOOKCTL_INTEROP=1 makes this a failure)")
	}
	return node
}

// askOracle runs every case through one node process and returns the
// answers in order.
func askOracle(t *testing.T, node string, cases []oracleCase) []oracleAnswer {
	t.Helper()
	var in bytes.Buffer
	enc := json.NewEncoder(&in)
	for _, c := range cases {
		if err := enc.Encode(c); err != nil {
			t.Fatal(err)
		}
	}
	cmd := exec.Command(node, "oracle.cjs")
	cmd.Stdin = &in
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("oracle.cjs: %v\n%s", err, stderr.String())
	}
	var answers []oracleAnswer
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var a oracleAnswer
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("oracle answer %q: %v", sc.Text(), err)
		}
		answers = append(answers, a)
	}
	if len(answers) != len(cases) {
		t.Fatalf("oracle gave %d answers to %d cases\n%s", len(answers), len(cases), stderr.String())
	}
	return answers
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

func headerMap(h []sign.Header) map[string]string {
	m := map[string]string{}
	for _, kv := range h {
		m[kv.Name] = kv.Value
	}
	return m
}

func fromMap(m map[string]string) sign.Headers {
	var h sign.Headers
	for k, v := range m {
		h = append(h, sign.Header{Name: k, Value: v})
	}
	return h
}

func short(s string) string {
	if len(s) > 300 {
		return s[:300] + "…"
	}
	return strings.ReplaceAll(s, "\n", " ")
}
