package store

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// Redis keeps channels and queues in Redis, so several relay instances can
// share them. Each channel's queue is a Stream whose entry ids are the
// events' receive times (ms-n), which lets Expire trim with XTRIM MINID and
// keeps arrival order across instances. All keys of one channel share a hash
// tag, so the store also works on a Redis Cluster.
//
// Durability is Redis's: run it with appendonly yes (and appendfsync always
// where a lost second of 202-acknowledged events on a power cut matters).
type Redis struct {
	rdb    redis.UniversalClient
	prefix string
}

// OpenRedis connects to the Redis named by a redis:// or rediss:// URL and
// checks that it answers. prefix namespaces every key ("hookctl" if empty).
func OpenRedis(ctx context.Context, url, prefix string) (*Redis, error) {
	opts, err := redis.ParseURL(url)
	if err != nil {
		return nil, fmt.Errorf("redis store %q: %v (want redis://[user:pass@]host:port/db or rediss://…)", redactURL(url), err)
	}
	if prefix == "" {
		prefix = "hookctl"
	}
	quietRedis()
	r := &Redis{rdb: redis.NewClient(opts), prefix: prefix}
	if err := r.rdb.Ping(ctx).Err(); err != nil {
		r.rdb.Close()
		return nil, fmt.Errorf("redis store at %s does not answer: %v", opts.Addr, err)
	}
	return r, nil
}

// quietLogger drops go-redis's own log lines (dial retries and the like):
// the relay reports a lost Redis once, in its own words.
type quietLogger struct{}

func (quietLogger) Printf(context.Context, string, ...any) {}

var quietRedis = sync.OnceFunc(func() { redis.SetLogger(quietLogger{}) })

// Client exposes the connection, for the relay's cross-instance routing.
func (r *Redis) Client() redis.UniversalClient { return r.rdb }

func redactURL(u string) string {
	if at := strings.LastIndex(u, "@"); at >= 0 {
		if scheme := strings.Index(u, "://"); scheme >= 0 && scheme < at {
			return u[:scheme+3] + "…@" + u[at+1:]
		}
	}
	return u
}

func (r *Redis) meta(ch string) string  { return r.prefix + ":{" + ch + "}:meta" }
func (r *Redis) queue(ch string) string { return r.prefix + ":{" + ch + "}:q" }
func (r *Redis) last(ch string) string  { return r.prefix + ":{" + ch + "}:last" }
func (r *Redis) channels() string       { return r.prefix + ":channels" }

// CreateChannel records a new channel, or returns ErrChannelExists.
func (r *Redis) CreateChannel(ctx context.Context, c Channel) error {
	created, err := r.rdb.HSetNX(ctx, r.meta(c.Name), "token_hash", hex.EncodeToString(c.TokenHash[:])).Result()
	if err != nil {
		return err
	}
	if !created {
		return ErrChannelExists
	}
	if err := r.rdb.HSet(ctx, r.meta(c.Name), "created", c.Created.UnixNano()).Err(); err != nil {
		return err
	}
	return r.rdb.SAdd(ctx, r.channels(), c.Name).Err()
}

// Channel returns a channel's record, or ErrNoChannel.
func (r *Redis) Channel(ctx context.Context, name string) (Channel, error) {
	m, err := r.rdb.HGetAll(ctx, r.meta(name)).Result()
	if err != nil {
		return Channel{}, err
	}
	if m["token_hash"] == "" {
		return Channel{}, ErrNoChannel
	}
	c := Channel{Name: name}
	h, err := hex.DecodeString(m["token_hash"])
	if err != nil || len(h) != len(c.TokenHash) {
		return Channel{}, fmt.Errorf("channel %s: corrupt token hash in redis", name)
	}
	copy(c.TokenHash[:], h)
	if ns, err := strconv.ParseInt(m["created"], 10, 64); err == nil {
		c.Created = time.Unix(0, ns)
	}
	return c, nil
}

// appendScript adds an event unless the queue is full. The entry id's time
// part is the receive time, held back to the channel's last one so ids
// always grow even when instances' clocks differ a little.
var appendScript = redis.NewScript(`
if redis.call('EXISTS', KEYS[1]) == 0 then return -1 end
local max = tonumber(ARGV[1])
if max > 0 and redis.call('XLEN', KEYS[2]) >= max then return -2 end
local ms = tonumber(ARGV[2])
local last = tonumber(redis.call('GET', KEYS[3]) or '0')
if ms < last then ms = last end
redis.call('SET', KEYS[3], ms)
return redis.call('XADD', KEYS[2], ms .. '-*', 'id', ARGV[3], 'recv', ARGV[4], 'data', ARGV[5])
`)

// Append queues ev and returns its sequence number.
func (r *Redis) Append(ctx context.Context, channel string, ev Event, maxDepth int) (uint64, error) {
	res, err := appendScript.Run(ctx, r.rdb, []string{r.meta(channel), r.queue(channel), r.last(channel)},
		maxDepth, ev.Received.UnixMilli(), ev.ID, ev.Received.UnixNano(), ev.Data).Result()
	if err != nil {
		return 0, err
	}
	switch v := res.(type) {
	case int64:
		if v == -1 {
			return 0, ErrNoChannel
		}
		return 0, ErrQueueFull
	case string:
		return seqOf(v)
	}
	return 0, fmt.Errorf("redis store: unexpected reply %T to append", res)
}

// Sequence numbers pack a stream id "ms-n" into 64 bits: 44 bits of
// milliseconds (until the year 2527) and 20 bits of n, more events than
// arrive in one millisecond.
const seqBits = 20

func seqOf(id string) (uint64, error) {
	msPart, nPart, ok := strings.Cut(id, "-")
	ms, err1 := strconv.ParseUint(msPart, 10, 64)
	n, err2 := strconv.ParseUint(nPart, 10, 64)
	if !ok || err1 != nil || err2 != nil || n >= 1<<seqBits {
		return 0, fmt.Errorf("redis store: stream id %q out of range", id)
	}
	return ms<<seqBits | n, nil
}

func idOf(seq uint64) string {
	return fmt.Sprintf("%d-%d", seq>>seqBits, seq&(1<<seqBits-1))
}

// exists returns ErrNoChannel for an unknown channel.
func (r *Redis) exists(ctx context.Context, channel string) error {
	n, err := r.rdb.Exists(ctx, r.meta(channel)).Result()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrNoChannel
	}
	return nil
}

// Pending lists up to limit queued events with Seq > after, oldest first.
func (r *Redis) Pending(ctx context.Context, channel string, after uint64, limit int) ([]Event, error) {
	if err := r.exists(ctx, channel); err != nil {
		return nil, err
	}
	start := "-"
	if after > 0 {
		start = "(" + idOf(after)
	}
	var msgs []redis.XMessage
	var err error
	if limit > 0 {
		msgs, err = r.rdb.XRangeN(ctx, r.queue(channel), start, "+", int64(limit)).Result()
	} else {
		msgs, err = r.rdb.XRange(ctx, r.queue(channel), start, "+").Result()
	}
	if err != nil {
		return nil, err
	}
	out := make([]Event, 0, len(msgs))
	for _, m := range msgs {
		ev, err := eventOf(m)
		if err != nil {
			return nil, err
		}
		out = append(out, ev)
	}
	return out, nil
}

func eventOf(m redis.XMessage) (Event, error) {
	seq, err := seqOf(m.ID)
	if err != nil {
		return Event{}, err
	}
	id, _ := m.Values["id"].(string)
	data, _ := m.Values["data"].(string)
	recv, _ := m.Values["recv"].(string)
	ns, err := strconv.ParseInt(recv, 10, 64)
	if err != nil {
		return Event{}, fmt.Errorf("redis store: entry %s has no receive time", m.ID)
	}
	return Event{Seq: seq, ID: id, Received: time.Unix(0, ns), Data: []byte(data)}, nil
}

// Ack deletes events with one XDEL; deleting one already gone is not an
// error.
func (r *Redis) Ack(ctx context.Context, channel string, seqs ...uint64) error {
	if len(seqs) == 0 {
		return nil
	}
	ids := make([]string, len(seqs))
	for i, seq := range seqs {
		ids[i] = idOf(seq)
	}
	return r.rdb.XDel(ctx, r.queue(channel), ids...).Err()
}

// Depth is how many events wait on the channel. The relay asks it for
// every live request, so both questions go in one round trip.
func (r *Redis) Depth(ctx context.Context, channel string) (int, error) {
	var exists *redis.IntCmd
	var n *redis.IntCmd
	_, err := r.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		exists = p.Exists(ctx, r.meta(channel))
		n = p.XLen(ctx, r.queue(channel))
		return nil
	})
	if err != nil {
		return 0, err
	}
	if exists.Val() == 0 {
		return 0, ErrNoChannel
	}
	return int(n.Val()), nil
}

// Expire trims every channel's queue of events received before the cutoff.
func (r *Redis) Expire(ctx context.Context, before time.Time) (int, error) {
	total := 0
	iter := r.rdb.SScan(ctx, r.channels(), 0, "", 256).Iterator()
	for iter.Next(ctx) {
		n, err := r.rdb.XTrimMinID(ctx, r.queue(iter.Val()), strconv.FormatInt(before.UnixMilli(), 10)).Result()
		if err != nil {
			return total, err
		}
		total += int(n)
	}
	return total, iter.Err()
}

// Close releases the connection pool.
func (r *Redis) Close() error {
	err := r.rdb.Close()
	if errors.Is(err, redis.ErrClosed) {
		return nil
	}
	return err
}

// Prefix is the namespace of the store's keys, for the relay's bus to share.
func (r *Redis) Prefix() string { return r.prefix }

// RedactURL returns a redis:// URL with any user and password replaced by
// "…", for logs and messages.
func RedactURL(u string) string { return redactURL(u) }

// DurabilityWarning says what a Redis restart would lose under the server's
// persistence settings, or "" when it appends every write to its log (or
// does not let us ask, as a managed Redis may not).
func (r *Redis) DurabilityWarning(ctx context.Context) string {
	v, err := r.rdb.ConfigGet(ctx, "appendonly").Result()
	if err != nil || v["appendonly"] != "no" {
		return ""
	}
	return "Redis runs with appendonly no: requests answered 202 since its last snapshot are lost if it restarts; set appendonly yes (and appendfsync always)"
}
