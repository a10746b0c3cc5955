package relay

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// RedisBusConfig configures a RedisBus.
type RedisBusConfig struct {
	// Client is the Redis connection, shared with the store.
	Client redis.UniversalClient
	// Prefix namespaces the bus's keys; use the store's prefix.
	Prefix string
	// PresenceTTL is how long an instance still counts as holding a
	// channel's clients, and as its drainer, after it stops refreshing
	// (it died). Default 6 s: the heartbeat refreshes presence every third
	// of it and the drainer its lease every second, and a dead instance's
	// stored requests wait this long for another instance to take over.
	PresenceTTL time.Duration
	// HealthEvery is how often Redis is pinged. Default 1 s.
	HealthEvery time.Duration
	// OnState, if set, hears when Redis becomes unreachable (err) and
	// when it is back (nil): once per change.
	OnState func(err error)
}

// RedisBus routes live requests and answers between relay instances through
// Redis pub/sub. Each instance subscribes to its own inbox; a sorted set
// per channel records which instances hold its clients (score: when that
// expires), refreshed by a heartbeat. A request taken by an instance
// without the client is published to the inboxes of those that have one;
// their answer comes back on the taker's inbox. PUBLISH says how many
// received it, so a dead instance costs no wait: its request is stored.
type RedisBus struct {
	cfg    RedisBusConfig
	id     string
	rdb    redis.UniversalClient
	ps     *redis.PubSub
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu    sync.Mutex
	here  map[string]int // channel → clients connected to this instance
	waits map[string]chan *Message
	down  error
}

// NewRedisBus returns a bus on cfg.Client; the server starts it.
func NewRedisBus(cfg RedisBusConfig) *RedisBus {
	if cfg.PresenceTTL <= 0 {
		cfg.PresenceTTL = 6 * time.Second
	}
	if cfg.HealthEvery <= 0 {
		cfg.HealthEvery = time.Second
	}
	if cfg.Prefix == "" {
		cfg.Prefix = "hookctl"
	}
	var b [8]byte
	_, _ = rand.Read(b[:])
	return &RedisBus{cfg: cfg, id: hex.EncodeToString(b[:]), rdb: cfg.Client,
		here: map[string]int{}, waits: map[string]chan *Message{}}
}

func (b *RedisBus) inbox(id string) string { return b.cfg.Prefix + ":inst:" + id }
func (b *RedisBus) where(ch string) string { return b.cfg.Prefix + ":{" + ch + "}:at" }
func (b *RedisBus) lease(ch string) string { return b.cfg.Prefix + ":{" + ch + "}:drainer" }
func (b *RedisBus) blob(id string) string  { return b.cfg.Prefix + ":blob:" + id }
func (b *RedisBus) expiry() float64        { return float64(time.Now().Add(b.cfg.PresenceTTL).UnixMilli()) }
func (b *RedisBus) Recheck() time.Duration { return time.Second }
func (b *RedisBus) short() (context.Context, context.CancelFunc) {
	return context.WithTimeout(context.Background(), 2*time.Second)
}

// envelope is what travels between instances. Frames larger than
// blobOver go through a key that expires after a minute, because Redis drops a
// pub/sub subscriber whose output buffer passes 32 MiB.
type envelope struct {
	T     string          `json:"t"` // "req", "ans" or "poke"
	Ch    string          `json:"ch,omitempty"`
	ID    string          `json:"id,omitempty"`
	From  string          `json:"from,omitempty"`
	Frame json.RawMessage `json:"frame,omitempty"`
	Blob  string          `json:"blob,omitempty"`
}

const blobOver = 256 << 10

// Start subscribes to this instance's inbox and starts the heartbeat.
func (b *RedisBus) Start(ctx context.Context, h BusHandler, poke func(string)) error {
	ctx, b.cancel = context.WithCancel(ctx)
	b.ps = b.rdb.Subscribe(ctx, b.inbox(b.id))
	ch := b.ps.Channel(redis.WithChannelSize(1024))
	b.wg.Add(2)
	go func() {
		defer b.wg.Done()
		for msg := range ch {
			b.receive(ctx, msg.Payload, h, poke)
		}
	}()
	go b.heartbeat(ctx)
	return nil
}

func (b *RedisBus) receive(ctx context.Context, payload string, h BusHandler, poke func(string)) {
	var e envelope
	if json.Unmarshal([]byte(payload), &e) != nil {
		return
	}
	switch e.T {
	case "poke":
		poke(e.Ch)
	case "ans":
		b.mu.Lock()
		w := b.waits[e.ID]
		b.mu.Unlock()
		if w == nil {
			return // the sender stopped waiting
		}
		m, err := Decode(b.unpack(ctx, &e))
		if err != nil {
			m = &Message{Type: TypeResponse, ID: e.ID, Message: "unreadable answer"}
		}
		select {
		case w <- m:
		default:
		}
	case "req":
		b.wg.Add(1)
		go func() {
			defer b.wg.Done()
			ans := &Message{Type: TypeResponse, ID: e.ID, Message: "the request did not reach this instance"}
			if frame := b.unpack(ctx, &e); len(frame) > 0 {
				ans = h(e.Ch, e.ID, frame)
			}
			data, err := Encode(ans)
			if err != nil {
				return
			}
			out := envelope{T: "ans", ID: e.ID}
			if b.pack(ctx, &out, data, "ans."+e.ID) == nil {
				payload, _ := json.Marshal(out)
				b.rdb.Publish(ctx, b.inbox(e.From), payload)
			}
		}()
	}
}
