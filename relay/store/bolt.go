package store

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Bolt is the embedded on-disk Store: one bbolt file that survives a
// restart. bbolt was chosen over SQLite because it is pure Go (no cgo, so
// the release stays a static binary), a single file, and commits with an
// fsync before Update returns, which is exactly what answering 202 needs.
type Bolt struct {
	db *bolt.DB
}

var (
	bucketChannels = []byte("channels") // name → tokenHash(32) created(8)
	bucketQueues   = []byte("queues")   // name → bucket of seq(8) → event
	bucketDepth    = []byte("depth")    // name → count(8)
)

// OpenBolt opens (creating if needed) the store file at path.
func OpenBolt(path string) (*Bolt, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 2 * time.Second})
	if errors.Is(err, bolt.ErrTimeout) {
		return nil, fmt.Errorf("store %s is in use by another process (is another relay running?)", path)
	}
	if err != nil {
		return nil, fmt.Errorf("opening store %s: %w", path, err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		for _, name := range [][]byte{bucketChannels, bucketQueues, bucketDepth} {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("opening store %s: %w", path, err)
	}
	return &Bolt{db: db}, nil
}

// CreateChannel implements Store.
func (b *Bolt) CreateChannel(_ context.Context, c Channel) error {
	return b.db.Update(func(tx *bolt.Tx) error {
		name := []byte(c.Name)
		chans := tx.Bucket(bucketChannels)
		if chans.Get(name) != nil {
			return ErrChannelExists
		}
		rec := make([]byte, 40)
		copy(rec, c.TokenHash[:])
		binary.BigEndian.PutUint64(rec[32:], uint64(c.Created.UnixNano()))
		if err := chans.Put(name, rec); err != nil {
			return err
		}
		if _, err := tx.Bucket(bucketQueues).CreateBucketIfNotExists(name); err != nil {
			return err
		}
		return tx.Bucket(bucketDepth).Put(name, u64(0))
	})
}

// Channel implements Store.
func (b *Bolt) Channel(_ context.Context, name string) (Channel, error) {
	var c Channel
	err := b.db.View(func(tx *bolt.Tx) error {
		rec := tx.Bucket(bucketChannels).Get([]byte(name))
		if len(rec) != 40 {
			return ErrNoChannel
		}
		c.Name = name
		copy(c.TokenHash[:], rec)
		c.Created = time.Unix(0, int64(binary.BigEndian.Uint64(rec[32:])))
		return nil
	})
	return c, err
}

// Append implements Store. The event is on disk when it returns.
func (b *Bolt) Append(_ context.Context, channel string, ev Event, maxDepth int) (uint64, error) {
	var seq uint64
	err := b.db.Update(func(tx *bolt.Tx) error {
		q, depth, err := queue(tx, channel)
		if err != nil {
			return err
		}
		if maxDepth > 0 && depth >= uint64(maxDepth) {
			return ErrQueueFull
		}
		if seq, err = q.NextSequence(); err != nil {
			return err
		}
		if err := q.Put(u64(seq), encodeEvent(ev)); err != nil {
			return err
		}
		return tx.Bucket(bucketDepth).Put([]byte(channel), u64(depth+1))
	})
	return seq, err
}

// Pending implements Store.
func (b *Bolt) Pending(_ context.Context, channel string, after uint64, limit int) ([]Event, error) {
	out := []Event{}
	err := b.db.View(func(tx *bolt.Tx) error {
		q, _, err := queue(tx, channel)
		if err != nil {
			return err
		}
		c := q.Cursor()
		for k, v := c.Seek(u64(after + 1)); k != nil && (limit <= 0 || len(out) < limit); k, v = c.Next() {
			ev, err := decodeEvent(k, v)
			if err != nil {
				return err
			}
			out = append(out, ev)
		}
		return nil
	})
	return out, err
}

// Ack implements Store: every delete is in one transaction.
func (b *Bolt) Ack(_ context.Context, channel string, seqs ...uint64) error {
	if len(seqs) == 0 {
		return nil
	}
	return b.db.Update(func(tx *bolt.Tx) error {
		q, depth, err := queue(tx, channel)
		if err != nil {
			return err
		}
		for _, seq := range seqs {
			if depth, err = deleteEvent(tx, q, channel, u64(seq), depth); err != nil {
				return err
			}
		}
		return nil
	})
}

// deleteEvent deletes one event, if there, and returns the channel's depth
// after it.
func deleteEvent(tx *bolt.Tx, q *bolt.Bucket, channel string, key []byte, depth uint64) (uint64, error) {
	if q.Get(key) == nil {
		return depth, nil
	}
	if err := q.Delete(key); err != nil {
		return depth, err
	}
	depth = max(depth, 1) - 1
	return depth, tx.Bucket(bucketDepth).Put([]byte(channel), u64(depth))
}

// Depth implements Store.
func (b *Bolt) Depth(_ context.Context, channel string) (int, error) {
	var n uint64
	err := b.db.View(func(tx *bolt.Tx) (err error) {
		_, n, err = queue(tx, channel)
		return err
	})
	return int(n), err
}

// Expire implements Store. Events are in arrival order, so each channel's
// scan stops at its first event young enough to keep.
func (b *Bolt) Expire(_ context.Context, before time.Time) (int, error) {
	n := 0
	err := b.db.Update(func(tx *bolt.Tx) error {
		n = 0
		return tx.Bucket(bucketQueues).ForEachBucket(func(name []byte) error {
			q, depth, err := queue(tx, string(name))
			if err != nil {
				return err
			}
			c := q.Cursor()
			for k, v := c.First(); k != nil; k, v = c.First() {
				ev, err := decodeEvent(k, v)
				if err != nil || !ev.Received.Before(before) {
					return err
				}
				if depth, err = deleteEvent(tx, q, string(name), k, depth); err != nil {
					return err
				}
				n++
			}
			return nil
		})
	})
	return n, err
}

// Close implements Store.
func (b *Bolt) Close() error { return b.db.Close() }

func queue(tx *bolt.Tx, channel string) (*bolt.Bucket, uint64, error) {
	q := tx.Bucket(bucketQueues).Bucket([]byte(channel))
	if q == nil {
		return nil, 0, ErrNoChannel
	}
	var depth uint64
	if d := tx.Bucket(bucketDepth).Get([]byte(channel)); len(d) == 8 {
		depth = binary.BigEndian.Uint64(d)
	}
	return q, depth, nil
}

func u64(n uint64) []byte {
	return binary.BigEndian.AppendUint64(nil, n)
}

// encodeEvent lays out received(8) idLen(2) id data.
func encodeEvent(ev Event) []byte {
	b := make([]byte, 0, 10+len(ev.ID)+len(ev.Data))
	b = binary.BigEndian.AppendUint64(b, uint64(ev.Received.UnixNano()))
	b = binary.BigEndian.AppendUint16(b, uint16(len(ev.ID)))
	b = append(b, ev.ID...)
	return append(b, ev.Data...)
}

func decodeEvent(k, v []byte) (Event, error) {
	if len(k) != 8 || len(v) < 10 {
		return Event{}, errors.New("store holds a damaged event record")
	}
	idLen := int(binary.BigEndian.Uint16(v[8:]))
	if len(v) < 10+idLen {
		return Event{}, errors.New("store holds a damaged event record")
	}
	return Event{
		Seq:      binary.BigEndian.Uint64(k),
		Received: time.Unix(0, int64(binary.BigEndian.Uint64(v))),
		ID:       string(v[10 : 10+idLen]),
		// Copy: bbolt's memory is only valid inside the transaction.
		Data: append([]byte(nil), v[10+idLen:]...),
	}, nil
}
