package relay

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"
	"github.com/hookctl/hookctl/relay/store"
)

// ServerConfig holds the relay server's settings and tunables. Zero fields
// take the defaults named on each.
type ServerConfig struct {
	// Store keeps channels and queued requests. Required.
	Store store.Store
	// Bus connects this instance to the others sharing Store (NewRedisBus
	// for a Redis store). Nil for a relay that runs alone. The server
	// starts it; close it after the server.
	Bus Bus
	// PublicURL is the relay's address as senders see it (behind a proxy,
	// the proxy's https URL); it prefixes the webhook URLs given to clients.
	PublicURL string
	// MaxBody is the largest request body accepted; larger ones get 413.
	// Default 25 MiB.
	MaxBody int64
	// QueueDepth caps the requests queued per channel; past it senders get
	// 503. Default 10,000.
	QueueDepth int
	// Retention is how long a queued request is kept. Default 7 days.
	Retention time.Duration
	// ResponseTimeout bounds the wait for a connected client's answer before
	// the request is queued and 202 returned. Default 9 s.
	ResponseTimeout time.Duration
	// BodyTimeout bounds how long a sender may take to send a body (408
	// beyond) and, up to 10 s, its headers: a trickling sender is cut off.
	// Default 60 s.
	BodyTimeout time.Duration
	// CreateKey, if set, must be presented to create (or claim) a channel.
	CreateKey string

	// PingPeriod is how often the server pings each client; PongWait how
	// long it waits for any frame before dropping one; WriteWait bounds
	// each write. Defaults 20 s, 45 s, 10 s.
	PingPeriod, PongWait, WriteWait time.Duration
	// SendBuffer is how many frames may wait for a client's writer; a
	// client that falls further behind is disconnected. Default 256.
	SendBuffer int
	// Window is how many stored requests may await a client's ack. Default 32.
	Window int
	// MaxMessage caps a frame from a client. Default 64 MiB.
	MaxMessage int64

	// OnEvent, if set, hears about clients and requests (for logs).
	OnEvent func(ServerEvent)
}

// ServerEvent is something the server did, reported through OnEvent.
type ServerEvent struct {
	Kind    string // "connect", "disconnect", "refuse", "request"
	Channel string
	Remote  string
	// Outcome of a request: "answered", "queued", or why it was refused.
	Outcome string
	Status  int
	Detail  string
}

func (c ServerConfig) withDefaults() ServerConfig {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.Retention, 7*24*time.Hour)
	def(&c.ResponseTimeout, 9*time.Second)
	def(&c.BodyTimeout, 60*time.Second)
	def(&c.PingPeriod, 20*time.Second)
	def(&c.PongWait, 45*time.Second)
	def(&c.WriteWait, 10*time.Second)
	if c.MaxBody <= 0 {
		c.MaxBody = 25 << 20
	}
	if c.QueueDepth <= 0 {
		c.QueueDepth = 10000
	}
	if c.SendBuffer <= 0 {
		c.SendBuffer = 256
	}
	if c.Window <= 0 {
		c.Window = 32
	}
	// The drainer must never wait long on a client's send buffer, or the
	// client's reader, handing it acks, could wait on the drainer.
	c.Window = min(c.Window, c.SendBuffer)
	if c.MaxMessage <= 0 {
		c.MaxMessage = 64 << 20
	}
	c.PublicURL = strings.TrimRight(c.PublicURL, "/")
	return c
}

// Server is the relay: an http.Handler for ingress, the websocket endpoint,
// /healthz and /metrics.
type Server struct {
	cfg      ServerConfig
	store    store.Store
	bus      Bus
	alone    bool // no other instance can hold clients
	metrics  *metrics
	upgrader websocket.Upgrader

	ctx    context.Context // ends when the server closes
	cancel context.CancelFunc

	mu       sync.Mutex
	channels map[string]*channel
	wg       sync.WaitGroup
}

// NewServer returns a relay server. Close it to drop its clients and stop
// its background work; the store is the caller's to close.
func NewServer(cfg ServerConfig) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("relay server needs a store")
	}
	cfg = cfg.withDefaults()
	_, alone := cfg.Bus.(localBus)
	if cfg.Bus == nil {
		cfg.Bus, alone = localBus{}, true
	}
	ctx, cancel := context.WithCancel(context.Background())
	s := &Server{
		cfg: cfg, store: cfg.Store, bus: cfg.Bus, alone: alone, metrics: newMetrics(), ctx: ctx, cancel: cancel,
		channels: map[string]*channel{},
		upgrader: websocket.Upgrader{
			Subprotocols: []string{Subprotocol},
			// Clients are programs holding a token, not browsers: the
			// token, not the Origin, is what protects a channel.
			CheckOrigin: func(*http.Request) bool { return true },
		},
	}
	if err := s.bus.Start(ctx, s.fromPeer, s.pokeLocal); err != nil {
		cancel()
		return nil, err
	}
	s.wg.Add(1)
	go s.sweep()
	return s, nil
}

// ServeHTTP routes by hand rather than with http.ServeMux, because the mux
// would clean ".." out of ingress paths (and redirect) where the relay must
// see them and refuse.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch p := r.URL.Path; {
	case strings.HasPrefix(p, "/c/"):
		s.ingress(w, r)
	case p == "/ws":
		s.serveWS(w, r)
	case p == "/healthz":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	case p == "/metrics":
		s.serveMetrics(w)
	case p == "/":
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("hookctl relay: send webhooks to /c/CHANNEL/any/path; connect with `hookctl relay connect`\n"))
	default:
		http.Error(w, "not found: webhooks go to /c/CHANNEL/...", http.StatusNotFound)
	}
}

// Run serves on ln until ctx ends, then shuts down gracefully: it stops
// accepting, lets in-flight requests finish (up to grace), and closes every
// client. With certFile and keyFile it serves TLS.
func (s *Server) Run(ctx context.Context, ln net.Listener, certFile, keyFile string, grace time.Duration) error {
	hs := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: min(10*time.Second, s.cfg.BodyTimeout),
		IdleTimeout:       2 * time.Minute,
	}
	errc := make(chan error, 1)
	go func() {
		if certFile != "" {
			errc <- hs.ServeTLS(ln, certFile, keyFile)
		} else {
			errc <- hs.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		s.Close()
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	err := hs.Shutdown(sctx)
	s.Close()
	if errors.Is(err, context.DeadlineExceeded) {
		hs.Close()
		return nil
	}
	return err
}

// Close drops every client and stops background work, waiting for it, so
// that the store can be closed next.
func (s *Server) Close() {
	s.mu.Lock()
	s.cancel() // under mu, so attach sees it before adding to wg
	var conns []*sconn
	for _, ch := range s.channels {
		conns = append(conns, ch.snapshot()...)
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.kill("relay shutting down")
	}
	s.wg.Wait()
}

func (s *Server) sweep() {
	defer s.wg.Done()
	t := time.NewTicker(min(s.cfg.Retention/10, time.Minute))
	defer t.Stop()
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-t.C:
			n, err := s.store.Expire(s.ctx, time.Now().Add(-s.cfg.Retention))
			if err == nil {
				s.metrics.dropped.Add(int64(n))
			}
		}
	}
}

func (s *Server) emit(e ServerEvent) {
	if s.cfg.OnEvent != nil {
		s.cfg.OnEvent(e)
	}
}
