package relay

import "time"

// live offers a request to every connected client and returns the first
// answer, or nil when it must be queued instead: no client, older requests
// still queued (they go first, to keep arrival order), or no answer within
// ResponseTimeout.
func (s *Server) live(ch *channel, m *Message) *Answer {
	clients := ch.snapshot()
	if len(clients) == 0 {
		return nil
	}
	if depth, err := s.store.Depth(s.ctx, ch.name); err != nil || depth > 0 {
		return nil
	}
	frame, err := Encode(m)
	if err != nil {
		return nil
	}
	w := ch.wait(m.ID, clients)
	defer ch.unwait(m.ID)
	for _, c := range clients {
		if !c.trySend(frame) {
			ch.settle(c, &Message{Type: TypeResponse, ID: m.ID, Message: "client gone"})
		}
	}
	timer := time.NewTimer(s.cfg.ResponseTimeout)
	defer timer.Stop()
	for failed := 0; failed < len(clients); {
		select {
		case a := <-w.answers:
			if a.Response != nil {
				return a.Response
			}
			failed++ // that client could not reach its app; another may
		case <-timer.C:
			return nil
		case <-s.ctx.Done():
			return nil
		}
	}
	return nil
}
