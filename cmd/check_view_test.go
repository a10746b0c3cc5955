package cmd

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hookctl/hookctl/check"
	"github.com/hookctl/hookctl/sign"
)

var updateCheckGolden = flag.Bool("update-check", false, "rewrite cmd/testdata/check_*.golden")

// checkGolden compares got with testdata/NAME, or rewrites it with
// -update-check.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *updateCheckGolden {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd -run CheckScorecard -update-check to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (rerun with -update-check if the change is intended)\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

// scorecardResults is a fixed run of every kind of row: passed, failed,
// advisory failure and skipped.
func scorecardResults() []check.Result {
	ms := time.Millisecond
	return []check.Result{
		{Name: "valid", Required: true, Passed: true, Expected: "2xx", Got: "200 OK", Duration: 3 * ms},
		{Name: "duplicate", Required: true, Passed: true, Expected: "2xx", Got: "200 OK", Duration: 1200 * time.Microsecond},
		{Name: "idempotency", Required: true, Skipped: true, Why: "pass --side-effect-url to check that a retry does not act twice"},
		{Name: "tampered", Required: true, Expected: "4xx", Got: "200 OK", Duration: 900 * time.Microsecond,
			Why: "the app accepted a body its signature does not match"},
		{Name: "stale", Required: true, Skipped: true, Why: "GitHub signs no timestamp"},
		{Name: "out-of-order", Expected: "no 5xx", Got: "500 Internal Server Error, then 200 OK", Duration: 12 * ms,
			Why: "GitHub does not promise order", Deliveries: []check.Delivery{
				{Check: "out-of-order", Label: "later: pull_request.closed", Status: 500, Duration: 10 * ms},
				{Check: "out-of-order", Label: "earlier: pull_request.opened", Status: 200, Duration: 2 * ms}}},
		{Name: "timing", Required: true, Passed: true, Expected: "under 10s", Got: "slowest 10.0 ms (out-of-order)", Duration: 10 * ms},
	}
}

func TestCheckScorecard(t *testing.T) {
	scheme, err := sign.Lookup("github")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		golden               string
		color, json, verbose bool
	}{
		{"check_scorecard.golden", false, false, false},
		{"check_scorecard_color.golden", true, false, false},
		{"check_scorecard_json.golden", false, true, false},
		{"check_scorecard_verbose.golden", false, false, true},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			deps, out, _ := testDeps(nil)
			deps.IO.Color = tc.color
			v := newCheckView(&checkOptions{deps: deps, URL: "http://localhost:3000/hooks", scheme: scheme, JSON: tc.json, Verbose: tc.verbose})
			v.header()
			results := scorecardResults()
			for _, r := range results {
				v.result(r)
			}
			v.summary(results)
			checkGolden(t, tc.golden, out.Bytes())
		})
	}
}
