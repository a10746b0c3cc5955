package relay

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"
)

// Present records this instance as holding clients of channel while it
// has any; the heartbeat keeps the record fresh.
func (b *RedisBus) Present(channel string, delta int) {
	b.mu.Lock()
	n := b.here[channel] + delta
	if n <= 0 {
		delete(b.here, channel)
	} else {
		b.here[channel] = n
	}
	b.mu.Unlock()
	ctx, cancel := b.short()
	defer cancel()
	switch {
	case n <= 0:
		b.rdb.ZRem(ctx, b.where(channel), b.id)
	case n == delta: // the first client here
		b.rdb.ZAdd(ctx, b.where(channel), redis.Z{Score: b.expiry(), Member: b.id})
	}
}

// leaseScript takes the drain lease if free, or extends it if ours.
var leaseScript = redis.NewScript(`
local v = redis.call('GET', KEYS[1])
if v == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
if not v then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
return 0
`)

var releaseScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`)

// Lease takes or extends channel's drain lease for PresenceTTL.
func (b *RedisBus) Lease(ctx context.Context, channel string) bool {
	n, err := leaseScript.Run(ctx, b.rdb, []string{b.lease(channel)}, b.id, b.cfg.PresenceTTL.Milliseconds()).Int()
	return err == nil && n == 1
}

// Release gives channel's drain lease up, if this instance holds it.
func (b *RedisBus) Release(channel string) {
	ctx, cancel := b.short()
	defer cancel()
	releaseScript.Run(ctx, b.rdb, []string{b.lease(channel)}, b.id)
}

// heartbeat pings Redis, reports it going away and coming back (once
// each), and refreshes this instance's presence records.
func (b *RedisBus) heartbeat(ctx context.Context) {
	defer b.wg.Done()
	t := time.NewTicker(b.cfg.HealthEvery)
	defer t.Stop()
	var refreshed time.Time
	for {
		pctx, cancel := context.WithTimeout(ctx, b.cfg.HealthEvery)
		err := b.rdb.Ping(pctx).Err()
		cancel()
		if ctx.Err() != nil {
			return
		}
		if b.setState(err) {
			refreshed = time.Time{} // Redis may have lost the records
		}
		if err == nil && time.Since(refreshed) > b.cfg.PresenceTTL/3 {
			b.refresh(ctx)
			refreshed = time.Now()
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// setState records whether Redis answers and reports a change.
func (b *RedisBus) setState(err error) (changed bool) {
	b.mu.Lock()
	changed = (b.down == nil) != (err == nil)
	b.down = err
	b.mu.Unlock()
	if changed && b.cfg.OnState != nil {
		b.cfg.OnState(err)
	}
	return changed
}

func (b *RedisBus) refresh(ctx context.Context) {
	b.mu.Lock()
	chans := make([]string, 0, len(b.here))
	for ch := range b.here {
		chans = append(chans, ch)
	}
	b.mu.Unlock()
	stale := "(" + strconv.FormatInt(time.Now().UnixMilli(), 10)
	_, _ = b.rdb.Pipelined(ctx, func(p redis.Pipeliner) error {
		for _, ch := range chans {
			p.ZAdd(ctx, b.where(ch), redis.Z{Score: b.expiry(), Member: b.id})
			p.ZRemRangeByScore(ctx, b.where(ch), "-inf", stale)
		}
		return nil
	})
}

// Err is non-nil while Redis does not answer.
func (b *RedisBus) Err() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.down
}

// Close stops the heartbeat and the inbox. It leaves the presence records
// to expire, as a crash would, since they cost nothing while no one
// answers there: PUBLISH to a dead inbox reaches nobody.
func (b *RedisBus) Close() error {
	if b.cancel == nil {
		return nil
	}
	b.cancel()
	err := b.ps.Close()
	b.wg.Wait()
	if errors.Is(err, redis.ErrClosed) {
		return nil
	}
	return err
}
