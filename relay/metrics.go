package relay

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// metrics are the relay's counters, exposed at /metrics in the Prometheus
// text format, written by hand to avoid a dependency.
type metrics struct {
	in, delivered, queued, acked, dropped, full, clients atomic.Int64
	latency                                              histogram
}

func newMetrics() *metrics {
	return &metrics{latency: histogram{bounds: []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}}}
}

// histogram counts observations per upper bound, cumulatively when written.
type histogram struct {
	bounds []float64
	mu     sync.Mutex
	counts []int64
	sum    float64
	n      int64
}

func (h *histogram) observe(d time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.counts == nil {
		h.counts = make([]int64, len(h.bounds))
	}
	v := d.Seconds()
	for i, b := range h.bounds {
		if v <= b {
			h.counts[i]++
		}
	}
	h.sum += v
	h.n++
}

func (h *histogram) write(b *strings.Builder, name string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for i, bound := range h.bounds {
		var c int64
		if h.counts != nil {
			c = h.counts[i]
		}
		fmt.Fprintf(b, "%s_bucket{le=\"%g\"} %d\n", name, bound, c)
	}
	fmt.Fprintf(b, "%s_bucket{le=\"+Inf\"} %d\n%s_sum %g\n%s_count %d\n", name, h.n, name, h.sum, name, h.n)
}

func (s *Server) serveMetrics(w http.ResponseWriter) {
	m := s.metrics
	var b strings.Builder
	counter := func(name, help string, v int64) {
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s counter\n%s %d\n", name, help, name, name, v)
	}
	counter("hookctl_relay_requests_total", "Webhook requests received on /c/.", m.in.Load())
	counter("hookctl_relay_delivered_total", "Requests answered by a connected client.", m.delivered.Load())
	counter("hookctl_relay_queued_total", "Requests stored and answered 202.", m.queued.Load())
	counter("hookctl_relay_acked_total", "Stored requests acknowledged by a client and deleted.", m.acked.Load())
	counter("hookctl_relay_dropped_total", "Stored requests deleted unacknowledged (retention, damage).", m.dropped.Load())
	counter("hookctl_relay_queue_full_total", "Requests refused with 503 because the channel queue was full.", m.full.Load())
	fmt.Fprintf(&b, "# HELP hookctl_relay_connected_clients Clients connected now.\n# TYPE hookctl_relay_connected_clients gauge\nhookctl_relay_connected_clients %d\n", m.clients.Load())
	up := 1
	if s.bus.Err() != nil {
		up = 0
	}
	fmt.Fprintf(&b, "# HELP hookctl_relay_store_up Whether the shared store (Redis) answers.\n# TYPE hookctl_relay_store_up gauge\nhookctl_relay_store_up %d\n", up)
	name := "hookctl_relay_response_seconds"
	fmt.Fprintf(&b, "# HELP %s Time from receiving a request to answering it with a client's answer.\n# TYPE %s histogram\n", name, name)
	m.latency.write(&b, name)
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	w.Write([]byte(b.String()))
}
