package relay

import "sync"

// seenSet remembers the last n delivered request ids, forgetting the
// oldest first, so redelivered requests (at-least-once) reach the app once.
// It also tracks ids being delivered right now, so a stored copy of a live
// request still in progress waits for it instead of delivering twice.
type seenSet struct {
	mu       sync.Mutex
	ids      map[string]bool
	order    []string
	next     int
	inflight map[string]chan struct{}
}

func newSeenSet(n int) *seenSet {
	return &seenSet{ids: map[string]bool{}, order: make([]string, n), inflight: map[string]chan struct{}{}}
}

// begin claims id for delivery. It returns done=true if id was delivered
// already, or a channel to wait on if another delivery of id is running.
func (s *seenSet) begin(id string) (done bool, busy chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ids[id] {
		return true, nil
	}
	if ch, ok := s.inflight[id]; ok {
		return false, ch
	}
	s.inflight[id] = make(chan struct{})
	return false, nil
}

// end releases id; delivered records it as delivered.
func (s *seenSet) end(id string, delivered bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if ch, ok := s.inflight[id]; ok {
		close(ch)
		delete(s.inflight, id)
	}
	if !delivered || s.ids[id] {
		return
	}
	if old := s.order[s.next]; old != "" {
		delete(s.ids, old)
	}
	s.order[s.next] = id
	s.next = (s.next + 1) % len(s.order)
	s.ids[id] = true
}
