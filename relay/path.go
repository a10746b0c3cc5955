package relay

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
)

// splitIngress returns the channel and the path and query to deliver to,
// from the raw request line, refusing anything that tries to leave the
// client's own target: ".." or "." segments (plain or percent-encoded, even
// twice), absolute URLs, encoded schemes, backslashes and control bytes.
func splitIngress(r *http.Request) (channel, path string, err error) {
	uri := r.RequestURI
	if !strings.HasPrefix(uri, "/c/") {
		return "", "", errors.New("absolute URLs are refused: send to /c/CHANNEL/path")
	}
	rawPath, query, hasQuery := strings.Cut(uri[len("/c/"):], "?")
	channel, rest, _ := strings.Cut(rawPath, "/")
	if !ValidChannelName(channel) {
		return channel, "", errors.New("not a valid channel name")
	}
	rest = "/" + rest
	if err := checkPath(rest); err != nil {
		return channel, "", err
	}
	if hasQuery {
		rest += "?" + query
	}
	return channel, rest, nil
}

func checkPath(raw string) error {
	decoded, err := unescapeFully(raw)
	if err != nil {
		return err
	}
	if strings.ContainsFunc(decoded, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
		return errors.New("the path holds control characters")
	}
	if strings.ContainsRune(decoded, '\\') || strings.HasPrefix(decoded, "//") || strings.Contains(decoded, "://") {
		return errors.New("the path looks like a URL or a Windows path; the relay never chooses the target")
	}
	for _, seg := range strings.Split(decoded, "/") {
		if seg == ".." || seg == "." {
			return errors.New(`the path has a "." or ".." segment that would leave the client's target`)
		}
	}
	return nil
}

// unescapeFully decodes percent-escapes until nothing changes, so that
// "%252e%252e" is seen as "..". More than three levels is refused rather
// than followed: no real webhook path needs them.
func unescapeFully(raw string) (string, error) {
	decoded := raw
	for range 4 {
		d, err := url.PathUnescape(decoded)
		if err != nil {
			return "", errors.New("the path has invalid %-escapes")
		}
		if d == decoded {
			return d, nil
		}
		decoded = d
	}
	return "", errors.New("the path is percent-encoded too many times over")
}
