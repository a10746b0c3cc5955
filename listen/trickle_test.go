package listen

import (
	"bufio"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// trickle writes the start of a request, then one byte every 50 ms, and
// reports how the listener ended it: the status it answered (0 for none)
// and how long that took. It gives up after 5 s.
func trickle(t *testing.T, addr, head, rest string) (status int, took time.Duration) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	start := time.Now()
	c.SetDeadline(start.Add(5 * time.Second))
	answered := make(chan int, 1)
	go func() {
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			answered <- 0
			return
		}
		resp.Body.Close()
		answered <- resp.StatusCode
	}()
	c.Write([]byte(head))
	for i := 0; i < len(rest); i++ {
		select {
		case s := <-answered:
			return s, time.Since(start)
		case <-time.After(50 * time.Millisecond):
		}
		if _, err := c.Write([]byte{rest[i]}); err != nil {
			break
		}
	}
	s := <-answered
	return s, time.Since(start)
}

// A sender that trickles its headers or its body is cut off by the
// timeouts instead of holding a connection (and a goroutine) forever.
func TestTricklingSenderIsCutOff(t *testing.T) {
	s := start(t, Config{ReadHeaderTimeout: 300 * time.Millisecond, BodyTimeout: 300 * time.Millisecond})
	addr := strings.TrimPrefix(s.url, "http://")
	long := strings.Repeat("x", 200) // 10 s at one byte per 50 ms
	tests := []struct {
		name, head, rest string
		want             int
	}{
		{"headers", "POST /hook HTTP/1.1\r\n", "Host: x\r\nX-Slow: " + long, 0},
		{"body", "POST /hook HTTP/1.1\r\nHost: x\r\nContent-Length: 200\r\n\r\n", long, http.StatusRequestTimeout},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, took := trickle(t, addr, tc.head, tc.rest)
			if status != tc.want || took > 3*time.Second {
				t.Fatalf("answered %d after %v, want %d within about 300ms", status, took.Round(time.Millisecond), tc.want)
			}
		})
	}
	select {
	case ev := <-s.events:
		t.Fatalf("a cut-off request was reported: %v", ev.Request.Path)
	default:
	}
}
