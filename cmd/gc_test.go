package cmd

import (
	"runtime/debug"
	"testing"
)

// listen and relay connect let the heap grow further between collections,
// unless the user chose with GOGC.
func TestTuneServeGC(t *testing.T) {
	orig := debug.SetGCPercent(100)
	defer debug.SetGCPercent(orig)

	tuneServeGC(func(string) string { return "" })
	if got := debug.SetGCPercent(100); got != serveGCPercent {
		t.Fatalf("GC percent = %d with GOGC unset, want %d", got, serveGCPercent)
	}
	tuneServeGC(func(k string) string {
		if k == "GOGC" {
			return "50"
		}
		return ""
	})
	if got := debug.SetGCPercent(100); got != 100 {
		t.Fatalf("GC percent = %d with GOGC set, want it left alone (100)", got)
	}
}
