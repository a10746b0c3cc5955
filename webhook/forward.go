package webhook

import (
	"bytes"
	"context"
	"net/http"
	"strings"
)

// hopByHop are the headers that describe one connection, not the message;
// a proxy must not pass them on (RFC 9110 §7.6.1). Host and Content-Length
// are set by the client for the new connection.
var hopByHop = map[string]bool{
	"connection": true, "proxy-connection": true, "keep-alive": true, "proxy-authenticate": true,
	"proxy-authorization": true, "te": true, "trailer": true, "transfer-encoding": true,
	"upgrade": true, "host": true, "content-length": true,
}

// ForwardHeaders returns h without hop-by-hop headers, including any that
// the Connection header names.
func ForwardHeaders(h Headers) Headers {
	drop := map[string]bool{}
	for _, v := range h.Values("Connection") {
		for _, name := range strings.Split(v, ",") {
			drop[strings.ToLower(strings.TrimSpace(name))] = true
		}
	}
	out := make(Headers, 0, len(h))
	for _, kv := range h {
		name := strings.ToLower(kv.Name)
		if !hopByHop[name] && !drop[name] {
			out = append(out, kv)
		}
	}
	return out
}

func buildRequest(ctx context.Context, req *Request, dest string, extra Headers) (*http.Request, error) {
	hreq, err := http.NewRequestWithContext(ctx, req.Method, dest, bytes.NewReader(req.Body))
	if err != nil {
		return nil, err
	}
	hreq.ContentLength = int64(len(req.Body))
	if len(req.Body) == 0 {
		hreq.Body = http.NoBody
	}
	h := ForwardHeaders(req.Headers)
	for _, kv := range extra {
		h.Set(kv.Name, kv.Value)
	}
	hreq.Header = make(http.Header, len(h)+1)
	for _, kv := range h {
		name := kv.Name
		// Go looks these up by their canonical spelling only.
		if strings.EqualFold(name, "User-Agent") {
			name = "User-Agent"
		}
		hreq.Header[name] = append(hreq.Header[name], kv.Value)
	}
	if _, ok := hreq.Header["User-Agent"]; !ok {
		// An empty value stops Go adding its own User-Agent, so the request
		// goes out with exactly the headers it was captured with.
		hreq.Header["User-Agent"] = []string{""}
	}
	return hreq, nil
}
