package replay

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/textproto"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hookctl/hookctl/webhook"
)

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return t
}

// wantHeaders is what the app must see: the fixture's headers less the
// hop-by-hop ones, every repeat in order, under Go's canonical names.
func wantHeaders(r *webhook.Request) http.Header {
	want := http.Header{}
	for _, kv := range webhook.ForwardHeaders(r.Headers) {
		k := textproto.CanonicalMIMEHeaderKey(kv.Name)
		want[k] = append(want[k], kv.Value)
	}
	return want
}

func TestReplayIsByteExact(t *testing.T) {
	srv, got := server(t, ok200)
	all := append(hooks(t), load(t, filepath.Join("testdata", "binary_repeated.json"))...)
	sum := Run(context.Background(), Plan(all, Filter{}, OrderFile, 0), Options{Target: srv.URL + "/base"})
	if !sum.OK() || len(sum.Results) != 4 {
		t.Fatalf("summary: %d passed, %d failed of %d", sum.Passed, sum.Failed, len(sum.Results))
	}
	for _, l := range all {
		s := <-got
		r := l.Request
		if s.method != r.Method || s.uri != "/base"+r.Path {
			t.Errorf("%s: request line %s %s, want %s /base%s", l.Source, s.method, s.uri, r.Method, r.Path)
		}
		if !bytes.Equal(s.body, r.Body) {
			t.Errorf("%s: body changed (%d bytes arrived, %d recorded)", l.Source, len(s.body), len(r.Body))
		}
		want := wantHeaders(r)
		for k, v := range want {
			if strings.Join(s.header[k], "\x00") != strings.Join(v, "\x00") {
				t.Errorf("%s: header %s = %q, want %q", l.Source, k, s.header[k], v)
			}
		}
		for k := range s.header {
			if k == "Content-Length" {
				if v := s.header.Get(k); v != fmt.Sprint(len(r.Body)) {
					t.Errorf("%s: Content-Length %s for %d bytes", l.Source, v, len(r.Body))
				}
				continue
			}
			if _, ok := want[k]; !ok {
				t.Errorf("%s: header %s was added", l.Source, k)
			}
		}
	}
}

func TestReplayKeepsFileOrderWithOneWorker(t *testing.T) {
	srv, got := server(t, ok200)
	reqs := []*webhook.Request{req("c", ""), req("a", ""), req("b", "")}
	sum := Run(context.Background(), Plan(loaded(reqs...), Filter{}, OrderFile, 0), Options{Target: srv.URL})
	if !sum.OK() {
		t.Fatalf("failed: %+v", sum.Results)
	}
	var order []string
	for _, s := range drain(got) {
		order = append(order, s.uri)
	}
	if strings.Join(order, " ") != "/c /a /b" {
		t.Fatalf("order = %v", order)
	}
}

func TestPlanOrdersFiltersAndLimits(t *testing.T) {
	l := loaded(
		req("invoice.paid", "2026-11-23T12:00:03Z", "X-Env", "prod"),
		req("invoice.created", "2026-11-23T12:00:01Z", "X-Env", "staging"),
		req("charge.failed", "2026-11-23T12:00:02Z", "X-Env", "prod"),
	)
	l[0].Source, l[1].Source, l[2].Source = "b/2.json", "a/3.json", "c/1.json"
	l = append(l, webhook.Loaded{Source: "bad.json", Err: errString("bad.json: invalid JSON")})
	cases := []struct {
		name   string
		filter Filter
		order  Order
		limit  int
		want   string
	}{
		{"file order", Filter{}, OrderFile, 0, "bad.json b/2.json a/3.json c/1.json"},
		{"time order", Filter{}, OrderTime, 0, "bad.json a/3.json c/1.json b/2.json"},
		{"name order", Filter{}, OrderName, 0, "bad.json c/1.json b/2.json a/3.json"},
		{"limit", Filter{}, OrderTime, 2, "bad.json a/3.json c/1.json"},
		{"event glob", Filter{Events: []string{"invoice.*"}}, OrderFile, 0, "bad.json b/2.json a/3.json"},
		{"exact events", Filter{Events: []string{"charge.failed", "invoice.paid"}}, OrderFile, 0, "bad.json b/2.json c/1.json"},
		{"header", Filter{Headers: []HeaderMatch{{"x-env", "prod"}}}, OrderFile, 0, "bad.json b/2.json c/1.json"},
		{"header glob", Filter{Headers: []HeaderMatch{{"X-Env", "stag*"}}}, OrderFile, 0, "bad.json a/3.json"},
		{"header present", Filter{Headers: []HeaderMatch{{"X-Env", ""}}}, OrderFile, 1, "bad.json b/2.json"},
		{"header absent", Filter{Headers: []HeaderMatch{{"X-Other", ""}}}, OrderFile, 0, "bad.json"},
		{"since", Filter{Since: mustTime("2026-11-23T12:00:02Z")}, OrderFile, 0, "bad.json b/2.json c/1.json"},
		{"until", Filter{Until: mustTime("2026-11-23T12:00:02Z")}, OrderFile, 0, "bad.json a/3.json c/1.json"},
	}
	for _, tc := range cases {
		var got []string
		for i, it := range Plan(l, tc.filter, tc.order, tc.limit) {
			if it.Index != i {
				t.Errorf("%s: item %d has index %d", tc.name, i, it.Index)
			}
			got = append(got, it.Source)
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("%s: plan = %v, want %s", tc.name, got, tc.want)
		}
	}
}

type errString string

func (e errString) Error() string { return string(e) }

func TestParseTimeBound(t *testing.T) {
	now := mustTime("2026-11-23T12:00:00Z")
	cases := map[string]string{
		"2h":                   "2026-11-23T10:00:00Z",
		"90m":                  "2026-11-23T10:30:00Z",
		"2026-11-20":           "2026-11-20T00:00:00Z",
		"2026-11-20T08:15":     "2026-11-20T08:15:00Z",
		"2026-11-20T08:15:00Z": "2026-11-20T08:15:00Z",
	}
	for in, want := range cases {
		got, err := ParseTimeBound(in, now)
		if err != nil || !got.Equal(mustTime(want)) {
			t.Errorf("ParseTimeBound(%q) = %v, %v; want %s", in, got, err, want)
		}
	}
	if _, err := ParseTimeBound("yesterday", now); err == nil {
		t.Error("yesterday parsed")
	}
}

func TestBadFixturesFailButTheRestRun(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a_bad.json"), `{"version": 1, "method": `)
	writeFile(t, filepath.Join(dir, "b_future.json"), `{"version": 9, "method": "POST"}`)
	fx, _ := webhook.MarshalFixture(req("good", ""))
	writeFile(t, filepath.Join(dir, "c_good.json"), string(fx))
	srv, got := server(t, ok200)
	sum := Run(context.Background(), Plan(load(t, dir), Filter{}, OrderFile, 0), Options{Target: srv.URL})
	if sum.Passed != 1 || sum.Failed != 2 || sum.OK() {
		t.Fatalf("passed %d, failed %d", sum.Passed, sum.Failed)
	}
	if r := sum.Results[0]; !strings.Contains(r.Reason, "bad fixture") || !strings.Contains(r.Reason, "line 1") {
		t.Errorf("malformed: reason %q", r.Reason)
	}
	if r := sum.Results[1]; !strings.Contains(r.Reason, "version 9 is newer") {
		t.Errorf("future version: reason %q", r.Reason)
	}
	if len(drain(got)) != 1 {
		t.Error("the good fixture was not sent exactly once")
	}
}

func TestDryRunSendsNothing(t *testing.T) {
	srv, got := server(t, ok200)
	sum := Run(context.Background(), Plan(hooks(t), Filter{}, OrderFile, 0), Options{Target: srv.URL, DryRun: true})
	if !sum.OK() || len(sum.Results) != 3 {
		t.Fatalf("dry run: %+v", sum)
	}
	if n := len(drain(got)); n != 0 {
		t.Fatalf("a dry run sent %d requests", n)
	}
	if r := sum.Results[0]; r.Sent == nil || r.URL != srv.URL+r.Request.Path {
		t.Fatalf("result = %+v", r)
	}
}

func TestDestinationWithoutTarget(t *testing.T) {
	r := req("x", "", "X-Forwarded-Proto", "https")
	r.Host, r.Path = "hooks.example.com", "/twilio/sms?a=1"
	if got, err := Destination("", r); err != nil || got != "https://hooks.example.com/twilio/sms?a=1" {
		t.Fatalf("Destination = %q, %v", got, err)
	}
	r.Host = ""
	if _, err := Destination("", r); err == nil || !strings.Contains(err.Error(), "--to") {
		t.Fatalf("no host: %v", err)
	}
}

func TestNoAnswerIsAFailure(t *testing.T) {
	srv, _ := server(t, ok200)
	srv.Close()
	sum := Run(context.Background(), Plan(loaded(req("a", "")), Filter{}, OrderFile, 0), Options{Target: srv.URL})
	if r := sum.Results[0]; r.Passed || !strings.Contains(r.Reason, "no answer: connection refused") || r.Attempts != 1 {
		t.Fatalf("result = %+v", r)
	}
}

func TestCancelledRunReportsUnsent(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	sum := Run(ctx, Plan(loaded(req("a", ""), req("b", "")), Filter{}, OrderFile, 0), Options{Target: "http://127.0.0.1:1"})
	for _, r := range sum.Results {
		if r.Passed || !strings.HasPrefix(r.Reason, "not sent") {
			t.Fatalf("result = %+v", r)
		}
	}
}
