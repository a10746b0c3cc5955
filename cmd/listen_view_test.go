package cmd

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hookctl/hookctl/listen"
	"github.com/hookctl/hookctl/render"
	"github.com/hookctl/hookctl/webhook"
)

// The listen view's goldens are rewritten with -update-listen, or with
// -update when another test file of this package defines that flag.
var updateListenGolden = flag.Bool("update-listen", false, "rewrite cmd/testdata/listen_*.golden")

func listenGoldenUpdate() bool {
	f := flag.Lookup("update")
	return *updateListenGolden || (f != nil && f.Value.String() == "true")
}

func listenSampleEvents() []*listen.Event {
	at := time.Date(2026, 11, 23, 12, 0, 0, 412e6, time.UTC)
	req := func(method, path, body string, v *webhook.Verification, event string) *webhook.Request {
		return &webhook.Request{ID: "req_1", ReceivedAt: at, Method: method, Path: path, Body: []byte(body), Event: event, Verification: v,
			Headers: webhook.NewHeaders("Content-Type", "application/json", "Stripe-Signature", "t=1795435200,v1=a6cab0f1")}
	}
	ok := &webhook.Verification{Provider: "stripe", Valid: true}
	stale := &webhook.Verification{Provider: "stripe", Reason: "timestamp 1h0m0s older than the 5m0s tolerance", Hint: "a replayed or delayed delivery"}
	app := &webhook.Response{Status: 202, Duration: 12300 * time.Microsecond, Body: []byte("queued\nsecond line"), URL: "http://localhost:3000/hooks",
		Headers: webhook.NewHeaders("Content-Type", "text/plain")}
	down := &webhook.DeliveryError{URL: "http://localhost:3000/hooks", Attempts: []webhook.Attempt{{Number: 1}}, Err: errors.New("dial tcp 127.0.0.1:3000: connect: connection refused")}
	return []*listen.Event{
		{Seq: 1, Request: req("POST", "/hooks", `{"type":"payment_intent.succeeded"}`, ok, "payment_intent.succeeded"), Answer: listen.Answer{Status: 200}},
		{Seq: 2, Request: req("POST", "/hooks", `{}`, stale, ""), Answer: listen.Answer{Status: 200}},
		{Seq: 3, Request: req("POST", "/slack", `{"type":"url_verification","challenge":"c"}`, &webhook.Verification{Provider: "slack", Valid: true}, ""), Handshake: "slack url_verification", Answer: listen.Answer{Status: 200, Body: []byte("c")}},
		{Seq: 4, Request: req("POST", "/hooks?x=1", `{"id":1}`, nil, ""), Forwarded: app, Answer: listen.Answer{Status: 202}, Saved: "hooks/20261123T120000.412000Z_req_1.json", Delay: 2 * time.Second},
		{Seq: 5, Request: req("POST", "/hooks", `{"id":2}`, nil, ""), ForwardErr: down, Answer: listen.Answer{Status: 502}},
		{Seq: 6, Request: req("PUT", "/retry", ``, nil, ""), Injected: true, Answer: listen.Answer{Status: 500}},
		{Seq: 8, Request: req("POST", "/gh", `{}`, &webhook.Verification{Provider: "github", Valid: true}, "ping"), Verification: &listen.Verification{Provider: "github", Valid: true, Detected: true}, Answer: listen.Answer{Status: 200}},
		{Seq: 7, Request: req("POST", "/big", ``, nil, ""), Rejected: "body larger than the 25 MiB limit (raise it with --max-body)", Answer: listen.Answer{Status: 413}},
	}
}

func TestListenViewGolden(t *testing.T) {
	for _, verbose := range []bool{false, true} {
		name := "listen_summary.golden"
		if verbose {
			name = "listen_verbose.golden"
		}
		t.Run(name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			q := newOutQueue(&out)
			v := &listenView{opts: &listenOptions{Verbose: verbose}, out: q, errOut: &errOut, r: render.New(q, render.Options{Location: time.UTC})}
			for _, ev := range listenSampleEvents() {
				v.request(ev)
			}
			v.close()
			path := filepath.Join("testdata", name)
			if listenGoldenUpdate() {
				os.MkdirAll("testdata", 0o755)
				if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test ./cmd -run ListenView -update-listen)", err)
			}
			if out.String() != string(want) {
				t.Fatalf("view differs from %s:\n%s", path, out.String())
			}
			if errOut.Len() != 0 {
				t.Fatalf("stderr: %s", errOut.String())
			}
		})
	}
}

func TestListenViewReportsSaveErrorsOnStderr(t *testing.T) {
	var out, errOut bytes.Buffer
	q := newOutQueue(&out)
	v := &listenView{opts: &listenOptions{JSON: true}, out: q, errOut: &errOut, r: render.New(q, render.Options{})}
	ev := listenSampleEvents()[0]
	ev.SaveErr = errors.New("cannot write in hooks: no space left on device")
	v.request(ev)
	v.close()
	if !strings.Contains(errOut.String(), "request 1 was not saved: cannot write in hooks") {
		t.Fatalf("stderr %q", errOut.String())
	}
	if !strings.Contains(out.String(), `"save_error":"cannot write in hooks`) || strings.Count(out.String(), "\n") != 1 {
		t.Fatalf("stdout %q", out.String())
	}
}
