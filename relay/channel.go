package relay

import (
	"slices"
	"sync"
	"sync/atomic"
)

// channel is the live state of one channel on this relay: its connected
// clients and the senders waiting for an answer. Its queue is in the store.
type channel struct {
	name string
	// wake tells the drainer to look at the queue again (new event, ack).
	wake chan struct{}
	// acks carries clients' acks to the drainer, which deletes each batch
	// in one store write. A reader finding it full deletes inline.
	acks chan uint64
	// acked counts acks since the drainer last reported catching up.
	acked atomic.Int64

	mu       sync.Mutex
	clients  []*sconn // in connect order: clients[0] gets stored requests
	waiters  map[string]*waiter
	draining bool
}

func (s *Server) channel(name string) *channel {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch, ok := s.channels[name]
	if !ok {
		ch = &channel{name: name, wake: make(chan struct{}, 1), acks: make(chan uint64, 2*s.cfg.Window), waiters: map[string]*waiter{}}
		s.channels[name] = ch
	}
	return ch
}

func (ch *channel) poke() {
	select {
	case ch.wake <- struct{}{}:
	default:
	}
}

// takeAcks appends every ack waiting on the channel to seqs.
func (ch *channel) takeAcks(seqs []uint64) []uint64 {
	for {
		select {
		case seq := <-ch.acks:
			seqs = append(seqs, seq)
		default:
			return seqs
		}
	}
}

func (ch *channel) snapshot() []*sconn {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	return append([]*sconn(nil), ch.clients...)
}

func (ch *channel) primary() *sconn {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	if len(ch.clients) == 0 {
		ch.draining = false
		return nil
	}
	return ch.clients[0]
}

// add registers a client and reports whether a drainer must be started.
func (ch *channel) add(c *sconn) (startDrainer bool) {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	ch.clients = append(ch.clients, c)
	if ch.draining {
		return false
	}
	ch.draining = true
	return true
}

// remove unregisters a client, and tells every sender still waiting on it
// that no answer will come from there, so they need not wait out the timeout.
func (ch *channel) remove(c *sconn) {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	for i, x := range ch.clients {
		if x == c {
			ch.clients = append(ch.clients[:i], ch.clients[i+1:]...)
			break
		}
	}
	for id, w := range ch.waiters {
		w.settle(c, &Message{Type: TypeResponse, ID: id, Message: "client disconnected"})
	}
}

// waiter is a sender waiting for a live answer from the clients offered
// the request. Each client settles it at most once: with its answer, with
// its failure, or by going away.
type waiter struct {
	answers chan *Message
	pending map[*sconn]bool // guarded by the channel's mu
}

func (w *waiter) settle(c *sconn, m *Message) {
	if !w.pending[c] {
		return
	}
	delete(w.pending, c)
	w.answers <- m // buffered for one message per client
}

// wait registers a sender waiting for answers to request id from clients.
// It is registered before the request is sent, so no answer can beat it.
func (ch *channel) wait(id string, clients []*sconn) *waiter {
	w := &waiter{answers: make(chan *Message, len(clients)), pending: map[*sconn]bool{}}
	ch.mu.Lock()
	defer ch.mu.Unlock()
	for _, c := range clients {
		w.pending[c] = true
	}
	ch.waiters[id] = w
	for _, c := range clients {
		if !slices.Contains(ch.clients, c) { // left since the snapshot
			w.settle(c, &Message{Type: TypeResponse, ID: id, Message: "client gone"})
		}
	}
	return w
}

// settle records client c's outcome for a waiting sender, if one waits.
func (ch *channel) settle(c *sconn, m *Message) {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	if w, ok := ch.waiters[m.ID]; ok {
		w.settle(c, m)
	}
}

func (ch *channel) unwait(id string) {
	ch.mu.Lock()
	delete(ch.waiters, id)
	ch.mu.Unlock()
}
