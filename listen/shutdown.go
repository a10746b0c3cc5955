package listen

import (
	"context"
	"net"
	"net/http"
	"sync"
	"time"
)

// connTracker knows which connections have not sent a byte yet. net/http's
// Shutdown waits up to 5 s for such connections (clients often open one
// more than they use), which would hold up the end of a --count run for
// nothing; they carry no request, so closing them loses nothing.
type connTracker struct {
	mu    sync.Mutex
	fresh map[net.Conn]bool
}

func (t *connTracker) track(c net.Conn, st http.ConnState) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if st == http.StateNew {
		t.fresh[c] = true
	} else {
		delete(t.fresh, c)
	}
}

func (t *connTracker) closeFresh() {
	t.mu.Lock()
	defer t.mu.Unlock()
	for c := range t.fresh {
		c.Close()
		delete(t.fresh, c)
	}
}

// shutdown stops srv gracefully: no new connections, requests in flight
// finish (for at most grace), idle and unused connections close.
func (t *connTracker) shutdown(srv *http.Server, grace time.Duration) {
	ctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- srv.Shutdown(ctx) }()
	tick := time.NewTicker(20 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case err := <-done:
			if err != nil {
				srv.Close()
			}
			return
		case <-tick.C:
			t.closeFresh()
		}
	}
}
