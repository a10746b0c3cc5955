package webhook

import (
	"fmt"
	"net/url"
	"strings"
)

// ParseTarget checks that s is an absolute http or https URL with a host,
// and says how to fix it when it is not.
func ParseTarget(s string) (*url.URL, error) {
	if s == "" {
		return nil, fmt.Errorf("no target URL given: pass one such as http://localhost:3000/webhooks")
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, fmt.Errorf("target URL %q is not valid: %v", s, unwrapURLError(err))
	}
	if u.Scheme == "" && !strings.Contains(s, "://") {
		return nil, fmt.Errorf("target URL %q has no scheme: did you mean http://%s?", s, s)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("target URL %q must start with http:// or https://", s)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("target URL %q has no host", s)
	}
	if u.User != nil {
		return nil, fmt.Errorf("target URL %q carries credentials: send them as a header with -H instead", redactUser(u))
	}
	return u, nil
}

func redactUser(u *url.URL) string {
	c := *u
	c.User = url.User("…")
	return c.String()
}

func unwrapURLError(err error) error {
	if ue, ok := err.(*url.Error); ok {
		return ue.Err
	}
	return err
}

// JoinURL returns where a request captured at pathAndQuery goes on target:
// the target's path followed by the request's path, and the target's query
// followed by the request's. A request path of "/" (or none) leaves the
// target's path as it is, so `send http://app/hooks` posts to /hooks. Only
// the path and query can change: the scheme and host are always target's.
func JoinURL(target *url.URL, pathAndQuery string) *url.URL {
	rawPath, query, _ := strings.Cut(escapeControls(pathAndQuery), "?")
	u := *target
	u.User = nil
	u.Fragment, u.RawFragment = "", ""
	base := target.EscapedPath()
	switch {
	case rawPath == "" || rawPath == "/":
		if base == "" {
			base = "/"
		}
		setRawPath(&u, base)
	default:
		if !strings.HasPrefix(rawPath, "/") {
			rawPath = "/" + rawPath
		}
		setRawPath(&u, strings.TrimSuffix(base, "/")+rawPath)
	}
	switch {
	case target.RawQuery == "":
		u.RawQuery = query
	case query != "":
		u.RawQuery = target.RawQuery + "&" + query
	}
	u.ForceQuery = false
	return &u
}

func setRawPath(u *url.URL, raw string) {
	p, err := url.PathUnescape(raw)
	if err != nil {
		// Not valid escaping: keep the bytes as they came, escaped.
		p = raw
		raw = (&url.URL{Path: raw}).EscapedPath()
	}
	u.Path, u.RawPath = p, raw
	if u.EscapedPath() != raw {
		u.RawPath = ""
	}
}

// escapeControls percent-encodes ASCII control bytes, which no URL may hold
// raw, and '#', which in a request's path or query is data (a request never
// carries a fragment) but in a URL would start one; everything else is left
// as the sender wrote it.
func escapeControls(s string) string {
	if !strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '#' }) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == 0x7f || c == '#' {
			fmt.Fprintf(&b, "%%%02X", c)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}
