package relay

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// peers lists the other instances holding clients of channel now.
func (b *RedisBus) peers(ctx context.Context, channel string) []string {
	ids, err := b.rdb.ZRangeByScore(ctx, b.where(channel), &redis.ZRangeBy{
		Min: strconv.FormatInt(time.Now().UnixMilli(), 10), Max: "+inf"}).Result()
	if err != nil {
		return nil
	}
	out := ids[:0]
	for _, id := range ids {
		if id != b.id {
			out = append(out, id)
		}
	}
	return out
}

// Offer publishes a live request to the instances holding channel's clients.
func (b *RedisBus) Offer(ctx context.Context, channel, id string, frame []byte) (<-chan *Message, int, func()) {
	peers := b.peers(ctx, channel)
	if len(peers) == 0 {
		return nil, 0, func() {}
	}
	answers := make(chan *Message, len(peers))
	b.mu.Lock()
	b.waits[id] = answers
	b.mu.Unlock()
	cancel := func() {
		b.mu.Lock()
		delete(b.waits, id)
		b.mu.Unlock()
	}
	e := envelope{T: "req", Ch: channel, ID: id, From: b.id}
	if b.pack(ctx, &e, frame, "req."+id) != nil {
		cancel()
		return nil, 0, func() {}
	}
	payload, _ := json.Marshal(e)
	reached := 0
	for _, p := range peers {
		if n, err := b.rdb.Publish(ctx, b.inbox(p), payload).Result(); err == nil {
			reached += int(n)
		}
	}
	return answers, reached, cancel
}

// pack puts frame in e, or in a key named after name when it is too big
// for a pub/sub message.
func (b *RedisBus) pack(ctx context.Context, e *envelope, frame []byte, name string) error {
	if len(frame) <= blobOver {
		e.Frame = frame
		return nil
	}
	e.Blob = name + "." + b.id
	return b.rdb.Set(ctx, b.blob(e.Blob), frame, time.Minute).Err()
}

// unpack returns the frame e carries, fetching it from its key if need be.
func (b *RedisBus) unpack(ctx context.Context, e *envelope) []byte {
	if e.Blob == "" {
		return e.Frame
	}
	frame, _ := b.rdb.Get(ctx, b.blob(e.Blob)).Bytes()
	return frame
}

// Poke tells the instances holding channel's clients that it has news.
func (b *RedisBus) Poke(ctx context.Context, channel string) {
	payload, _ := json.Marshal(envelope{T: "poke", Ch: channel})
	for _, p := range b.peers(ctx, channel) {
		b.rdb.Publish(ctx, b.inbox(p), payload)
	}
}
