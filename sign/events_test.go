package sign_test

import (
	"net/http"
	"testing"

	"github.com/hookctl/hookctl/sign"
)

func TestEventType(t *testing.T) {
	for _, c := range []struct {
		provider string
		headers  http.Header
		body     string
		want     string
	}{
		{"stripe", nil, `{"type":"payment_intent.succeeded"}`, "payment_intent.succeeded"},
		{"github", http.Header{"X-Github-Event": {"pull_request"}}, `{"action":"opened"}`, "pull_request.opened"},
		{"github", http.Header{"X-Github-Event": {"push"}}, `{"ref":"x"}`, "push"},
		{"shopify", http.Header{"X-Shopify-Topic": {"orders/create"}}, `{}`, "orders/create"},
		{"standard-webhooks", nil, `{"type":"invoice.paid"}`, "invoice.paid"},
		{"slack", nil, `{"type":"event_callback","event":{"type":"app_mention"}}`, "app_mention"},
		{"slack", nil, `{"type":"url_verification","challenge":"x"}`, "url_verification"},
	} {
		s, err := sign.Lookup(c.provider)
		if err != nil {
			t.Fatal(err)
		}
		et, ok := s.(sign.EventTyper)
		if !ok {
			t.Errorf("%s is not an EventTyper", c.provider)
			continue
		}
		if got := et.EventType(c.headers, []byte(c.body)); got != c.want {
			t.Errorf("%s EventType = %q, want %q", c.provider, got, c.want)
		}
	}
	tw, _ := sign.Lookup("twilio")
	if _, ok := tw.(sign.EventTyper); ok {
		t.Error("twilio claims EventTyper; its requests do not name an event")
	}
}
