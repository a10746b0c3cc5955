package listen

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/hookctl/hookctl/webhook"
)

// readBody reads the body within BodyTimeout, so that a sender trickling
// it cannot hold a connection forever; the deadline is lifted once it is in,
// as answering (--delay, a forward) is not reading.
func (s *Server) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	rc := http.NewResponseController(w)
	rc.SetReadDeadline(time.Now().Add(s.cfg.BodyTimeout)) // unsupported only in unit tests' recorders
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBody))
	if err == nil {
		// Left in place on a timeout, so that net/http does not wait for
		// the rest of the trickle before sending the 408.
		rc.SetReadDeadline(time.Time{})
	}
	return body, err
}

// ServeHTTP captures any request, on any path and method, and answers it
// as Handle decides.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	now := s.cfg.Now()
	body, err := s.readBody(w, r)
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		writeAnswer(w, s.reject(webhook.CaptureHTTP(r, nil, now)).Answer)
		return
	case errors.Is(err, os.ErrDeadlineExceeded):
		http.Error(w, fmt.Sprintf("hookctl listen: the body did not arrive within %s", s.cfg.BodyTimeout), http.StatusRequestTimeout)
		return
	case err != nil:
		// The sender went away in the middle of the body: nobody is left
		// to answer, and half a request is not worth showing.
		return
	}
	req := webhook.CaptureHTTP(r, body, now)
	if raw := rawHeaders(r); raw != nil {
		req.Headers = raw
	}
	// The sender hanging up must not stop the forward or the save half way.
	ev := s.Handle(context.WithoutCancel(r.Context()), req)
	writeAnswer(w, ev.Answer)
}

// reject reports a request refused for its size and answers 413.
func (s *Server) reject(req *webhook.Request) *Event {
	s.done.Add(1)
	defer s.done.Done()
	seq := int(s.seq.Add(1))
	if !s.reserve() {
		return &Event{Seq: seq, Request: req, Answer: stopping()}
	}
	ev := &Event{Seq: seq, Request: s.shown(req)}
	ev.Rejected = fmt.Sprintf("body larger than the %s limit (raise it with --max-body)", byteSize(s.cfg.MaxBody))
	ev.Answer = Answer{
		Status:  http.StatusRequestEntityTooLarge,
		Headers: webhook.NewHeaders("Content-Type", "text/plain; charset=utf-8"),
		Body:    []byte("hookctl: " + ev.Rejected + "\n"),
	}
	s.report(ev)
	return ev
}

func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d B", n)
}

// writeAnswer writes a, keeping header names as spelled. The framing
// headers are the server's to set for this connection.
func writeAnswer(w http.ResponseWriter, a Answer) {
	h := w.Header()
	for _, kv := range a.Headers {
		switch strings.ToLower(kv.Name) {
		case "content-length", "transfer-encoding", "connection":
			continue
		}
		h[kv.Name] = append(h[kv.Name], kv.Value)
	}
	status := a.Status
	if status < 100 || status > 999 {
		status = http.StatusBadGateway
	}
	w.WriteHeader(status)
	_, _ = w.Write(a.Body)
}
