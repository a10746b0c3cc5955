package listen

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/hookctl/hookctl/webhook"
)

// Server is one listener. Build it with New, bind it with Listen, run it
// with Serve; or call Handle directly with requests from another source
// (the relay client).
type Server struct {
	cfg Config
	ln  net.Listener

	seq        atomic.Int64 // numbers every request
	events     atomic.Int64 // requests taken as events (not handshakes), for Limit
	failed     atomic.Int64 // events that failed their signature check
	handshakes atomic.Int64
	considered atomic.Int64 // events that fault injection looked at
	done       sync.WaitGroup
	finished   chan struct{} // closed when Limit requests were reported
	finishOnce sync.Once
	reported   atomic.Int64
}

// Summary is what a finished Serve reports.
type Summary struct {
	// Requests were reported, handshakes apart; Unverified of them failed
	// their signature check (or had none when a scheme was required).
	Requests, Unverified int
	// Handshakes were answered; they do not count towards Limit.
	Handshakes int
	// Complete is set when Limit requests arrived.
	Complete bool
}

// New checks cfg and returns a Server that has not yet bound its port.
// A save folder that is missing or not writable is an error here, not at
// the first request.
func New(cfg Config) (*Server, error) {
	cfg.defaults()
	if cfg.SaveDir != "" {
		if err := checkWritable(cfg.SaveDir); err != nil {
			return nil, err
		}
	}
	if cfg.ForwardTo != "" {
		if _, err := webhook.ParseTarget(cfg.ForwardTo); err != nil {
			return nil, err
		}
	}
	return &Server{cfg: cfg, finished: make(chan struct{})}, nil
}

func checkWritable(dir string) error {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("save folder %s does not exist: create it first (mkdir -p %s)", dir, dir)
	case err != nil:
		return fmt.Errorf("save folder %s: %v", dir, err)
	case !info.IsDir():
		return fmt.Errorf("save folder %s is a file, not a folder", dir)
	}
	f, err := os.CreateTemp(dir, ".hookctl-write-check-*")
	if err != nil {
		return fmt.Errorf("save folder %s is not writable: check its permissions or pick another", dir)
	}
	f.Close()
	os.Remove(f.Name())
	return nil
}

// Listen binds the address. A port in use is an error that says what to do.
func (s *Server) Listen() error {
	ln, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		if addrInUse(err) {
			return fmt.Errorf("%s is already in use: pick another port with --port, or --port 0 for any free one", s.cfg.Addr)
		}
		return fmt.Errorf("cannot listen on %s: %v", s.cfg.Addr, unwrapOpError(err))
	}
	s.ln = ln
	return nil
}

// addrInUse recognises a busy port on every system: Windows reports
// WSAEADDRINUSE, which is not syscall.EADDRINUSE there.
func addrInUse(err error) bool {
	msg := err.Error()
	return errors.Is(err, syscall.EADDRINUSE) || strings.Contains(msg, "address already in use") ||
		strings.Contains(msg, "Only one usage of each socket address")
}

func unwrapOpError(err error) error {
	var oe *net.OpError
	if errors.As(err, &oe) && oe.Err != nil {
		return oe.Err
	}
	return err
}

// URL is the base URL the listener answers on, with the real port when
// port 0 was asked for. A listener on every interface is shown as
// localhost, the address a person would type.
func (s *Server) URL() string {
	if s.ln == nil {
		return ""
	}
	addr, ok := s.ln.Addr().(*net.TCPAddr)
	if !ok {
		return "http://" + s.ln.Addr().String()
	}
	host := addr.IP.String()
	if addr.IP.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, strconv.Itoa(addr.Port))
}

// Serve answers requests until ctx ends or Limit requests were reported,
// then stops gracefully: requests in flight finish, files are complete.
func (s *Server) Serve(ctx context.Context) (Summary, error) {
	if s.ln == nil {
		if err := s.Listen(); err != nil {
			return Summary{}, err
		}
	}
	conns := &connTracker{fresh: map[net.Conn]bool{}}
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: s.cfg.ReadHeaderTimeout,
		IdleTimeout:       s.cfg.ReadHeaderTimeout * 6,
		ConnContext:       recordingConnContext,
		ConnState:         conns.track,
		// Errors from broken clients are not the user's concern.
		ErrorLog: log.New(io.Discard, "", 0),
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(recordingListener{s.ln}) }()
	var err error
	select {
	case <-ctx.Done():
	case <-s.finished:
	case err = <-served:
	}
	conns.shutdown(srv, s.cfg.ShutdownGrace)
	s.done.Wait()
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return s.summary(), err
}

func (s *Server) summary() Summary {
	n := int(s.reported.Load())
	return Summary{Requests: n, Unverified: int(s.failed.Load()), Handshakes: int(s.handshakes.Load()), Complete: s.cfg.Limit > 0 && n >= s.cfg.Limit}
}
