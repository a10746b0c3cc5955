package relay

import (
	"context"
	"time"
)

// deliverLive hands a live request to the app and sends the answer back
// for the waiting sender. With no answer, the relay queues the request and
// it comes back as a stored one.
func (s *csession) deliverLive(ctx context.Context, m *Message) {
	done, busy := s.c.seen.begin(m.ID)
	if done || busy != nil {
		s.send(&Message{Type: TypeResponse, ID: m.ID, Message: "already delivered"})
		return
	}
	resp, err := s.c.cfg.Handler(s.handlerCtx(ctx, m), m.Req)
	s.c.seen.end(m.ID, err == nil)
	s.c.cfg.Visitor.delivered(Delivery{Request: m.Req, Fixture: m.Request, Response: resp, Err: err})
	if err != nil {
		s.send(&Message{Type: TypeResponse, ID: m.ID, Message: err.Error()})
		return
	}
	s.send(&Message{Type: TypeResponse, ID: m.ID, Response: NewAnswer(resp)})
}

func (s *csession) handlerCtx(ctx context.Context, m *Message) context.Context {
	if m.Forwarded != nil {
		return WithForwarded(ctx, *m.Forwarded)
	}
	return ctx
}

// storedWorker delivers stored requests one at a time, in the order the
// relay sends them, and acks each once the app has answered (any status).
// While the app is unreachable it retries the same request with backoff,
// so later ones never overtake it. With CatchUpConcurrency > 1 several
// workers share the queue, and that order is given up for speed.
func (s *csession) storedWorker(ctx context.Context) {
	for {
		select {
		case <-s.done:
			return
		case m := <-s.stored:
			if !s.deliverStored(ctx, m) {
				return
			}
			s.send(&Message{Type: TypeAck, ID: m.ID, Seq: m.Seq})
		}
	}
}

// deliverStored reports whether m was delivered (now or before).
func (s *csession) deliverStored(ctx context.Context, m *Message) bool {
	for attempt := 1; ; attempt++ {
		done, busy := s.c.seen.begin(m.ID)
		if busy != nil {
			select { // a live delivery of the same request is running
			case <-busy:
				continue
			case <-s.done:
				return false
			}
		}
		if done {
			s.c.cfg.Visitor.delivered(Delivery{Request: m.Req, Fixture: m.Request, Stored: true, Duplicate: true})
			return true
		}
		resp, err := s.c.cfg.Handler(s.handlerCtx(ctx, m), m.Req)
		s.c.seen.end(m.ID, err == nil)
		d := Delivery{Request: m.Req, Fixture: m.Request, Response: resp, Err: err, Stored: true}
		if err == nil {
			s.c.cfg.Visitor.delivered(d)
			return true
		}
		d.RetryIn = s.c.cfg.Backoff.Wait(attempt)
		s.c.cfg.Visitor.delivered(d)
		t := time.NewTimer(d.RetryIn)
		select {
		case <-t.C:
		case <-s.done:
			t.Stop()
			return false
		}
	}
}
