package store_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/hookctl/hookctl/relay/store"
	"github.com/hookctl/hookctl/relay/store/storetest"
)

func TestMemory(t *testing.T) {
	storetest.Run(t, func(*testing.T) store.Store { return store.NewMemory() })
}

func TestBolt(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		s, err := store.OpenBolt(filepath.Join(t.TempDir(), "relay.db"))
		if err != nil {
			t.Fatal(err)
		}
		return s
	})
}

func TestBoltSurvivesReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "relay.db")
	s, err := store.OpenBolt(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateChannel(ctx, store.Channel{Name: "a", Created: time.Unix(5, 0)}); err != nil {
		t.Fatal(err)
	}
	seq, _ := s.Append(ctx, "a", store.Event{ID: "req_1", Received: time.Unix(6, 0), Data: []byte("one")}, 0)
	s.Append(ctx, "a", store.Event{ID: "req_2", Received: time.Unix(7, 0), Data: []byte("two")}, 0)
	s.Ack(ctx, "a", seq)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	s, err = store.OpenBolt(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Channel(ctx, "a"); err != nil {
		t.Fatalf("channel lost on reopen: %v", err)
	}
	evs, _ := s.Pending(ctx, "a", 0, 0)
	if len(evs) != 1 || evs[0].ID != "req_2" || string(evs[0].Data) != "two" {
		t.Fatalf("after reopen: %+v", evs)
	}
	if next, _ := s.Append(ctx, "a", store.Event{ID: "req_3"}, 0); next <= evs[0].Seq {
		t.Fatalf("sequence restarted after reopen: %d", next)
	}
}

func TestBoltRefusesSecondOpener(t *testing.T) {
	path := filepath.Join(t.TempDir(), "relay.db")
	s, err := store.OpenBolt(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := store.OpenBolt(path); err == nil {
		t.Fatal("a second open of a store in use succeeded")
	}
}
