package relay

import (
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/hookctl/hookctl/relay/store"
	"github.com/hookctl/hookctl/webhook"
)

// ingress takes a webhook on /c/CHANNEL/path?query: it answers with a
// connected client's answer when one comes in time, and otherwise keeps the
// request and answers 202.
func (s *Server) ingress(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	s.metrics.in.Add(1)
	name, path, err := splitIngress(r)
	if err != nil {
		s.reject(w, name, http.StatusBadRequest, "path", err.Error())
		return
	}
	if err := s.bus.Err(); err != nil {
		s.unavailable(w, name)
		return
	}
	if err := s.known(r, name); err != nil {
		if !errors.Is(err, store.ErrNoChannel) {
			s.unavailable(w, name)
			return
		}
		s.reject(w, name, http.StatusNotFound, "channel", "no channel "+name+" on this relay")
		return
	}
	if r.ContentLength > s.cfg.MaxBody {
		s.reject(w, name, http.StatusRequestEntityTooLarge, "too_large", s.tooLarge())
		return
	}
	body, err := readBody(w, r, s.cfg.MaxBody, s.cfg.BodyTimeout)
	if err != nil {
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			s.reject(w, name, http.StatusRequestEntityTooLarge, "too_large", s.tooLarge())
		case errors.Is(err, os.ErrDeadlineExceeded):
			// Not a 2xx: the request was not kept.
			s.reject(w, name, http.StatusRequestTimeout, "slow_body", fmt.Sprintf("the body did not arrive within %s", s.cfg.BodyTimeout))
		}
		return // the sender went away mid-body: nothing to answer
	}
	req := webhook.CaptureHTTP(r, body, time.Now())
	req.Path = path
	m, err := NewRequestMessage(req, 0, false, forwardedFor(r))
	if err != nil {
		s.reject(w, name, http.StatusBadRequest, "encode", err.Error())
		return
	}
	ch := s.channel(name)
	if a := s.live(ch, m); a != nil {
		s.metrics.delivered.Add(1)
		s.metrics.latency.observe(time.Since(start))
		writeAnswer(w, a)
		s.emit(ServerEvent{Kind: "request", Channel: name, Outcome: "answered", Status: a.Status, Detail: req.Method + " " + req.Path})
		return
	}
	s.queue(w, r, ch, m)
}

// known checks that a channel exists. Channels are never deleted, so one
// this instance has live state for (made only after such a check or a
// subscribe) needs no store round trip: with Redis, that is one per request.
func (s *Server) known(r *http.Request, name string) error {
	if s.existing(name) != nil {
		return nil
	}
	_, err := s.store.Channel(r.Context(), name)
	return err
}

func (s *Server) tooLarge() string {
	return fmt.Sprintf("request body is larger than this relay accepts (%d bytes)", s.cfg.MaxBody)
}

// unavailable answers 503 when the store cannot be reached: nothing is
// accepted that could not be kept, and the sender (a provider) retries.
func (s *Server) unavailable(w http.ResponseWriter, name string) {
	w.Header().Set("Retry-After", "5")
	s.reject(w, name, http.StatusServiceUnavailable, "store",
		"the relay cannot reach its store, so nothing was accepted; retry shortly")
}

// readBody reads a request body of at most limit bytes within timeout, so
// that a sender trickling its body cannot hold a connection forever. The
// deadline is lifted once the body is in: waiting for the answer is not
// reading.
func readBody(w http.ResponseWriter, r *http.Request, limit int64, timeout time.Duration) ([]byte, error) {
	rc := http.NewResponseController(w)
	rc.SetReadDeadline(time.Now().Add(timeout)) // unsupported only in unit tests' recorders
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err == nil {
		// Left in place on a timeout, so that net/http does not wait for
		// the rest of the trickle before sending the 408.
		rc.SetReadDeadline(time.Time{})
	}
	return body, err
}

func (s *Server) reject(w http.ResponseWriter, channel string, status int, outcome, why string) {
	http.Error(w, "hookctl relay: "+why, status)
	s.emit(ServerEvent{Kind: "request", Channel: channel, Outcome: outcome, Status: status, Detail: why})
}

// queue keeps the request durably, then answers 202; the store has synced
// it to disk by the time Append returns.
func (s *Server) queue(w http.ResponseWriter, r *http.Request, ch *channel, m *Message) {
	data, err := storedBody(m)
	if err == nil {
		_, err = s.store.Append(r.Context(), ch.name, store.Event{ID: m.ID, Received: m.Req.ReceivedAt, Data: data}, s.cfg.QueueDepth)
	}
	switch {
	case errors.Is(err, store.ErrQueueFull):
		s.metrics.full.Add(1)
		w.Header().Set("Retry-After", "60")
		s.reject(w, ch.name, http.StatusServiceUnavailable, "queue_full",
			fmt.Sprintf("channel %s has %d requests waiting, the most it keeps; connect a client to drain it", ch.name, s.cfg.QueueDepth))
		return
	case err != nil:
		s.unavailable(w, ch.name)
		return
	}
	s.metrics.queued.Add(1)
	ch.poke()
	s.bus.Poke(r.Context(), ch.name) // the drainer may be on another instance
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusAccepted)
	fmt.Fprintf(w, "{\"queued\":true,\"id\":%q}\n", m.ID)
	s.emit(ServerEvent{Kind: "request", Channel: ch.name, Outcome: "queued", Status: http.StatusAccepted, Detail: m.Req.Method + " " + m.Req.Path})
}

func writeAnswer(w http.ResponseWriter, a *Answer) {
	body, err := a.BodyBytes()
	if err != nil || a.Status < 200 || a.Status > 999 {
		http.Error(w, "hookctl relay: the client sent an answer that cannot be passed on", http.StatusBadGateway)
		return
	}
	h := w.Header()
	for _, kv := range webhook.ForwardHeaders(a.Headers) {
		h[kv.Name] = append(h[kv.Name], kv.Value)
	}
	w.WriteHeader(a.Status)
	w.Write(body)
}

// forwardedFor records who sent the request, extending any chain a reverse
// proxy in front of the relay started.
func forwardedFor(r *http.Request) *Forwarded {
	ip, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		ip = r.RemoteAddr
	}
	f := &Forwarded{For: ip, Proto: "http", Host: r.Host}
	if prior := r.Header.Values("X-Forwarded-For"); len(prior) > 0 {
		f.For = strings.Join(prior, ", ") + ", " + ip
	}
	if p := r.Header.Get("X-Forwarded-Proto"); p == "https" || p == "http" {
		f.Proto = p
	}
	if r.TLS != nil {
		f.Proto = "https"
	}
	if h := r.Header.Get("X-Forwarded-Host"); h != "" {
		f.Host = h
	}
	return f
}
