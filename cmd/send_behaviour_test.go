package cmd

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hookctl/hookctl/webhook"
)

func TestSendSetOverridesFields(t *testing.T) {
	srv, hits := sendTarget(t, always(200))
	deps, _, _ := testDeps(nil)
	code, _, errOut := runSend(t, deps, srv.URL, "--event", "stripe:payment_intent.succeeded",
		"--set", "data.object.amount=5000", "--set", "data.object.metadata.order_id=A-7", "--set", "data.object.payment_method_types.0=link")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var m struct {
		Data struct {
			Object struct {
				Amount   int               `json:"amount"`
				Metadata map[string]string `json:"metadata"`
				Types    []string          `json:"payment_method_types"`
			} `json:"object"`
		} `json:"data"`
	}
	if err := json.Unmarshal((<-hits).body, &m); err != nil {
		t.Fatal(err)
	}
	if o := m.Data.Object; o.Amount != 5000 || o.Metadata["order_id"] != "A-7" || o.Types[0] != "link" {
		t.Errorf("object = %+v", o)
	}
	if !strings.Contains(errOut, "no secret given: sending unsigned") {
		t.Errorf("stderr should say the event went unsigned: %q", errOut)
	}
}

// With --repeat every request carries a fresh event id and signature, and
// the summary counts answers by status.
func TestSendRepeatIsFreshAndSummarised(t *testing.T) {
	srv, hits := sendTarget(t, func(n int64) int {
		if n == 3 {
			return 500
		}
		return 200
	})
	deps, _, _ := testDeps(nil)
	code, out, errOut := runSend(t, deps, srv.URL, "--event", "stripe:invoice.paid", "--secret", "whsec_x", "--repeat", "6", "--concurrency", "3")
	if code != ExitFail {
		t.Fatalf("exit %d, want 1 (one answer was 500)\n%s%s", code, out, errOut)
	}
	ids, sigs := map[string]bool{}, map[string]bool{}
	for range 6 {
		h := <-hits
		var ev struct{ ID string }
		_ = json.Unmarshal(h.body, &ev)
		ids[ev.ID] = true
		sigs[h.header.Get("Stripe-Signature")] = true
	}
	if len(ids) != 6 || len(sigs) != 6 {
		t.Errorf("got %d distinct ids and %d signatures over 6 requests", len(ids), len(sigs))
	}
	for _, want := range []string{"6 requests: 5 × 200 OK, 1 × 500 Internal Server Error", "latency p50 ", "p95 ", "p99 ", "failures: #"} {
		if !strings.Contains(out, want) {
			t.Errorf("summary lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(errOut, "5 of 6 requests") && !strings.Contains(errOut, "1 of 6 requests did not get a 2xx answer") {
		t.Errorf("stderr: %q", errOut)
	}
}

func TestSendRetriesUntilAnswered(t *testing.T) {
	srv, hits := sendTarget(t, func(n int64) int {
		if n < 3 {
			return 503
		}
		return 200
	})
	deps, _, _ := testDeps(nil)
	code, out, errOut := runSend(t, deps, srv.URL, "--data", `{"a":1}`, "--retries", "3")
	if code != 0 {
		t.Fatalf("exit %d: %s %s", code, out, errOut)
	}
	for range 3 {
		<-hits
	}
	if strings.Count(errOut, "503 Service Unavailable; retrying in") != 2 {
		t.Errorf("stderr should show each retried attempt:\n%s", errOut)
	}
	if !strings.Contains(out, "after 3 attempts") {
		t.Errorf("stdout: %s", out)
	}
}

func TestSendStdinTerminal(t *testing.T) {
	deps, _, _ := testDeps(nil)
	deps.IO.InTTY = true
	code, _, errOut := runSend(t, deps, "http://127.0.0.1:1", "-")
	if code != ExitUsage || !strings.Contains(errOut, "standard input, which is a terminal") {
		t.Errorf("exit %d: %s", code, errOut)
	}
}

func TestSendExitCodes(t *testing.T) {
	ok, _ := sendTarget(t, always(200))
	bad, _ := sendTarget(t, always(422))
	closed, _ := sendTarget(t, always(200))
	closed.Close()
	tests := []struct {
		name   string
		args   []string
		code   int
		errHas string
	}{
		{"2xx", []string{ok.URL, "--data", "hi"}, 0, ""},
		{"4xx", []string{bad.URL, "--data", "hi"}, 1, "the endpoint answered 422 Unprocessable Entity, not 2xx"},
		{"no answer", []string{closed.URL, "--data", "hi", "--timeout", "2s"}, 1, "no answer from"},
		{"no body", []string{ok.URL}, 2, "nothing to send"},
		{"two bodies", []string{ok.URL, "--data", "x", "--file", "y"}, 2, "pass only one of"},
		{"no URL", []string{"--data", "x"}, 2, "no target URL"},
		{"bad URL", []string{"ftp://example.com", "--data", "x"}, 2, "must start with http:// or https://"},
		{"unknown event", []string{ok.URL, "--event", "github:pul_request.opened"}, 2, "did you mean github:pull_request.opened"},
		{"unknown provider", []string{ok.URL, "--data", "x", "--provider", "strip", "--secret", "s"}, 2, "stripe"},
		{"provider without secret", []string{ok.URL, "--data", "x", "--provider", "stripe"}, 2, "needs a secret"},
		{"secret without provider", []string{ok.URL, "--data", "x", "--secret", "s"}, 2, "no provider to sign as"},
		{"bad set path", []string{ok.URL, "--event", "stripe:invoice.paid", "--set", "data.objec.x=1"}, 2, `data has no field "objec"`},
		{"bad set syntax", []string{ok.URL, "--event", "stripe:invoice.paid", "--set", "amount"}, 2, "path=value"},
		{"set on a non-JSON body", []string{ok.URL, "--data", "a=1", "--set", "a=2"}, 2, "--set needs a JSON body"},
		{"repeat 0", []string{ok.URL, "--data", "x", "--repeat", "0"}, 2, "--repeat must be at least 1"},
		{"bad header", []string{ok.URL, "--data", "x", "-H", "nocolon"}, 2, "is not a header"},
		{"missing file", []string{ok.URL, "--file", "/nonexistent/body.json"}, 2, "no such file"},
		{"twilio needs the URL to sign", []string{"--event", "twilio:sms.received", "--secret", "t", "--print"}, 2, "signs the URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			deps, _, _ := testDeps(nil)
			code, _, errOut := runSend(t, deps, tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.errHas) {
				t.Errorf("exit %d, stderr %q; want %d and %q", code, errOut, tt.code, tt.errHas)
			}
			if tt.code == 2 && strings.Count(errOut, "\n") != 1 {
				t.Errorf("a usage error is one line: %q", errOut)
			}
		})
	}
}

// --json prints one delivery object per request, with the request in
// fixture form, and a summary with --repeat.
func TestSendJSONShape(t *testing.T) {
	srv, _ := sendTarget(t, always(201))
	deps, _, _ := testDeps(nil)
	code, out, _ := runSend(t, deps, srv.URL+"/hooks", "--event", "github:push", "--secret", "s", "--json", "--repeat", "2")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("want 2 delivery lines and a summary, got %d:\n%s", len(lines), out)
	}
	for _, line := range lines[:2] {
		var d struct {
			Type     string          `json:"type"`
			Request  json.RawMessage `json:"request"`
			Response *struct {
				Status     int         `json:"status"`
				Headers    [][2]string `json:"headers"`
				Body       string      `json:"body"`
				DurationMS float64     `json:"duration_ms"`
				Attempts   int         `json:"attempts"`
			} `json:"response"`
			Error *string `json:"error"`
		}
		if err := json.Unmarshal([]byte(line), &d); err != nil {
			t.Fatal(err)
		}
		var req webhook.Request
		if err := json.Unmarshal(d.Request, &req); err != nil {
			t.Fatalf("request is not a fixture: %v", err)
		}
		if d.Type != "delivery" || d.Error != nil || d.Response == nil || d.Response.Status != 201 || d.Response.Attempts != 1 || d.Response.Body != `{"received":true}` {
			t.Errorf("delivery = %s", line)
		}
		if req.Path != "/hooks" || req.Provider != "github" || req.Event != "push" || req.Headers.Get("X-Hub-Signature-256") == "" {
			t.Errorf("request = %+v", req)
		}
	}
	var sum map[string]any
	_ = json.Unmarshal([]byte(lines[2]), &sum)
	if sum["type"] != "summary" || sum["ok"] != float64(2) || sum["by_status"].(map[string]any)["201"] != float64(2) {
		t.Errorf("summary = %s", lines[2])
	}
}

func TestSendBodySources(t *testing.T) {
	srv, hits := sendTarget(t, always(200))
	dir := t.TempDir()
	file := filepath.Join(dir, "body.json")
	os.WriteFile(file, []byte(`{"from":"file"}`), 0o644)
	tests := []struct {
		name  string
		stdin string
		args  []string
		body  string
		ctype string
	}{
		{"data", "", []string{"--data", `{"from":"data"}`}, `{"from":"data"}`, "application/json"},
		{"file", "", []string{"--file", file, "--set", "from=set"}, `{"from":"set"}`, "application/json"},
		{"stdin", "plain words", []string{"-", "--content-type", "text/plain"}, "plain words", "text/plain"},
		{"form", "", []string{"--data", "a=1&b=2", "-X", "put", "--content-type", "application/x-www-form-urlencoded"}, "a=1&b=2", "application/x-www-form-urlencoded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			deps, _, _ := testDeps(nil)
			deps.IO.In = strings.NewReader(tt.stdin)
			if code, _, errOut := runSend(t, deps, append([]string{srv.URL}, tt.args...)...); code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			h := <-hits
			if string(h.body) != tt.body || h.header.Get("Content-Type") != tt.ctype {
				t.Errorf("got %q as %q", h.body, h.header.Get("Content-Type"))
			}
			if tt.name == "form" && h.method != "PUT" {
				t.Errorf("method %s", h.method)
			}
		})
	}
}

// --print shows the request without sending it; a Twilio signature covers
// the URL given.
func TestSendPrint(t *testing.T) {
	deps, _, _ := testDeps(nil)
	code, out, errOut := runSend(t, deps, "https://hooks.example.com/twilio/sms", "--event", "twilio:sms.received", "--secret", "hookctl0example0twilio0token0000", "--print")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	head, body, _ := strings.Cut(out, "\n\n")
	for _, want := range []string{"POST /twilio/sms HTTP/1.1\n", "Host: hooks.example.com\n", "Content-Type: application/x-www-form-urlencoded\n", "X-Twilio-Signature: ", "I-Twilio-Idempotency-Token: "} {
		if !strings.Contains(head+"\n", want) {
			t.Errorf("--print lacks %q:\n%s", want, head)
		}
	}
	if v, err := url.ParseQuery(strings.TrimSpace(body)); err != nil || !strings.HasPrefix(v.Get("MessageSid"), "SM") {
		t.Errorf("body %q: %v", body, err)
	}
}
