package cmd

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/fatih/color"
	"github.com/hookctl/hookctl/check"
	"github.com/hookctl/hookctl/render"
)

// checkView prints the scorecard: a row per check as it finishes (or a JSON
// line), then the summary. Its methods run on one goroutine.
type checkView struct {
	o                  *checkOptions
	out                io.Writer
	ok, bad, warn, dim *color.Color
	limit              time.Duration
	limitSource        string
}

func newCheckView(o *checkOptions) *checkView {
	v := &checkView{o: o, out: o.deps.IO.Out,
		ok: color.New(color.FgGreen), bad: color.New(color.FgRed, color.Bold), warn: color.New(color.FgYellow), dim: color.New(color.Faint)}
	for _, c := range []*color.Color{v.ok, v.bad, v.warn, v.dim} {
		if o.deps.IO.Color && !o.JSON {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
	}
	prof := check.ProfileFor(o.scheme.Info())
	v.limit, v.limitSource = prof.Timeout, prof.TimeoutSource
	if o.Timeout > 0 {
		v.limit, v.limitSource = o.Timeout, "--timeout"
	}
	return v
}

// header says what is being checked and against which limits.
func (v *checkView) header() {
	if v.o.JSON {
		return
	}
	info := v.o.scheme.Info()
	window := "no signed timestamp"
	if info.Timestamp && info.Tolerance > 0 {
		window = "timestamps valid for " + info.Tolerance.String()
	}
	fmt.Fprintf(v.out, "Checking %s as %s delivers: answers within %s, %s\n\n", v.o.URL, info.Title, v.limit, window)
	fmt.Fprintln(v.out, v.dim.Sprintf("    %-13s %-16s %9s  %s", "CHECK", "EXPECTED", "TIME", "GOT"))
}

// result prints one check's row, and for a failure or a skip the reason.
func (v *checkView) result(r check.Result) {
	if v.o.JSON {
		checkJSONLine(v.out, checkResultJSON(r))
		return
	}
	mark, note := v.ok.Sprint("✔"), ""
	switch {
	case r.Skipped:
		fmt.Fprintf(v.out, "  %s %-13s %s\n", v.dim.Sprint("–"), r.Name, v.dim.Sprint("skipped"))
		fmt.Fprintf(v.out, "      %s\n", v.dim.Sprint("↳ "+r.Why))
		return
	case r.Failed() && r.Required:
		mark = v.bad.Sprint("✘")
	case r.Failed():
		mark, note = v.warn.Sprint("!"), v.dim.Sprint("  (advisory)")
	}
	fmt.Fprintf(v.out, "  %s %-13s %-16s %9s  %s%s\n", mark, r.Name, r.Expected, render.Duration(r.Duration), r.Got, note)
	if r.Failed() {
		fmt.Fprintf(v.out, "      ↳ %s\n", r.Why)
	}
	if v.o.Verbose && r.Name != check.Timing {
		for _, d := range r.Deliveries {
			fmt.Fprintln(v.out, v.dim.Sprintf("      · %-40s %9s  %s", d.Label, render.Duration(d.Duration), checkAnswer(d)))
		}
	}
}

// checkAnswer is one delivery's outcome for the verbose rows.
func checkAnswer(d check.Delivery) string {
	if d.Status == 0 {
		return "no answer: " + d.Error
	}
	return fmt.Sprintf("%d %s", d.Status, http.StatusText(d.Status))
}

// checkTally counts results for the summary.
type checkTally struct {
	passed, failed, advisory, skipped int
	// required counts the required checks that ran.
	required    int
	failedNames []string
}

func checkCount(results []check.Result) checkTally {
	var t checkTally
	for _, r := range results {
		switch {
		case r.Skipped:
			t.skipped++
		case r.Passed:
			t.passed++
			if r.Required {
				t.required++
			}
		case r.Required:
			t.failed++
			t.required++
			t.failedNames = append(t.failedNames, r.Name)
		default:
			t.advisory++
		}
	}
	return t
}

// summary prints the last line (or the summary JSON object).
func (v *checkView) summary(results []check.Result) {
	t := checkCount(results)
	if v.o.JSON {
		checkJSONLine(v.out, checkSummaryJSON{
			Type: "summary", URL: v.o.URL, Provider: v.o.scheme.Info().Name, OK: t.failed == 0,
			Passed: t.passed, Failed: t.failed, AdvisoryFailed: t.advisory, Skipped: t.skipped,
			TimeoutMS: v.limit.Milliseconds(),
		})
		return
	}
	var parts []string
	if t.failed == 0 {
		parts = append(parts, v.ok.Sprintf("✔ every required check passed (%d)", t.required))
	} else {
		parts = append(parts, v.bad.Sprintf("✘ %d of %d required checks failed: %s", t.failed, t.required, strings.Join(t.failedNames, ", ")))
	}
	if t.advisory > 0 {
		parts = append(parts, v.warn.Sprintf("%d advisory failed", t.advisory))
	}
	if t.skipped > 0 {
		parts = append(parts, fmt.Sprintf("%d skipped", t.skipped))
	}
	fmt.Fprintf(v.out, "\n%s\n", strings.Join(parts, " · "))
}

// checkJSON is a check's --json line.
type checkJSON struct {
	Type       string         `json:"type"`
	Name       string         `json:"name"`
	Passed     bool           `json:"passed"`
	Required   bool           `json:"required"`
	Skipped    bool           `json:"skipped"`
	Expected   string         `json:"expected"`
	Got        string         `json:"got"`
	DurationMS float64        `json:"duration_ms"`
	Why        string         `json:"why"`
	Deliveries []deliveryJSON `json:"deliveries"`
}

// checkSummaryJSON is the last --json line. OK is false when a required
// check failed, as the exit status is 1.
type checkSummaryJSON struct {
	Type           string `json:"type"`
	URL            string `json:"url"`
	Provider       string `json:"provider"`
	OK             bool   `json:"ok"`
	Passed         int    `json:"passed"`
	Failed         int    `json:"failed"`
	AdvisoryFailed int    `json:"advisory_failed"`
	Skipped        int    `json:"skipped"`
	TimeoutMS      int64  `json:"timeout_ms"`
}

type deliveryJSON struct {
	Check      string  `json:"check"`
	Label      string  `json:"label"`
	Status     int     `json:"status"`
	Error      string  `json:"error,omitempty"`
	DurationMS float64 `json:"duration_ms"`
	TimedOut   bool    `json:"timed_out,omitempty"`
}

func checkResultJSON(r check.Result) checkJSON {
	out := checkJSON{Type: "check", Name: r.Name, Passed: r.Passed, Required: r.Required, Skipped: r.Skipped,
		Expected: r.Expected, Got: r.Got, DurationMS: checkMillis(r.Duration), Why: r.Why, Deliveries: []deliveryJSON{}}
	for _, d := range r.Deliveries {
		out.Deliveries = append(out.Deliveries, deliveryJSON{Check: d.Check, Label: d.Label, Status: d.Status,
			Error: d.Error, DurationMS: checkMillis(d.Duration), TimedOut: d.TimedOut})
	}
	return out
}

// checkMillis is a duration in milliseconds to the microsecond.
func checkMillis(d time.Duration) float64 { return math.Round(float64(d)/1e3) / 1e3 }

func checkJSONLine(w io.Writer, v any) {
	b, _ := json.Marshal(v) // plain structs and maps always marshal
	fmt.Fprintf(w, "%s\n", b)
}
