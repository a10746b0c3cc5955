package cmd

import "runtime/debug"

// serveGCPercent is the garbage collector's target in commands that serve a
// stream of requests on a developer's machine (listen, relay connect): the
// heap may grow to five times what is live, rather than Go's default of
// twice, before a collection. Their live heap is a few MiB, so this costs a
// few MiB more and saves about a sixth of their CPU under a burst of
// requests (BENCHMARKS.md). The relay server keeps Go's default: it holds
// thousands of idle connections, whose memory matters more.
const serveGCPercent = 400

// tuneServeGC applies serveGCPercent unless the user set GOGC.
func tuneServeGC(getenv func(string) string) {
	if getenv("GOGC") == "" {
		debug.SetGCPercent(serveGCPercent)
	}
}
