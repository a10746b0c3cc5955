package sign_test

import (
	"errors"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/hookctl/hookctl/sign"
)

func TestLookup(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"stripe", "stripe"}, {"Stripe", "stripe"}, {"GITHUB", "github"},
		{"svix", "standard-webhooks"}, {"standard_webhooks", "standard-webhooks"},
		{"Standard Webhooks", "standard-webhooks"},
	} {
		s, err := sign.Lookup(c.in)
		if err != nil {
			t.Errorf("Lookup(%q): %v", c.in, err)
			continue
		}
		if got := s.Info().Name; got != c.want {
			t.Errorf("Lookup(%q) = %s, want %s", c.in, got, c.want)
		}
	}
}

func TestLookupUnknownSuggests(t *testing.T) {
	_, err := sign.Lookup("strpe")
	if !errors.Is(err, sign.ErrUnknownProvider) {
		t.Fatalf("err = %v, want ErrUnknownProvider", err)
	}
	if !strings.Contains(err.Error(), "did you mean stripe") {
		t.Errorf("no suggestion in %q", err)
	}
}

func TestAllSortedAndUnique(t *testing.T) {
	all := sign.All()
	names := map[string]bool{}
	for i, s := range all {
		info := s.Info()
		if i > 0 && all[i-1].Info().Name >= info.Name {
			t.Errorf("All() not sorted at %s", info.Name)
		}
		for _, n := range append([]string{info.Name}, info.Aliases...) {
			if names[n] {
				t.Errorf("name %q used twice", n)
			}
			names[n] = true
		}
		if info.Name != strings.ToLower(info.Name) || info.Title == "" || info.Docs == "" || info.Algorithm == "" {
			t.Errorf("%s: incomplete Info %+v", info.Name, info)
		}
	}
	if !sort.SliceIsSorted(all, func(i, j int) bool { return all[i].Info().Name < all[j].Info().Name }) {
		t.Error("not sorted")
	}
}

func TestDetect(t *testing.T) {
	for _, c := range []struct {
		headers []string
		want    string
	}{
		{[]string{"Stripe-Signature", "t=1,v1=00"}, "stripe"},
		{[]string{"X-Hub-Signature-256", "sha256=00", "X-GitHub-Event", "push"}, "github"},
		{[]string{"X-Hub-Signature", "sha1=00", "X-GitHub-Event", "push"}, "github"},
		{[]string{"webhook-id", "m", "webhook-timestamp", "1", "webhook-signature", "v1,AA=="}, "standard-webhooks"},
		{[]string{"svix-id", "m", "svix-timestamp", "1", "svix-signature", "v1,AA=="}, "standard-webhooks"},
		{[]string{"X-Slack-Signature", "v0=00", "X-Slack-Request-Timestamp", "1"}, "slack"},
		{[]string{"X-Shopify-Hmac-Sha256", "AA==", "X-Shopify-Topic", "orders/create"}, "shopify"},
		{[]string{"X-Twilio-Signature", "AA=="}, "twilio"},
	} {
		h := http.Header{}
		for i := 0; i < len(c.headers); i += 2 {
			h.Set(c.headers[i], c.headers[i+1])
		}
		s, ok := sign.Detect(h)
		if !ok || s.Info().Name != c.want {
			got := "none"
			if ok {
				got = s.Info().Name
			}
			t.Errorf("Detect(%v) = %s, want %s", c.headers, got, c.want)
		}
	}
	if s, ok := sign.Detect(http.Header{"Content-Type": {"application/json"}}); ok {
		t.Errorf("Detect(no signature) = %s", s.Info().Name)
	}
}

// TestMissingHeaderNamesOtherProvider: a GitHub request checked as Stripe
// says which header it carries instead.
func TestMissingHeaderNamesOtherProvider(t *testing.T) {
	s, _ := sign.Lookup("stripe")
	h := http.Header{"X-Hub-Signature-256": {"sha256=00"}, "X-Github-Event": {"push"}}
	_, err := s.Verify(sign.VerifyParams{Headers: h, Body: []byte("{}"), Secrets: []string{"x"}, Now: signedAt})
	if !errors.Is(err, sign.ErrMissingHeader) || !strings.Contains(err.Error(), "X-Hub-Signature-256 (GitHub)") {
		t.Errorf("err = %v", err)
	}
}
