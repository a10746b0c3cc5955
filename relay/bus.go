package relay

import (
	"context"
	"time"
)

// Bus connects relay instances that share one store, so that any instance
// can take a request for any channel. A single instance (memory or bbolt
// store) uses the in-process localBus, whose every method is free; the
// Redis one is in bus_redis.go.
type Bus interface {
	// Start begins taking requests routed here from other instances: h
	// handles each and returns the wire answer (a response message); poke
	// hears that a channel's queue grew elsewhere.
	Start(ctx context.Context, h BusHandler, poke func(channel string)) error
	// Present records that this instance gained (+1) or lost (-1) a client
	// of channel, so that other instances know where to route.
	Present(channel string, delta int)
	// Offer sends a live request to the other instances holding clients of
	// channel and returns where their answers will arrive and how many
	// instances took it (0: nobody holds a client elsewhere). cancel stops
	// listening for answers.
	Offer(ctx context.Context, channel, id string, frame []byte) (answers <-chan *Message, reached int, cancel func())
	// Poke tells the other instances holding clients of channel that a
	// request was stored, so that their drainer looks at once.
	Poke(ctx context.Context, channel string)
	// Lease takes or keeps the right to drain channel's stored requests,
	// so that one instance (the one with the first client) drains it.
	Lease(ctx context.Context, channel string) bool
	// Release gives the lease up when this instance has no client left.
	Release(channel string)
	// Recheck is how often a drainer looks at the queue without a poke
	// (pub/sub may lose one); 0 means pokes are never lost.
	Recheck() time.Duration
	// Err is non-nil while the shared store is unreachable: ingress then
	// answers 503 at once rather than accept what it cannot keep.
	Err() error
	// Close stops the bus.
	Close() error
}

// BusHandler delivers a request routed from another instance to this
// instance's clients of channel and returns the response message.
type BusHandler func(channel, id string, frame []byte) *Message

// localBus is the bus of a relay that runs alone: there is nobody else.
type localBus struct{}

func (localBus) Start(context.Context, BusHandler, func(string)) error { return nil }
func (localBus) Present(string, int)                                   {}
func (localBus) Offer(context.Context, string, string, []byte) (<-chan *Message, int, func()) {
	return nil, 0, func() {}
}
func (localBus) Poke(context.Context, string)       {}
func (localBus) Lease(context.Context, string) bool { return true }
func (localBus) Release(string)                     {}
func (localBus) Recheck() time.Duration             { return 0 }
func (localBus) Err() error                         { return nil }
func (localBus) Close() error                       { return nil }
