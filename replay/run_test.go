package replay

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hookctl/hookctl/webhook"
)

func TestConcurrencyBoundsRequestsInFlight(t *testing.T) {
	arrived := make(chan string, 16)
	release := make(chan struct{})
	var inFlight, most atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := inFlight.Add(1)
		for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
		}
		arrived <- r.URL.Path
		<-release
		inFlight.Add(-1)
	}))
	defer srv.Close()
	defer close(release)
	var reqs []*webhook.Request
	for i := range 6 {
		reqs = append(reqs, req(fmt.Sprint("e", i), ""))
	}
	done := make(chan Summary, 1)
	go func() {
		done <- Run(context.Background(), Plan(loaded(reqs...), Filter{}, OrderFile, 0), Options{Target: srv.URL, Concurrency: 3})
	}()
	for round := range 2 {
		for range 3 {
			select {
			case <-arrived:
			case <-time.After(5 * time.Second):
				t.Fatalf("round %d: fewer than 3 requests in flight", round)
			}
		}
		for range 3 {
			release <- struct{}{}
		}
	}
	sum := <-done
	if !sum.OK() || sum.Passed != 6 {
		t.Fatalf("passed %d of 6", sum.Passed)
	}
	if m := most.Load(); m != 3 {
		t.Fatalf("at most %d requests were in flight, want 3", m)
	}
}

// fakeClock moves only when the run sleeps, so the waits it records are
// the schedule itself, not wall time.
type fakeClock struct {
	now    time.Time
	sleeps []time.Duration
}

func (c *fakeClock) Now() time.Time { return c.now }
func (c *fakeClock) Sleep(_ context.Context, d time.Duration) error {
	c.sleeps = append(c.sleeps, d)
	c.now = c.now.Add(d)
	return nil
}

func TestPacing(t *testing.T) {
	reqs := []*webhook.Request{
		req("a", "2026-11-23T12:00:00Z"), req("b", "2026-11-23T12:00:01Z"),
		req("c", "2026-11-23T12:00:31Z"), req("d", "2026-11-23T12:00:31.1Z"),
	}
	cases := []struct {
		name string
		pace Pace
		want []time.Duration
	}{
		{"as recorded, capped", Pace{AsRecorded: true, MaxGap: 5 * time.Second}, []time.Duration{time.Second, 5 * time.Second, 100 * time.Millisecond}},
		{"as recorded, uncapped", Pace{AsRecorded: true}, []time.Duration{time.Second, 30 * time.Second, 100 * time.Millisecond}},
		{"rate", Pace{Rate: 4}, []time.Duration{250 * time.Millisecond, 250 * time.Millisecond, 250 * time.Millisecond}},
		{"rate and recorded", Pace{Rate: 4, AsRecorded: true, MaxGap: 2 * time.Second}, []time.Duration{time.Second, 2 * time.Second, 250 * time.Millisecond}},
		{"none", Pace{}, nil},
	}
	for _, tc := range cases {
		srv, got := server(t, ok200)
		clock := &fakeClock{now: time.Unix(0, 0)}
		tc.pace.Now, tc.pace.Sleep = clock.Now, clock.Sleep
		sum := Run(context.Background(), Plan(loaded(reqs...), Filter{}, OrderFile, 0), Options{Target: srv.URL, Pace: tc.pace})
		if !sum.OK() {
			t.Fatalf("%s: %+v", tc.name, sum.Results)
		}
		if fmt.Sprint(clock.sleeps) != fmt.Sprint(tc.want) {
			t.Errorf("%s: waits %v, want %v", tc.name, clock.sleeps, tc.want)
		}
		var order []string
		for _, s := range drain(got) {
			order = append(order, s.uri)
		}
		if strings.Join(order, "") != "/a/b/c/d" {
			t.Errorf("%s: order %v", tc.name, order)
		}
	}
}

func TestRealRateSendsEveryRequestInOrder(t *testing.T) {
	srv, got := server(t, ok200)
	reqs := []*webhook.Request{req("a", ""), req("b", ""), req("c", "")}
	sum := Run(context.Background(), Plan(loaded(reqs...), Filter{}, OrderFile, 0), Options{Target: srv.URL, Pace: Pace{Rate: 100}})
	var order []string
	for _, s := range drain(got) {
		order = append(order, s.uri)
	}
	if sum.Passed != 3 || strings.Join(order, "") != "/a/b/c" {
		t.Fatalf("passed %d, order %v", sum.Passed, order)
	}
}

func TestParseRate(t *testing.T) {
	for in, want := range map[string]float64{"10": 10, "10/s": 10, "120/m": 2, "0.5/sec": 0.5, "7200/h": 2} {
		if got, err := ParseRate(in); err != nil || got != want {
			t.Errorf("ParseRate(%q) = %v, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "0", "-1/s", "fast", "10/day"} {
		if _, err := ParseRate(in); err == nil {
			t.Errorf("ParseRate(%q) passed", in)
		}
	}
}

func TestExpectations(t *testing.T) {
	srv, _ := server(t, func(p string) (int, string) {
		var code int
		fmt.Sscan(strings.TrimPrefix(p, "/"), &code)
		return code, fmt.Sprintf(`{"answer":%d}`, code)
	})
	cases := []struct {
		status  int
		flag    string
		body    string
		fixture *webhook.Expect
		pass    bool
		reason  string
	}{
		{200, "", "", nil, true, ""},
		{204, "2xx", "", nil, true, ""},
		{500, "", "", nil, false, `status 500, want 2xx: "{\"answer\":500}"`},
		{400, "4xx,5xx", "", nil, true, ""},
		{503, "4xx,5xx", "", nil, true, ""},
		{200, "4xx,5xx", "", nil, false, "status 200, want 4xx,5xx"},
		{201, "200,201", "", nil, true, ""},
		{302, "any", "", nil, true, ""},
		{200, "", "answer", nil, true, ""},
		{200, "", "nope", nil, false, `answer body does not contain "nope"`},
		{401, "2xx", "", &webhook.Expect{Status: "401"}, true, ""},
		{200, "2xx", "", &webhook.Expect{Status: "401"}, false, "status 200, want 401"},
		{200, "2xx", "nope", &webhook.Expect{BodyContains: "answer"}, true, ""},
		{200, "", "", &webhook.Expect{Status: "2xy"}, false, "bad fixture: fixture expect: status expectation"},
	}
	for _, tc := range cases {
		r := req("x", "")
		r.Path, r.Expect = fmt.Sprintf("/%d", tc.status), tc.fixture
		var e Expectation
		if tc.flag != "" {
			var err error
			if e.Status, err = ParseStatus(tc.flag); err != nil {
				t.Fatal(err)
			}
		}
		e.BodyContains = tc.body
		sum := Run(context.Background(), Plan(loaded(r), Filter{}, OrderFile, 0), Options{Target: srv.URL, Expect: e})
		res := sum.Results[0]
		if res.Passed != tc.pass || !strings.HasPrefix(res.Reason, tc.reason) || (tc.reason == "" && res.Reason != "") {
			t.Errorf("status %d, expect %q %q %+v: passed %v, reason %q", tc.status, tc.flag, tc.body, tc.fixture, res.Passed, res.Reason)
		}
	}
}

func TestParseStatusRejects(t *testing.T) {
	for _, in := range []string{"", "2xz", "600", "99", "ok", "2xx,"} {
		if _, err := ParseStatus(in); err == nil {
			t.Errorf("ParseStatus(%q) passed", in)
		}
	}
}

func TestRetriesAreCounted(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.WriteHeader(503)
			return
		}
		io.WriteString(w, "ok")
	}))
	defer srv.Close()
	opts := Options{Target: srv.URL, Deliver: webhook.DeliverOptions{Retries: 2, Backoff: webhook.Backoff{Initial: time.Millisecond}}}
	sum := Run(context.Background(), Plan(loaded(req("a", "")), Filter{}, OrderFile, 0), opts)
	if r := sum.Results[0]; !r.Passed || r.Attempts != 2 || r.Response.Status != 200 {
		t.Fatalf("result = %+v", r)
	}
}
