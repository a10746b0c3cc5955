package store

import (
	"context"
	"slices"
	"sort"
	"sync"
	"time"
)

// Memory is a Store held in memory: for tests and for a relay that may lose
// its queue on restart (--store memory).
type Memory struct {
	mu       sync.Mutex
	channels map[string]*memChannel
}

type memChannel struct {
	rec    Channel
	events []Event // sorted by Seq
	next   uint64
}

// NewMemory returns an empty in-memory store.
func NewMemory() *Memory {
	return &Memory{channels: map[string]*memChannel{}}
}

// CreateChannel implements Store.
func (m *Memory) CreateChannel(_ context.Context, c Channel) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.channels[c.Name]; ok {
		return ErrChannelExists
	}
	m.channels[c.Name] = &memChannel{rec: c}
	return nil
}

// Channel implements Store.
func (m *Memory) Channel(_ context.Context, name string) (Channel, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.channels[name]
	if !ok {
		return Channel{}, ErrNoChannel
	}
	return c.rec, nil
}

// Append implements Store.
func (m *Memory) Append(_ context.Context, channel string, ev Event, maxDepth int) (uint64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.channels[channel]
	if !ok {
		return 0, ErrNoChannel
	}
	if maxDepth > 0 && len(c.events) >= maxDepth {
		return 0, ErrQueueFull
	}
	c.next++
	ev.Seq = c.next
	ev.Data = append([]byte(nil), ev.Data...)
	c.events = append(c.events, ev)
	return ev.Seq, nil
}

// Pending implements Store.
func (m *Memory) Pending(_ context.Context, channel string, after uint64, limit int) ([]Event, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.channels[channel]
	if !ok {
		return nil, ErrNoChannel
	}
	i := sort.Search(len(c.events), func(i int) bool { return c.events[i].Seq > after })
	out := []Event{}
	for ; i < len(c.events) && (limit <= 0 || len(out) < limit); i++ {
		out = append(out, c.events[i])
	}
	return out, nil
}

// Ack implements Store.
func (m *Memory) Ack(_ context.Context, channel string, seqs ...uint64) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.channels[channel]
	if !ok {
		return ErrNoChannel
	}
	for _, seq := range seqs {
		i := sort.Search(len(c.events), func(i int) bool { return c.events[i].Seq >= seq })
		switch {
		case i >= len(c.events) || c.events[i].Seq != seq:
		case i == 0:
			// Acks come oldest first: dropping the head is O(1), where
			// shifting the whole queue would make a backlog's drain
			// quadratic.
			c.events[0] = Event{}
			c.events = c.events[1:]
		default:
			c.events = slices.Delete(c.events, i, i+1)
		}
	}
	return nil
}

// Depth implements Store.
func (m *Memory) Depth(_ context.Context, channel string) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.channels[channel]
	if !ok {
		return 0, ErrNoChannel
	}
	return len(c.events), nil
}

// Expire implements Store.
func (m *Memory) Expire(_ context.Context, before time.Time) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	n := 0
	for _, c := range m.channels {
		kept := c.events[:0]
		for _, ev := range c.events {
			if ev.Received.Before(before) {
				n++
				continue
			}
			kept = append(kept, ev)
		}
		c.events = kept
	}
	return n, nil
}

// Close implements Store.
func (m *Memory) Close() error { return nil }
