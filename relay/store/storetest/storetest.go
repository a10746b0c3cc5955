// Package storetest is the test suite every relay store must pass. A
// backend's tests call Run with a function that opens a fresh, empty store.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/hookctl/hookctl/relay/store"
)

// Run runs the suite against stores made by open. open is called once per
// subtest and must return an empty store; Run closes it.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(*testing.T, store.Store)
	}{
		{"Channels", testChannels},
		{"OrderAndOffsets", testOrderAndOffsets},
		{"Ack", testAck},
		{"AckBatch", testAckBatch},
		{"DepthLimit", testDepthLimit},
		{"Expire", testExpire},
		{"UnknownChannel", testUnknownChannel},
		{"ConcurrentAppend", testConcurrentAppend},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t)
			defer s.Close()
			tt.fn(t, s)
		})
	}
}

var ctx = context.Background()

func mustCreate(t *testing.T, s store.Store, name string) {
	t.Helper()
	c := store.Channel{Name: name, TokenHash: [32]byte{1, 2, 3}, Created: time.Unix(100, 0)}
	if err := s.CreateChannel(ctx, c); err != nil {
		t.Fatal(err)
	}
}

func event(i int, at time.Time) store.Event {
	return store.Event{ID: fmt.Sprintf("req_%d", i), Received: at, Data: []byte(fmt.Sprintf(`{"n":%d}`, i))}
}

func appendN(t *testing.T, s store.Store, ch string, n int, at time.Time) []uint64 {
	t.Helper()
	var seqs []uint64
	for i := range n {
		seq, err := s.Append(ctx, ch, event(i, at), 0)
		if err != nil {
			t.Fatal(err)
		}
		seqs = append(seqs, seq)
	}
	return seqs
}

func testChannels(t *testing.T, s store.Store) {
	mustCreate(t, s, "a")
	got, err := s.Channel(ctx, "a")
	if err != nil || got.Name != "a" || got.TokenHash != [32]byte{1, 2, 3} || !got.Created.Equal(time.Unix(100, 0)) {
		t.Fatalf("Channel = %+v, %v", got, err)
	}
	if err := s.CreateChannel(ctx, store.Channel{Name: "a"}); !errors.Is(err, store.ErrChannelExists) {
		t.Fatalf("second CreateChannel = %v, want ErrChannelExists", err)
	}
	if _, err := s.Channel(ctx, "b"); !errors.Is(err, store.ErrNoChannel) {
		t.Fatalf("Channel(unknown) = %v, want ErrNoChannel", err)
	}
}

func testOrderAndOffsets(t *testing.T, s store.Store) {
	mustCreate(t, s, "a")
	mustCreate(t, s, "b")
	seqs := appendN(t, s, "a", 5, time.Unix(200, 0))
	appendN(t, s, "b", 2, time.Unix(200, 0))
	all, err := s.Pending(ctx, "a", 0, 0)
	if err != nil || len(all) != 5 {
		t.Fatalf("Pending = %d events, %v; want 5", len(all), err)
	}
	for i, ev := range all {
		if ev.Seq != seqs[i] || ev.ID != fmt.Sprintf("req_%d", i) || string(ev.Data) != fmt.Sprintf(`{"n":%d}`, i) || !ev.Received.Equal(time.Unix(200, 0)) {
			t.Fatalf("event %d = %+v", i, ev)
		}
		if i > 0 && ev.Seq <= all[i-1].Seq {
			t.Fatalf("sequence numbers do not grow: %d after %d", ev.Seq, all[i-1].Seq)
		}
	}
	page, _ := s.Pending(ctx, "a", seqs[1], 2)
	if len(page) != 2 || page[0].Seq != seqs[2] || page[1].Seq != seqs[3] {
		t.Fatalf("Pending(after %d, 2) = %+v", seqs[1], page)
	}
	none, err := s.Pending(ctx, "a", seqs[4], 10)
	if err != nil || none == nil || len(none) != 0 {
		t.Fatalf("Pending past the end = %#v, %v; want an empty list", none, err)
	}
}

func testAck(t *testing.T, s store.Store) {
	mustCreate(t, s, "a")
	seqs := appendN(t, s, "a", 3, time.Unix(200, 0))
	for _, seq := range []uint64{seqs[1], seqs[1], 9999} {
		if err := s.Ack(ctx, "a", seq); err != nil {
			t.Fatalf("Ack(%d) = %v", seq, err)
		}
	}
	left, _ := s.Pending(ctx, "a", 0, 0)
	if len(left) != 2 || left[0].Seq != seqs[0] || left[1].Seq != seqs[2] {
		t.Fatalf("after ack: %+v", left)
	}
	if d, _ := s.Depth(ctx, "a"); d != 2 {
		t.Fatalf("Depth = %d, want 2", d)
	}
	more := appendN(t, s, "a", 1, time.Unix(200, 0))
	if more[0] <= seqs[2] {
		t.Fatalf("a sequence number was reused: %d", more[0])
	}
}

// testAckBatch acks several events in one call, as the relay does for a
// client catching up: out of order, with repeats and unknown ones mixed in.
func testAckBatch(t *testing.T, s store.Store) {
	mustCreate(t, s, "a")
	seqs := appendN(t, s, "a", 6, time.Unix(200, 0))
	if err := s.Ack(ctx, "a"); err != nil {
		t.Fatalf("Ack with no sequence numbers = %v", err)
	}
	if err := s.Ack(ctx, "a", seqs[3], seqs[0], seqs[1], seqs[0], 9999); err != nil {
		t.Fatalf("Ack(batch) = %v", err)
	}
	left, _ := s.Pending(ctx, "a", 0, 0)
	if len(left) != 3 || left[0].Seq != seqs[2] || left[1].Seq != seqs[4] || left[2].Seq != seqs[5] {
		t.Fatalf("after a batch ack: %+v", left)
	}
	if d, _ := s.Depth(ctx, "a"); d != 3 {
		t.Fatalf("Depth = %d, want 3", d)
	}
	if err := s.Ack(ctx, "a", seqs[2], seqs[4], seqs[5]); err != nil {
		t.Fatal(err)
	}
	if d, _ := s.Depth(ctx, "a"); d != 0 {
		t.Fatalf("Depth after acking the rest = %d, want 0", d)
	}
	more := appendN(t, s, "a", 1, time.Unix(200, 0))
	if left, _ := s.Pending(ctx, "a", 0, 0); len(left) != 1 || left[0].Seq != more[0] {
		t.Fatalf("after emptying and appending: %+v", left)
	}
}

func testDepthLimit(t *testing.T, s store.Store) {
	mustCreate(t, s, "a")
	for i := range 3 {
		if _, err := s.Append(ctx, "a", event(i, time.Unix(1, 0)), 3); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Append(ctx, "a", event(3, time.Unix(1, 0)), 3); !errors.Is(err, store.ErrQueueFull) {
		t.Fatalf("Append past the limit = %v, want ErrQueueFull", err)
	}
	first, _ := s.Pending(ctx, "a", 0, 1)
	_ = s.Ack(ctx, "a", first[0].Seq)
	if _, err := s.Append(ctx, "a", event(3, time.Unix(1, 0)), 3); err != nil {
		t.Fatalf("Append after an ack = %v", err)
	}
}

func testExpire(t *testing.T, s store.Store) {
	mustCreate(t, s, "a")
	mustCreate(t, s, "b")
	appendN(t, s, "a", 2, time.Unix(100, 0))
	appendN(t, s, "a", 1, time.Unix(300, 0))
	appendN(t, s, "b", 1, time.Unix(100, 0))
	n, err := s.Expire(ctx, time.Unix(200, 0))
	if err != nil || n != 3 {
		t.Fatalf("Expire = %d, %v; want 3", n, err)
	}
	if d, _ := s.Depth(ctx, "a"); d != 1 {
		t.Fatalf("Depth(a) = %d, want 1", d)
	}
	if d, _ := s.Depth(ctx, "b"); d != 0 {
		t.Fatalf("Depth(b) = %d, want 0", d)
	}
}

func testUnknownChannel(t *testing.T, s store.Store) {
	if _, err := s.Append(ctx, "x", event(0, time.Now()), 0); !errors.Is(err, store.ErrNoChannel) {
		t.Fatalf("Append = %v", err)
	}
	if _, err := s.Pending(ctx, "x", 0, 0); !errors.Is(err, store.ErrNoChannel) {
		t.Fatalf("Pending = %v", err)
	}
	if _, err := s.Depth(ctx, "x"); !errors.Is(err, store.ErrNoChannel) {
		t.Fatalf("Depth = %v", err)
	}
}

func testConcurrentAppend(t *testing.T, s store.Store) {
	mustCreate(t, s, "a")
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 10 {
				_, _ = s.Append(ctx, "a", event(g*100+i, time.Now()), 0)
			}
		}()
	}
	wg.Wait()
	all, _ := s.Pending(ctx, "a", 0, 0)
	if len(all) != 80 {
		t.Fatalf("%d events after 80 concurrent appends", len(all))
	}
	seen := map[uint64]bool{}
	for _, ev := range all {
		if seen[ev.Seq] {
			t.Fatalf("sequence %d given twice", ev.Seq)
		}
		seen[ev.Seq] = true
	}
}
