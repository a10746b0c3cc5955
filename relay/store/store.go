// Package store is the relay's durable queue: per channel, the requests
// waiting for a client, in arrival order, and the channel's token hash. The
// interface is small so that other backends (Redis, for several relay
// instances) can implement it; storetest holds the suite every one must pass.
package store

import (
	"context"
	"errors"
	"time"
)

// Errors a Store returns; callers test them with errors.Is.
var (
	ErrNoChannel     = errors.New("no such channel")
	ErrChannelExists = errors.New("channel already exists")
	ErrQueueFull     = errors.New("channel queue is full")
)

// Channel is a channel's record. The token itself is never stored.
type Channel struct {
	Name string
	// TokenHash is the SHA-256 of the channel's token.
	TokenHash [32]byte
	Created   time.Time
}

// Event is one stored request.
type Event struct {
	// Seq orders events within a channel; it only grows.
	Seq uint64
	// ID is the request's capture id, which the client uses to drop duplicates.
	ID       string
	Received time.Time
	// Data is the request in fixture form, byte for byte as appended.
	Data []byte
}

// Store keeps channels and their queued events. Every method is safe for
// concurrent use. Append must have made the event durable when it returns,
// because the relay then answers 202 to the sender.
type Store interface {
	// CreateChannel records a new channel, or returns ErrChannelExists.
	CreateChannel(ctx context.Context, c Channel) error
	// Channel returns a channel's record, or ErrNoChannel.
	Channel(ctx context.Context, name string) (Channel, error)
	// Append queues ev on the channel and returns its sequence number. It
	// returns ErrQueueFull when maxDepth (if > 0) events are already queued.
	Append(ctx context.Context, channel string, ev Event, maxDepth int) (uint64, error)
	// Pending lists up to limit queued events with Seq > after, oldest first.
	Pending(ctx context.Context, channel string, after uint64, limit int) ([]Event, error)
	// Ack deletes the events with the given sequence numbers, all in one
	// write (one transaction, one fsync, one round trip), so a client
	// catching up on a backlog does not pay a disk sync per event. Deleting
	// one already gone is not an error.
	Ack(ctx context.Context, channel string, seqs ...uint64) error
	// Depth is how many events wait on the channel.
	Depth(ctx context.Context, channel string) (int, error)
	// Expire deletes events received before the cutoff, on every channel,
	// and returns how many it deleted.
	Expire(ctx context.Context, before time.Time) (int, error)
	// Close flushes and releases the store.
	Close() error
}
