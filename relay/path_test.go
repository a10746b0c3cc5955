package relay

import (
	"crypto/tls"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

func TestSplitIngress(t *testing.T) {
	tests := []struct{ uri, channel, path string }{
		{"/c/abc", "abc", "/"},
		{"/c/abc/", "abc", "/"},
		{"/c/abc/x/y%20z?a=1&a=2", "abc", "/x/y%20z?a=1&a=2"},
		{"/c/abc?only=query", "abc", "/?only=query"},
		{"/c/abc/v1/events:batch", "abc", "/v1/events:batch"},
		{"/c/abc/a..b/.well-known", "abc", "/a..b/.well-known"},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("POST", tt.uri, nil)
		ch, path, err := splitIngress(r)
		if err != nil || ch != tt.channel || path != tt.path {
			t.Errorf("splitIngress(%s) = %q, %q, %v; want %q, %q", tt.uri, ch, path, err, tt.channel, tt.path)
		}
	}
}

// FuzzCheckPath checks that no path checkPath accepts decodes, however
// many times, to one that leaves the target.
func FuzzCheckPath(f *testing.F) {
	for _, s := range []string{"/a/b", "/%2e%2e/x", "/%252e%252e", "/a/./b", "//h/x", "/http%3a%2f%2fh"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		if checkPath(raw) != nil {
			return
		}
		p := raw
		for range 10 {
			if d, err := url.PathUnescape(p); err == nil {
				p = d
			}
		}
		for _, seg := range strings.Split(p, "/") {
			if seg == ".." || seg == "." {
				t.Fatalf("checkPath accepted %q, which decodes to %q", raw, p)
			}
		}
		if strings.Contains(p, "://") || strings.HasPrefix(p, "//") {
			t.Fatalf("checkPath accepted %q, which decodes to the URL %q", raw, p)
		}
	})
}

func TestForwardedFor(t *testing.T) {
	direct := httptest.NewRequest("POST", "/c/a", nil)
	direct.RemoteAddr = "203.0.113.9:5555"
	direct.Host = "relay.example.com"
	if f := forwardedFor(direct); *f != (Forwarded{For: "203.0.113.9", Proto: "http", Host: "relay.example.com"}) {
		t.Errorf("direct: %+v", f)
	}
	direct.TLS = &tls.ConnectionState{}
	if f := forwardedFor(direct); f.Proto != "https" {
		t.Errorf("TLS: %+v", f)
	}
	proxied := httptest.NewRequest("POST", "/c/a", nil)
	proxied.RemoteAddr = "127.0.0.1:4000"
	proxied.Header.Set("X-Forwarded-For", "198.51.100.7")
	proxied.Header.Set("X-Forwarded-Proto", "https")
	proxied.Header.Set("X-Forwarded-Host", "hooks.example.com")
	if f := forwardedFor(proxied); *f != (Forwarded{For: "198.51.100.7, 127.0.0.1", Proto: "https", Host: "hooks.example.com"}) {
		t.Errorf("behind a proxy: %+v", f)
	}
}
