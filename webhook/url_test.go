package webhook

import (
	"net/url"
	"strings"
	"testing"
)

func TestJoinURL(t *testing.T) {
	cases := []struct{ target, path, want string }{
		{"http://127.0.0.1:3000", "/hooks?a=1", "http://127.0.0.1:3000/hooks?a=1"},
		{"http://127.0.0.1:3000/", "/hooks", "http://127.0.0.1:3000/hooks"},
		{"http://127.0.0.1:3000/api", "/hooks/stripe", "http://127.0.0.1:3000/api/hooks/stripe"},
		{"http://127.0.0.1:3000/api/", "/hooks/stripe", "http://127.0.0.1:3000/api/hooks/stripe"},
		{"http://127.0.0.1:3000/webhooks", "/", "http://127.0.0.1:3000/webhooks"},
		{"http://127.0.0.1:3000/webhooks", "", "http://127.0.0.1:3000/webhooks"},
		{"http://127.0.0.1:3000/webhooks?k=v", "/?a=1", "http://127.0.0.1:3000/webhooks?k=v&a=1"},
		{"http://127.0.0.1:3000/webhooks?k=v", "/x", "http://127.0.0.1:3000/webhooks/x?k=v"},
		{"http://127.0.0.1:3000", "/a%2Fb/c%20d?q=%2F", "http://127.0.0.1:3000/a%2Fb/c%20d?q=%2F"},
		{"http://127.0.0.1:3000", "//evil.example/x", "http://127.0.0.1:3000//evil.example/x"},
		{"https://u:p@127.0.0.1:3000/#frag", "/x", "https://127.0.0.1:3000/x"},
		{"http://127.0.0.1:3000", "/%zz", "http://127.0.0.1:3000/%25zz"},
		{"http://127.0.0.1:3000", "/a\x01?q=\x02", "http://127.0.0.1:3000/a%01?q=%02"},
		// A '#' captured in a path or query is data, not a fragment.
		{"http://127.0.0.1:3000", "/a#b?q=#%", "http://127.0.0.1:3000/a%23b?q=%23%"},
	}
	for _, tc := range cases {
		target, err := url.Parse(tc.target)
		if err != nil {
			t.Fatal(err)
		}
		got := JoinURL(target, tc.path)
		if got.String() != tc.want {
			t.Errorf("JoinURL(%s, %q) = %s, want %s", tc.target, tc.path, got, tc.want)
		}
		if got.Host != target.Host || got.Scheme != target.Scheme {
			t.Errorf("JoinURL(%s, %q) changed the host to %s", tc.target, tc.path, got.Host)
		}
	}
}

func FuzzJoinURL(f *testing.F) {
	for _, s := range []string{"/", "/a?b=c", "//x.y/z", "/%2e%2e/", "/../../etc", "?", "/a#b", "http://x/"} {
		f.Add("http://127.0.0.1:3000/base?k=v", s)
	}
	f.Fuzz(func(t *testing.T, target, path string) {
		u, err := ParseTarget(target)
		if err != nil {
			return
		}
		got := JoinURL(u, path)
		if got.Host != u.Host || got.Scheme != u.Scheme {
			t.Fatalf("JoinURL(%s, %q) moved to %s://%s", target, path, got.Scheme, got.Host)
		}
		back, err := url.Parse(got.String())
		if err != nil {
			t.Fatalf("JoinURL(%s, %q) = %q, which does not parse: %v", target, path, got, err)
		}
		if back.Host != u.Host {
			t.Fatalf("JoinURL(%s, %q) = %q, which parses to host %q", target, path, got, back.Host)
		}
	})
}

func TestParseTargetErrors(t *testing.T) {
	cases := map[string]string{
		"":                     "no target URL",
		"localhost:3000/hooks": "must start with http",
		"127.0.0.1:3000":       "not valid",
		"ftp://host/x":         "must start with http",
		"http://":              "no host",
		"http://u:secret@h/x":  "carries credentials",
		"example.com/hooks":    "has no scheme: did you mean http://example.com/hooks?",
	}
	for in, want := range cases {
		_, err := ParseTarget(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseTarget(%q) = %v, want it to contain %q", in, err, want)
		}
		if err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("ParseTarget(%q) leaks the password: %v", in, err)
		}
	}
}
