package listen

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/hookctl/hookctl/webhook"
)

// Event is one request as the listener saw and answered it: what
// OnRequest receives.
type Event struct {
	// Seq numbers requests from 1 in arrival order.
	Seq int
	// Request is the request as saved and shown: Provider, Event and
	// Verification filled in, and credentials masked when Redact is set.
	Request *webhook.Request
	// Verification is the signature check; nil when none was made.
	Verification *Verification
	// Handshake names the provider's endpoint check that was answered
	// ("slack url_verification"); such a request is not an event.
	Handshake string
	// Injected is set when Answer is a failure injected by FailConfig.
	Injected bool
	// Rejected says why the request was refused unread (too large).
	Rejected string
	// Answer is what the sender gets.
	Answer Answer
	// Forwarded is the app's answer; ForwardErr is set instead when the
	// app gave none. Both are nil when nothing was forwarded.
	Forwarded  *webhook.Response
	ForwardErr error
	// Saved is the fixture file written; SaveErr says why none was.
	Saved   string
	SaveErr error
	// Delay is how long the answer was held back.
	Delay time.Duration
}

// Handle runs one captured request through the listener: check, handshake,
// save, forward, report, and returns the answer to give. ServeHTTP calls
// it, and so can anything else that receives requests (the relay client).
// It does not modify req.
func (s *Server) Handle(ctx context.Context, req *webhook.Request) *Event {
	s.done.Add(1)
	defer s.done.Done()
	req = req.Clone()
	ev := &Event{Seq: int(s.seq.Add(1))}
	s.check(req, ev)
	if s.handshake(req, ev) {
		ev.Request = s.shown(req)
		s.save(ev)
		s.report(ev)
		return ev
	}
	if !s.reserve() {
		return &Event{Seq: ev.Seq, Request: req, Answer: stopping()}
	}
	ev.Request = s.shown(req)
	switch {
	case s.inject(ev):
		s.save(ev)
	case s.cfg.ForwardTo != "":
		s.save(ev) // before forwarding, so an app that hangs cannot lose it
		s.forward(ctx, req, ev)
	default:
		ev.Answer = s.cfg.Answer
		s.save(ev)
	}
	ev.Delay = s.cfg.Delay
	s.report(ev)
	s.sleep(ctx)
	return ev
}

// reserve counts an event (not a handshake) and reports whether the
// listener still takes it: past Limit, requests are refused while the
// listener stops.
func (s *Server) reserve() bool {
	return s.cfg.Limit <= 0 || int(s.events.Add(1)) <= s.cfg.Limit
}

func stopping() Answer {
	return Answer{
		Status:  http.StatusServiceUnavailable,
		Headers: webhook.NewHeaders("Content-Type", "text/plain; charset=utf-8"),
		Body:    []byte("hookctl: this listener has taken its --count of requests and is stopping\n"),
	}
}

// report counts the request, hands it to OnRequest, and ends Serve once
// Limit events were reported. Handshakes are shown but not counted: they
// are the provider checking the endpoint, not a delivery.
func (s *Server) report(ev *Event) {
	if ev.Handshake != "" {
		s.handshakes.Add(1)
		if s.cfg.OnRequest != nil {
			s.cfg.OnRequest(ev)
		}
		return
	}
	if s.requiresSignature() && (ev.Verification == nil || !ev.Verification.Valid) {
		s.failed.Add(1)
	}
	if s.cfg.OnRequest != nil {
		s.cfg.OnRequest(ev)
	}
	if n := s.reported.Add(1); s.cfg.Limit > 0 && int(n) >= s.cfg.Limit {
		s.finishOnce.Do(func() { close(s.finished) })
	}
}

func (s *Server) requiresSignature() bool {
	return s.cfg.Scheme != nil || s.cfg.Detect != nil
}

func (s *Server) inject(ev *Event) bool {
	f := s.cfg.Fail
	n := int(s.considered.Add(1))
	if n > f.First && (f.Rate <= 0 || f.Rand() >= f.Rate) {
		return false
	}
	ev.Injected = true
	ev.Answer = Answer{
		Status:  f.Status,
		Headers: webhook.NewHeaders("Content-Type", "text/plain; charset=utf-8"),
		Body:    []byte(fmt.Sprintf("hookctl: injected failure (%d %s)\n", f.Status, http.StatusText(f.Status))),
	}
	return true
}

func (s *Server) save(ev *Event) {
	if s.cfg.SaveDir == "" {
		return
	}
	ev.Saved, ev.SaveErr = webhook.WriteFile(s.cfg.SaveDir, ev.Request)
}

func (s *Server) sleep(ctx context.Context) {
	if s.cfg.Delay <= 0 {
		return
	}
	t := time.NewTimer(s.cfg.Delay)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
