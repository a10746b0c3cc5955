package store_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"github.com/hookctl/hookctl/relay/store"
	"github.com/hookctl/hookctl/relay/store/storetest"
)

// redisURL returns the test Redis named by HOOKCTL_TEST_REDIS (CI starts
// one from Debian's redis-server package), or skips the test when there is
// none.
func redisURL(t *testing.T) string {
	t.Helper()
	url := os.Getenv("HOOKCTL_TEST_REDIS")
	if url == "" {
		t.Skip("HOOKCTL_TEST_REDIS is not set: start redis-server and set it to redis://127.0.0.1:PORT/0")
	}
	return url
}

// openRedis opens a store under a fresh key prefix, so tests never see each
// other's keys and need not flush the database.
func openRedis(t *testing.T) *store.Redis {
	t.Helper()
	var b [6]byte
	rand.Read(b[:])
	s, err := store.OpenRedis(context.Background(), redisURL(t), "hookctltest:"+hex.EncodeToString(b[:]))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestRedis(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return openRedis(t) })
}

func TestOpenRedisErrors(t *testing.T) {
	ctx := context.Background()
	_, err := store.OpenRedis(ctx, "redis://user:hunter2@127.0.0.1:1/0", "")
	if err == nil || !strings.Contains(err.Error(), "does not answer") || strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("unreachable redis: %v", err)
	}
	_, err = store.OpenRedis(ctx, "http://user:hunter2@host/0", "")
	if err == nil || !strings.Contains(err.Error(), "want redis://") || strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("bad URL: %v", err)
	}
}

// The relay warns when Redis would lose stored requests on a restart.
func TestRedisDurabilityWarning(t *testing.T) {
	s := openRedis(t)
	defer s.Close()
	ctx := context.Background()
	v, err := s.Client().ConfigGet(ctx, "appendonly").Result()
	if err != nil {
		t.Skipf("this Redis does not allow CONFIG GET: %v", err)
	}
	w := s.DurabilityWarning(ctx)
	if (v["appendonly"] == "no") != strings.Contains(w, "appendonly no") {
		t.Fatalf("appendonly %q, warning %q", v["appendonly"], w)
	}
}
