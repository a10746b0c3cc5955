package relay

import "time"

// live offers a request to every connected client, on this instance and,
// through the bus, on the others, and returns the first answer; or nil
// when it must be queued instead: no client, older requests still queued
// (they go first, to keep arrival order), or no answer within
// ResponseTimeout.
func (s *Server) live(ch *channel, m *Message) *Answer {
	clients := ch.snapshot()
	if len(clients) == 0 && s.alone {
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
	remote, reached, cancel := s.bus.Offer(s.ctx, ch.name, m.ID, frame)
	defer cancel()
	return s.firstAnswer(w.answers, remote, len(clients)+reached)
}

// firstAnswer waits for the first answer among n expected from local
// clients and other instances, up to ResponseTimeout.
func (s *Server) firstAnswer(local, remote <-chan *Message, n int) *Answer {
	timer := time.NewTimer(s.cfg.ResponseTimeout)
	defer timer.Stop()
	for failed := 0; failed < n; failed++ {
		var a *Message
		select {
		case a = <-local:
		case a = <-remote:
		case <-timer.C:
			return nil
		case <-s.ctx.Done():
			return nil
		}
		if a.Response != nil {
			return a.Response
		}
		// That client could not reach its app; another may.
	}
	return nil
}

// fromPeer delivers a request another instance routed here to this
// instance's clients of the channel, and returns their first answer as a
// response message. It does not queue: the instance that took the request
// does that if no answer comes.
func (s *Server) fromPeer(name, id string, frame []byte) *Message {
	fail := &Message{Type: TypeResponse, ID: id, Message: "no answer from the clients on this instance"}
	ch := s.existing(name)
	if ch == nil || s.ctx.Err() != nil {
		return fail
	}
	clients := ch.snapshot()
	if len(clients) == 0 {
		return fail
	}
	w := ch.wait(id, clients)
	defer ch.unwait(id)
	for _, c := range clients {
		if !c.trySend(frame) {
			ch.settle(c, &Message{Type: TypeResponse, ID: id, Message: "client gone"})
		}
	}
	if a := s.firstAnswer(w.answers, nil, len(clients)); a != nil {
		return &Message{Type: TypeResponse, ID: id, Response: a}
	}
	return fail
}

// existing returns the channel's live state if this instance has any.
func (s *Server) existing(name string) *channel {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.channels[name]
}

// pokeLocal wakes this instance's drainer of a channel queued elsewhere.
func (s *Server) pokeLocal(name string) {
	if ch := s.existing(name); ch != nil {
		ch.poke()
	}
}
