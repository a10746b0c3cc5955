package listen

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"net/textproto"
	"slices"
	"strings"
	"sync"

	"github.com/hookctl/hookctl/webhook"
)

// net/http gives handlers canonical, map-ordered headers, but a fixture
// should hold them as the sender wrote them. So each connection keeps the
// bytes it read since the last request, and the handler parses its own
// header block from them. Whenever that parse is in doubt (pipelined
// requests, folded lines, anything net/http read differently) the
// canonical headers are kept instead.

// maxRecorded bounds what one connection keeps: net/http's own limit on a
// header block.
const maxRecorded = http.DefaultMaxHeaderBytes

type recordingListener struct{ net.Listener }

func (l recordingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &recordingConn{Conn: c}, nil
}

type recordingConn struct {
	net.Conn
	mu  sync.Mutex
	buf []byte
}

func (c *recordingConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	c.mu.Lock()
	if room := maxRecorded - len(c.buf); room > 0 {
		c.buf = append(c.buf, p[:min(n, room)]...)
	}
	c.mu.Unlock()
	return n, err
}

// take returns what was read since the last call and starts afresh.
func (c *recordingConn) take() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	b := c.buf
	c.buf = nil
	return b
}

type connKey struct{}

func recordingConnContext(ctx context.Context, c net.Conn) context.Context {
	if rc, ok := c.(*recordingConn); ok {
		return context.WithValue(ctx, connKey{}, rc)
	}
	return ctx
}

// rawHeaders returns r's headers in wire order and spelling, or nil when
// they cannot be told for sure. Call it after reading the body.
func rawHeaders(r *http.Request) webhook.Headers {
	rc, _ := r.Context().Value(connKey{}).(*recordingConn)
	if rc == nil || r.ProtoMajor != 1 {
		return nil
	}
	h := parseHeaderBlock(rc.take(), r.Method+" "+r.RequestURI+" ")
	if h == nil || !sameHeaders(h, r.Header) {
		return nil
	}
	return h
}

func parseHeaderBlock(buf []byte, requestLine string) webhook.Headers {
	if !bytes.HasPrefix(buf, []byte(requestLine)) {
		return nil
	}
	end := bytes.Index(buf, []byte("\r\n\r\n"))
	if end < 0 {
		return nil
	}
	lines := strings.Split(string(buf[:end]), "\r\n")[1:]
	h := make(webhook.Headers, 0, len(lines))
	for _, line := range lines {
		name, value, ok := strings.Cut(line, ":")
		if !ok || !webhook.ValidHeaderName(name) {
			return nil // folded or broken: let net/http's reading stand
		}
		switch textproto.CanonicalMIMEHeaderKey(name) {
		case "Host", "Transfer-Encoding":
			continue // net/http moves these out of the header map
		}
		h.Add(name, strings.Trim(value, " \t"))
	}
	return h
}

// sameHeaders reports whether raw holds exactly what net/http parsed.
func sameHeaders(raw webhook.Headers, parsed http.Header) bool {
	got := make(http.Header, len(parsed))
	for _, kv := range raw {
		k := textproto.CanonicalMIMEHeaderKey(kv.Name)
		got[k] = append(got[k], kv.Value)
	}
	if len(got) != len(parsed) {
		return false
	}
	for k, v := range parsed {
		if !slices.Equal(got[k], v) {
			return false
		}
	}
	return true
}
