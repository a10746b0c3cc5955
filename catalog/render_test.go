package catalog

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

func render(t *testing.T, name string, sets ...Set) (map[string]any, *Event, string) {
	t.Helper()
	e, err := Lookup(name)
	if err != nil {
		t.Fatal(err)
	}
	req, err := e.Render(testNow, sets)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(req.Body, &m); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return m, &e, string(req.Body)
}

func dig(m any, path string) any {
	for _, p := range strings.Split(path, ".") {
		switch x := m.(type) {
		case map[string]any:
			m = x[p]
		case []any:
			i := 0
			for _, c := range p {
				i = i*10 + int(c-'0')
			}
			m = x[i]
		}
	}
	return m
}

// One payment intent id runs through a Stripe event, and times are now.
func TestStripeReferencesAreConsistent(t *testing.T) {
	m, _, body := render(t, "stripe:charge.refunded")
	pi := dig(m, "data.object.payment_intent").(string)
	ch := dig(m, "data.object.id").(string)
	if !regexp.MustCompile(`^pi_[0-9A-Za-z]{24}$`).MatchString(pi) || !strings.HasPrefix(ch, "ch_") {
		t.Fatalf("ids %q %q", pi, ch)
	}
	if got := dig(m, "data.object.refunds.data.0.payment_intent"); got != pi {
		t.Errorf("refund's payment_intent = %v, want %s", got, pi)
	}
	if got := dig(m, "data.object.refunds.data.0.charge"); got != ch {
		t.Errorf("refund's charge = %v, want %s", got, ch)
	}
	if !strings.Contains(body, "/v1/charges/"+ch+"/refunds") {
		t.Error("refund list URL does not name the charge")
	}
	if got := dig(m, "created"); got != float64(testNow.Unix()) {
		t.Errorf("created = %v, want %d", got, testNow.Unix())
	}
	if !strings.HasPrefix(dig(m, "id").(string), "evt_") || dig(m, "type") != "charge.refunded" {
		t.Errorf("envelope id/type = %v/%v", dig(m, "id"), dig(m, "type"))
	}
	if !strings.HasPrefix(body, "{\n  \"id\": \"evt_") {
		t.Errorf("Stripe bodies are indented as Stripe sends them: %.40q", body)
	}
}

func TestTimestampsFollowTheProvider(t *testing.T) {
	lin, _, _ := render(t, "linear:Issue.create")
	if got := dig(lin, "webhookTimestamp"); got != float64(testNow.UnixMilli()) {
		t.Errorf("linear webhookTimestamp = %v, want %d ms", got, testNow.UnixMilli())
	}
	pad, _, _ := render(t, "paddle:transaction.completed")
	if got := dig(pad, "occurred_at"); got != "2026-11-23T12:00:00.000000Z" {
		t.Errorf("paddle occurred_at = %v", got)
	}
	if !regexp.MustCompile(`^evt_[a-z0-9]{26}$`).MatchString(dig(pad, "event_id").(string)) {
		t.Errorf("paddle event_id = %v", dig(pad, "event_id"))
	}
	slack, _, _ := render(t, "slack:event_callback.app_mention")
	if got := dig(slack, "event.ts"); got != "1795435200.000000" {
		t.Errorf("slack ts = %v", got)
	}
}

func TestProviderHeaders(t *testing.T) {
	tests := []struct {
		event string
		want  map[string]string // header → regexp
	}{
		{"github:pull_request.opened", map[string]string{
			"X-GitHub-Event": `^pull_request$`, "X-GitHub-Delivery": `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`,
			"User-Agent": `^GitHub-Hookshot/[0-9a-f]{7}$`, "X-GitHub-Hook-ID": `^[1-9][0-9]{8}$`, "Content-Type": `^application/json$`}},
		{"stripe:invoice.paid", map[string]string{"User-Agent": `^Stripe/1\.0 \(\+https://stripe\.com/docs/webhooks\)$`, "Content-Type": `^application/json; charset=utf-8$`}},
		{"shopify:orders/create", map[string]string{"X-Shopify-Topic": `^orders/create$`, "X-Shopify-Shop-Domain": `myshopify\.com$`,
			"X-Shopify-Webhook-Id": `^[0-9a-f-]{36}$`, "X-Shopify-API-Version": `^20\d\d-\d\d$`, "X-Shopify-Triggered-At": `^2026-11-23T12:00:00\.000000Z$`}},
		{"twilio:sms.received", map[string]string{"Content-Type": `^application/x-www-form-urlencoded$`, "User-Agent": `^TwilioProxy/1\.1$`}},
		{"linear:Comment.create", map[string]string{"Linear-Event": `^Comment$`, "Linear-Delivery": `^[0-9a-f-]{36}$`}},
	}
	for _, tt := range tests {
		e, err := Lookup(tt.event)
		if err != nil {
			t.Fatal(err)
		}
		req, err := e.Render(testNow, nil)
		if err != nil {
			t.Fatal(err)
		}
		for name, re := range tt.want {
			if got := req.Headers.Get(name); !regexp.MustCompile(re).MatchString(got) {
				t.Errorf("%s: %s = %q, want /%s/", tt.event, name, got, re)
			}
		}
	}
}

// The GitHub hook id in the headers is the one in a ping's body, and the
// installation target is the repository in the body.
func TestHeadersShareGeneratedValues(t *testing.T) {
	e, _ := Lookup("github:ping")
	req, err := e.Render(testNow, nil)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	_ = json.Unmarshal(req.Body, &m)
	if got, want := req.Headers.Get("X-GitHub-Hook-ID"), jsonNum(dig(m, "hook_id")); got != want {
		t.Errorf("X-GitHub-Hook-ID = %s, body hook_id = %s", got, want)
	}
	if got, want := req.Headers.Get("X-GitHub-Hook-Installation-Target-ID"), jsonNum(dig(m, "repository.id")); got != want {
		t.Errorf("target id = %s, repository.id = %s", got, want)
	}
}

func jsonNum(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestFormEvent(t *testing.T) {
	e, _ := Lookup("twilio:sms.received")
	req, err := e.Render(testNow, []Set{{Path: "Body", Value: "STOP now"}})
	if err != nil {
		t.Fatal(err)
	}
	v, err := url.ParseQuery(string(req.Body))
	if err != nil {
		t.Fatal(err)
	}
	if v.Get("Body") != "STOP now" || !strings.HasPrefix(v.Get("MessageSid"), "SM") || v.Get("MessageSid") != v.Get("SmsSid") {
		t.Errorf("form = %v", v)
	}
	if !strings.HasPrefix(string(req.Body), "ToCountry=US&") {
		t.Errorf("form keeps the template's order: %.30s", req.Body)
	}
}

func TestRenderUsesTheClock(t *testing.T) {
	e, _ := Lookup("stripe:payment_intent.succeeded")
	later := testNow.Add(time.Hour)
	req, _ := e.Render(later, nil)
	var m map[string]any
	_ = json.Unmarshal(req.Body, &m)
	if dig(m, "created") != float64(later.Unix()) || !req.ReceivedAt.Equal(later) {
		t.Errorf("created = %v", dig(m, "created"))
	}
}
