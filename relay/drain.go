package relay

import (
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/hookctl/hookctl/relay/store"
)

// drain sends a channel's stored requests, oldest first, to its first
// connected client, keeping at most Window unacknowledged, until no client
// is left. Another client becoming first starts again from the oldest
// unacknowledged request: delivery is at least once, and the client drops
// duplicates by id. With several instances, only the one holding the
// bus's lease drains (the first to have a client), so stored requests go
// to one client in order.
func (s *Server) drain(ch *channel) {
	defer s.wg.Done()
	defer s.bus.Release(ch.name)
	var current *sconn
	var sent uint64               // highest seq sent to current
	inflight := map[uint64]bool{} // sent to current, not yet acknowledged
	restart := func() { sent = 0; clear(inflight) }
	leased := false
	acks := make([]uint64, 0, 2*s.cfg.Window)
	defer func() { s.ack(ch, ch.takeAcks(acks[:0])) }()
	for {
		// Acks first: they free room in the window.
		if acks = ch.takeAcks(acks); len(acks) > 0 {
			for _, seq := range acks {
				delete(inflight, seq)
			}
			if !s.ack(ch, acks) {
				// Not deleted (a store blip): send again from the oldest,
				// so the queue still empties; the client drops repeats.
				restart()
			}
			acks = acks[:0]
		}
		c := ch.primary()
		if c == nil {
			return
		}
		if c != current {
			current = c
			restart()
		}
		if !s.bus.Lease(s.ctx, ch.name) {
			leased = false // another instance drains; on taking over, start again
			restart()
			if !s.pause(ch, c, s.bus.Recheck()) {
				return
			}
			continue
		}
		if !leased {
			leased = true
			restart()
		}
		// Only what the client has not been sent: reading the whole window
		// again after every ack cost a copy of each request per ack.
		var evs []store.Event
		if room := s.cfg.Window - len(inflight); room > 0 {
			var err error
			if evs, err = s.store.Pending(s.ctx, ch.name, sent, room); err != nil {
				// The store failed (a Redis blip, say): try again shortly
				// rather than leave the channel without a drainer.
				select {
				case <-time.After(time.Second):
					continue
				case <-s.ctx.Done():
					return
				}
			}
		}
		for _, ev := range evs {
			frame, err := storedFrame(ev)
			if err != nil {
				// A record that does not decode can never be delivered.
				_ = s.store.Ack(s.ctx, ch.name, ev.Seq)
				s.metrics.dropped.Add(1)
				sent = ev.Seq
				continue
			}
			if !c.sendWait(frame) {
				break
			}
			sent = ev.Seq
			inflight[ev.Seq] = true
		}
		if len(evs) == 0 && len(inflight) == 0 {
			if n := ch.acked.Swap(0); n > 0 {
				if frame, err := Encode(&Message{Type: TypeCaughtUp, Count: int(n)}); err == nil {
					c.trySend(frame)
				}
			}
		}
		var recheck <-chan time.Time
		if d := s.bus.Recheck(); d > 0 {
			recheck = time.After(d) // a poke from another instance may be lost
		}
		select {
		case <-ch.wake:
		case seq := <-ch.acks:
			acks = append(acks, seq)
		case <-c.done:
		case <-recheck:
		case <-s.ctx.Done():
			return
		}
	}
}

// pause waits d (at least a moment) unless an ack arrives (it is deleted;
// the drainer has restarted, so nothing waits on it) or the client or the
// server ends first; false means the server is closing.
func (s *Server) pause(ch *channel, c *sconn, d time.Duration) bool {
	t := time.NewTimer(max(d, 100*time.Millisecond))
	defer t.Stop()
	select {
	case <-t.C:
	case seq := <-ch.acks:
		s.ack(ch, []uint64{seq})
	case <-c.done:
	case <-s.ctx.Done():
		return false
	}
	return true
}

// ack deletes a batch of acknowledged stored requests in one store write,
// and reports whether it could. They are counted before the delete, so a
// drainer that finds the queue empty has every ack in its caught-up count.
func (s *Server) ack(ch *channel, seqs []uint64) bool {
	if len(seqs) == 0 {
		return true
	}
	n := int64(len(seqs))
	ch.acked.Add(n)
	if s.store.Ack(s.ctx, ch.name, seqs...) != nil {
		ch.acked.Add(-n)
		return false
	}
	s.metrics.acked.Add(n)
	return true
}

// storedBody is what the store keeps for a request: the request message's
// own fields (id, forwarded, request), so that a stored frame is built by
// splicing in the type, seq and stored flag without re-encoding the body.
func storedBody(m *Message) ([]byte, error) {
	return json.Marshal(struct {
		ID        string          `json:"id"`
		Forwarded *Forwarded      `json:"forwarded,omitempty"`
		Request   json.RawMessage `json:"request"`
	}{m.ID, m.Forwarded, m.Request})
}

func storedFrame(ev store.Event) ([]byte, error) {
	if len(ev.Data) < 2 || ev.Data[0] != '{' {
		return nil, errors.New("damaged stored request")
	}
	head := fmt.Sprintf(`{"type":%q,"seq":%d,"stored":true,`, TypeRequest, ev.Seq)
	return append([]byte(head), ev.Data[1:]...), nil
}
