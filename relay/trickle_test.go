package relay

import (
	"bufio"
	"context"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/hookctl/hookctl/relay/store"
)

// A sender that trickles its headers or its body into the relay's ingress
// is cut off by the timeouts, gets no 2xx, and nothing is queued for it.
func TestTricklingSenderIsCutOff(t *testing.T) {
	st := store.NewMemory()
	ctx := context.Background()
	if err := st.CreateChannel(ctx, store.Channel{Name: "slow", TokenHash: hashToken("t"), Created: time.Now()}); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewServer(ServerConfig{Store: st, PublicURL: "http://" + ln.Addr().String(), BodyTimeout: 300 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	runCtx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- s.Run(runCtx, ln, "", "", time.Second) }()
	defer func() { stop(); <-done }()

	long := strings.Repeat("x", 200) // 10 s at one byte per 50 ms
	tests := []struct {
		name, head, rest string
		want             int
	}{
		{"headers", "POST /c/slow/hook HTTP/1.1\r\n", "Host: x\r\nX-Slow: " + long, 0},
		{"body", "POST /c/slow/hook HTTP/1.1\r\nHost: x\r\nContent-Length: 200\r\n\r\n", long, http.StatusRequestTimeout},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, took := trickle(t, ln.Addr().String(), tc.head, tc.rest)
			if status != tc.want || took > 3*time.Second {
				t.Fatalf("answered %d after %v, want %d within about 300ms", status, took.Round(time.Millisecond), tc.want)
			}
		})
	}
	if n, err := st.Depth(ctx, "slow"); err != nil || n != 0 {
		t.Fatalf("%d requests queued (%v), want none", n, err)
	}
}

// trickle writes the start of a request, then one byte every 50 ms, and
// reports the status the server answered (0 for none) and when. It gives
// up after 5 s.
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
	return <-answered, time.Since(start)
}
