package listen

import (
	"net/http"
	"testing"
)

func TestParseHeaderBlock(t *testing.T) {
	cases := []struct {
		name, block string
		want        int // header lines kept; -1 for "cannot tell"
	}{
		{"plain", "POST /x HTTP/1.1\r\nHost: a\r\nX-A: 1\r\nx-b: 2\r\n\r\nbody", 2},
		{"other request", "GET /y HTTP/1.1\r\nX-A: 1\r\n\r\n", -1},
		{"folded line", "POST /x HTTP/1.1\r\nX-A: 1\r\n  continued\r\n\r\n", -1},
		{"unfinished", "POST /x HTTP/1.1\r\nX-A: 1\r\n", -1},
		{"chunked", "POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\nX-A: 1\r\n\r\n", 1},
	}
	for _, tc := range cases {
		h := parseHeaderBlock([]byte(tc.block), "POST /x ")
		if (tc.want < 0) != (h == nil) || (h != nil && len(h) != tc.want) {
			t.Errorf("%s: got %v", tc.name, h)
		}
	}
}

func TestSameHeadersFallsBackOnDisagreement(t *testing.T) {
	raw := parseHeaderBlock([]byte("POST / HTTP/1.1\r\nX-A: 1\r\nx-a: 2\r\n\r\n"), "POST / ")
	if !sameHeaders(raw, http.Header{"X-A": {"1", "2"}}) {
		t.Fatal("the same headers were judged different")
	}
	for _, parsed := range []http.Header{{"X-A": {"2", "1"}}, {"X-A": {"1"}}, {"X-A": {"1", "2"}, "X-B": {""}}} {
		if sameHeaders(raw, parsed) {
			t.Errorf("%v was judged the same as %v", parsed, raw)
		}
	}
}

// FuzzParseHeaderBlock: any bytes either give headers that net/http's
// reading would then confirm, or nil; never a panic.
func FuzzParseHeaderBlock(f *testing.F) {
	f.Add([]byte("POST / HTTP/1.1\r\nHost: a\r\nX-A: 1\r\n\r\n"))
	f.Add([]byte("POST / HTTP/1.1\r\n: x\r\n\r\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		h := parseHeaderBlock(b, "POST / ")
		for _, kv := range h {
			if kv.Name == "" {
				t.Fatalf("empty header name from %q", b)
			}
		}
	})
}
