package relay

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/hookctl/hookctl/relay/store"
)

// testRedisURL returns the Redis named by HOOKCTL_TEST_REDIS (CI starts
// one), or skips the test.
func testRedisURL(t testing.TB) string {
	t.Helper()
	url := os.Getenv("HOOKCTL_TEST_REDIS")
	if url == "" {
		t.Skip("HOOKCTL_TEST_REDIS is not set: start redis-server and set it to redis://127.0.0.1:PORT/0")
	}
	return url
}

// freshPrefix namespaces one test's keys, so tests need not flush Redis.
func freshPrefix() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return "hookctltest:" + hex.EncodeToString(b[:])
}

// instance is one relay instance of several sharing a Redis.
type instance struct {
	srv   *Server
	hs    *httptest.Server
	st    *store.Redis
	bus   *RedisBus
	once  sync.Once
	state chan error // what the bus reported about Redis
}

// startInstance runs a relay instance on 127.0.0.1 with its own Redis
// connection under prefix; cfg's zero fields take short test timings.
func startInstance(t testing.TB, url, prefix string, cfg ServerConfig) *instance {
	t.Helper()
	st, err := store.OpenRedis(context.Background(), url, prefix)
	if err != nil {
		t.Fatal(err)
	}
	in := &instance{st: st, state: make(chan error, 10)}
	in.bus = NewRedisBus(RedisBusConfig{Client: st.Client(), Prefix: prefix,
		PresenceTTL: 2 * time.Second, HealthEvery: 100 * time.Millisecond,
		OnState: func(err error) { in.state <- err }})
	in.hs = httptest.NewUnstartedServer(nil)
	cfg.Store, cfg.Bus, cfg.PublicURL = st, in.bus, "http://"+in.hs.Listener.Addr().String()
	if cfg.ResponseTimeout == 0 {
		cfg.ResponseTimeout = 3 * time.Second
	}
	if in.srv, err = NewServer(cfg); err != nil {
		t.Fatal(err)
	}
	in.hs.Config.Handler = in.srv
	in.hs.Start()
	t.Cleanup(in.stop)
	return in
}

// stop shuts the instance down in order: server, bus, store.
func (in *instance) stop() {
	in.once.Do(func() {
		in.hs.CloseClientConnections()
		in.srv.Close()
		in.hs.Close()
		in.bus.Close()
		in.st.Close()
	})
}

// kill ends the instance as a crash would, as far as Redis can tell: its
// connection goes first, so it neither clears its presence nor releases
// its drain lease, and then everything else stops.
func (in *instance) kill() {
	in.once.Do(func() {
		in.st.Close()
		in.hs.CloseClientConnections()
		in.srv.Close()
		in.hs.Close()
		in.bus.Close()
	})
}

// channelURL is the ingress URL of a channel on this instance.
func (in *instance) channelURL(channel string) string { return in.hs.URL + "/c/" + channel }
