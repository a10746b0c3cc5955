package relay

import (
	"net/http"
	"testing"
)

// The Redis benchmarks measure what sharing channels costs: one instance
// on Redis, and two, the sender on B and the client on A, against the
// in-memory single instance of BenchmarkThroughRelay. They need
// HOOKCTL_TEST_REDIS:
//
//	go test ./relay/ -run '^$' -bench 'Redis|ThroughRelay' -benchtime 2s

func benchRedisURL(b *testing.B, two bool) string {
	url, prefix := testRedisURL(b), freshPrefix()
	a := startInstance(b, url, prefix, ServerConfig{})
	in := a
	if two {
		in = startInstance(b, url, prefix, ServerConfig{})
	}
	sess := startClient(b, a.hs.URL, "", "", benchTarget(b)).session(b)
	waitClients(b, a.srv, 1)
	return in.channelURL(sess.Channel)
}

func BenchmarkRedisOneInstance(b *testing.B) {
	runBench(b, benchRedisURL(b, false), 200, false)
}

func BenchmarkRedisTwoInstances(b *testing.B) {
	runBench(b, benchRedisURL(b, true), 200, false)
}

func BenchmarkRedisOneInstanceParallel(b *testing.B) {
	runBench(b, benchRedisURL(b, false), 200, true)
}

func BenchmarkRedisTwoInstancesParallel(b *testing.B) {
	runBench(b, benchRedisURL(b, true), 200, true)
}

// BenchmarkRedisQueue is the path with no client connected: XADD through
// the append script, then 202.
func BenchmarkRedisQueue(b *testing.B) {
	in := startInstance(b, testRedisURL(b), freshPrefix(), ServerConfig{QueueDepth: 1 << 30})
	sess := newChannel(b, in.hs.URL)
	waitClients(b, in.srv, 0)
	runBench(b, in.channelURL(sess.Channel), http.StatusAccepted, false)
}
