package cmd

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/fatih/color"
	"github.com/hookctl/hookctl/render"
	"github.com/hookctl/hookctl/replay"
	"github.com/hookctl/hookctl/webhook"
)

// replayReport writes what a run did: JSON lines and notes as results
// arrive, a progress line on a terminal, and the summary table at the end.
// Its methods are called from one goroutine only.
type replayReport struct {
	o               *replayOptions
	out, errOut     io.Writer
	total           int
	done, passed    int
	progress        bool
	noted           map[string]bool
	unsigned        []string // providers whose fixtures kept their recorded signature
	pass, fail, dim *color.Color
}

func newReplayReport(o *replayOptions, total int) *replayReport {
	r := &replayReport{
		o: o, out: o.deps.IO.Out, errOut: o.deps.IO.ErrOut, total: total, noted: map[string]bool{},
		progress: o.deps.IO.ErrTTY && !o.JSON && !o.DryRun && o.As == "" && total > 1,
		pass:     color.New(color.FgGreen), fail: color.New(color.FgRed, color.Bold), dim: color.New(color.Faint),
	}
	for _, c := range []*color.Color{r.pass, r.fail, r.dim} {
		if o.deps.IO.Color && !o.JSON {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
	}
	return r
}

// result is replay.Options.OnResult.
func (r *replayReport) result(res replay.Result) {
	r.done++
	if res.Passed {
		r.passed++
	}
	if p := res.Signing.Provider; res.Signing.NoSecret && !r.noted[p] {
		r.noted[p] = true
		r.unsigned = append(r.unsigned, p)
	}
	if r.o.JSON && !r.o.DryRun && r.o.As == "" {
		replayJSONLine(r.out, resultJSON(res))
	}
	if r.progress {
		fmt.Fprintf(r.errOut, "\r\x1b[Kreplaying %d/%d · %d passed · %d failed", r.done, r.total, r.passed, r.done-r.passed)
	}
}

// noteUnsigned says once, after the run, which recorded signatures were
// sent as they were because no secret was given.
func (r *replayReport) noteUnsigned() {
	if len(r.unsigned) == 0 {
		return
	}
	sort.Strings(r.unsigned)
	fmt.Fprintf(r.errOut, "hookctl: no secret given: %s signatures were kept as recorded (pass --secret or set %s to re-sign, or pass --keep-signature to say this is meant)\n",
		strings.Join(r.unsigned, ", "), providerSecretEnv(r.unsigned[0]))
}

func (r *replayReport) clearProgress() {
	if r.progress && r.done > 0 {
		fmt.Fprint(r.errOut, "\r\x1b[K")
	}
}

// finish prints the summary and turns it into the exit code.
func (r *replayReport) finish(sum replay.Summary) error {
	r.clearProgress()
	r.noteUnsigned()
	r.table(sum)
	if r.o.JSON {
		replayJSONLine(r.out, summaryLine{
			Type: "summary", Total: len(sum.Results), Passed: sum.Passed, Failed: sum.Failed,
			DurationMS: millis(sum.Duration),
		})
	}
	if !sum.OK() {
		return errSilent{ExitFail}
	}
	return nil
}

// table lists every request on stderr, failures with their reason.
func (r *replayReport) table(sum replay.Summary) {
	rows := [][]string{{"FIXTURE", "STATUS", "TIME", "RESULT", "REASON"}}
	for _, res := range sum.Results {
		status, took := "-", "-"
		if res.Response != nil {
			status, took = strconv.Itoa(res.Response.Status), render.Duration(res.Duration)
		}
		verdict := "pass"
		if !res.Passed {
			verdict = "FAIL"
		}
		rows = append(rows, []string{res.Source, status, took, verdict, res.Reason})
	}
	widths := make([]int, 4)
	for _, row := range rows {
		for i := range widths {
			widths[i] = max(widths[i], len([]rune(row[i])))
		}
	}
	var b strings.Builder
	for n, row := range rows {
		for i, cell := range row[:4] {
			cell += strings.Repeat(" ", widths[i]-len([]rune(cell)))
			switch {
			case n == 0:
				cell = r.dim.Sprint(cell)
			case i == 3 && row[3] == "pass":
				cell = r.pass.Sprint(cell)
			case i == 3:
				cell = r.fail.Sprint(cell)
			}
			b.WriteString(cell + "  ")
		}
		b.WriteString(row[4])
		fmt.Fprintln(r.errOut, strings.TrimRight(b.String(), " "))
		b.Reset()
	}
	verdict := r.pass.Sprintf("%d passed", sum.Passed)
	if sum.Failed > 0 {
		verdict += ", " + r.fail.Sprintf("%d failed", sum.Failed)
	}
	fmt.Fprintf(r.errOut, "\n%s: %s in %s\n", requestCount(len(sum.Results)), verdict, render.Duration(sum.Duration))
}

type resultLine struct {
	Type       string  `json:"type"`
	Fixture    string  `json:"fixture"`
	ID         string  `json:"id"`
	Method     string  `json:"method,omitempty"`
	URL        string  `json:"url,omitempty"`
	Provider   string  `json:"provider,omitempty"`
	Event      string  `json:"event,omitempty"`
	Resigned   bool    `json:"resigned"`
	Status     int     `json:"status"`
	DurationMS float64 `json:"duration_ms"`
	Attempts   int     `json:"attempts"`
	Passed     bool    `json:"passed"`
	Reason     string  `json:"reason"`
}

type summaryLine struct {
	Type       string  `json:"type"`
	Total      int     `json:"total"`
	Passed     int     `json:"passed"`
	Failed     int     `json:"failed"`
	DurationMS float64 `json:"duration_ms"`
}

// requestLine is a --dry-run --json line: the request as it would be sent.
type requestLine struct {
	Type     string           `json:"type"`
	Fixture  string           `json:"fixture"`
	URL      string           `json:"url"`
	Resigned bool             `json:"resigned"`
	Request  *webhook.Request `json:"request"`
}

func resultJSON(res replay.Result) resultLine {
	l := resultLine{
		Type: "result", Fixture: res.Source, URL: res.URL, Resigned: res.Signing.Resigned,
		DurationMS: millis(res.Duration), Attempts: res.Attempts, Passed: res.Passed, Reason: res.Reason,
	}
	if req := res.Request; req != nil {
		l.ID, l.Method, l.Provider, l.Event = req.ID, req.Method, req.Provider, req.Event
	}
	if res.Response != nil {
		l.Status = res.Response.Status
	}
	return l
}

func replayJSONLine(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

func millis(d time.Duration) float64 {
	return math.Round(float64(d)/float64(time.Millisecond)*1000) / 1000
}

func requestCount(n int) string {
	if n == 1 {
		return "1 request"
	}
	return fmt.Sprintf("%d requests", n)
}
