package cmd

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/hookctl/hookctl/render"
	"github.com/hookctl/hookctl/webhook"
)

// sendReport shows a run: attempts on stderr as they happen, answers on
// stdout, a summary at the end with --repeat. Only attempt is called from
// several goroutines; it writes through a synchronised writer.
type sendReport struct {
	o       *sendOptions
	dest    string
	out     io.Writer
	errOut  io.Writer
	rend    *render.Renderer
	results []sendResult
}

func newSendReport(o *sendOptions, dest string) *sendReport {
	return &sendReport{
		o: o, dest: dest, out: o.deps.IO.Out, errOut: SyncWriter(o.deps.IO.ErrOut),
		rend: o.deps.renderer(o.deps.IO.Out),
	}
}

// start says what is about to be sent.
func (r *sendReport) start(first *webhook.Request) {
	if r.o.JSON {
		return
	}
	what := first.Event
	if r.o.Event != nil {
		what = r.o.Event.Name()
	}
	if what == "" {
		what = render.Size(len(first.Body))
	}
	signed := "unsigned"
	if r.o.Scheme != nil && r.o.Secret != "" {
		signed = "signed as " + r.o.Scheme.Info().Name
	}
	count := ""
	if r.o.Repeat > 1 {
		count = fmt.Sprintf("%d × ", r.o.Repeat)
	}
	fmt.Fprintf(r.errOut, "→ %s%s %s  %s  %s\n", count, first.Method, r.dest, what, signed)
	if r.o.Verbose && r.o.Repeat == 1 {
		fmt.Fprint(r.errOut, r.o.deps.renderer(r.o.deps.IO.ErrOut).Request(recordedAs(first, r.dest)))
	}
}

// attempt reports an attempt that will be retried; the last attempt's
// outcome is the result itself.
func (r *sendReport) attempt(n int, a webhook.Attempt) {
	if a.Wait <= 0 || r.o.JSON {
		return
	}
	what := fmt.Sprintf("%d %s", a.Status, http.StatusText(a.Status))
	if a.Err != nil {
		what = webhook.DescribeError(a.Err)
	}
	fmt.Fprintf(r.errOut, "  %sattempt %d: %s; retrying in %s\n", r.prefix(n), a.Number, what, render.Duration(a.Wait))
}

func (r *sendReport) prefix(n int) string {
	if r.o.Repeat == 1 {
		return ""
	}
	return fmt.Sprintf("#%d ", n)
}

// result shows one finished request.
func (r *sendReport) result(res sendResult) {
	r.results = append(r.results, res)
	switch {
	case r.o.JSON:
		sendJSONWrite(r.out, sendDeliveryJSON(res, r.dest))
	case res.Resp == nil && r.o.Repeat == 1:
		// finish reports it as the command's error.
	case res.Resp == nil:
		fmt.Fprintf(r.out, "#%d%s\n", res.N, r.rend.Failure(res.Err))
	case r.o.Repeat > 1:
		fmt.Fprintf(r.out, "#%d%s\n", res.N, r.rend.ResponseLine(res.Resp))
	case r.o.Verbose:
		fmt.Fprint(r.out, r.rend.Response(res.Resp))
	default:
		fmt.Fprintln(r.out, r.rend.ResponseLine(res.Resp))
		fmt.Fprint(r.out, r.rend.Body(res.Resp.Headers, res.Resp.Body))
	}
}

// finish prints the summary and turns the results into the exit code.
func (r *sendReport) finish() error {
	sum := summarize(r.results)
	if r.o.JSON && r.o.Repeat > 1 {
		sendJSONWrite(r.out, sum.json())
	} else if r.o.Repeat > 1 {
		fmt.Fprint(r.out, sum.text())
	}
	if len(r.results) == 1 && r.o.Repeat == 1 {
		res := r.results[0]
		if res.Resp == nil {
			return failError(res.Err)
		}
		if !res.Resp.OK() {
			return failError(fmt.Errorf("the endpoint answered %s, not 2xx", statusText(res.Resp.Status)))
		}
		return nil
	}
	if sum.failed > 0 || len(r.results) < r.o.Repeat {
		return failError(fmt.Errorf("%d of %d requests did not get a 2xx answer", r.o.Repeat-sum.ok, r.o.Repeat))
	}
	return nil
}

func statusText(code int) string {
	return strings.TrimSpace(fmt.Sprintf("%d %s", code, http.StatusText(code)))
}

// sendDelivery is the --json form of one request and its answer.
type sendDelivery struct {
	Type     string            `json:"type"`
	N        int               `json:"n"`
	Request  *webhook.Request  `json:"request"`
	Response *sendResponseJSON `json:"response"`
	Error    *string           `json:"error"`
}

type sendResponseJSON struct {
	Status       int             `json:"status"`
	Headers      webhook.Headers `json:"headers"`
	BodyEncoding string          `json:"body_encoding,omitempty"`
	Body         string          `json:"body"`
	DurationMS   float64         `json:"duration_ms"`
	Attempts     int             `json:"attempts"`
}

func sendDeliveryJSON(res sendResult, dest string) sendDelivery {
	d := sendDelivery{Type: "delivery", N: res.N}
	if res.Req != nil {
		d.Request = recordedAs(res.Req, dest)
	}
	if res.Err != nil {
		msg := res.Err.Error()
		d.Error = &msg
	}
	if resp := res.Resp; resp != nil {
		rj := &sendResponseJSON{Status: resp.Status, Headers: resp.Headers, DurationMS: sendMillis(resp.Total), Attempts: len(resp.Attempts)}
		if rj.Headers == nil {
			rj.Headers = webhook.Headers{}
		}
		rj.Body, rj.BodyEncoding = webhook.EncodeBody(resp.Body)
		d.Response = rj
	}
	return d
}

func sendJSONWrite(w io.Writer, v any) {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}
