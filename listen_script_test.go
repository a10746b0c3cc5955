package main

import (
	"os"
	"strings"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// waitready FILE [VAR] waits (up to 10 s) for a background
// `hookctl listen --ready-file FILE` to write its URL, then sets $VAR
// (default URL) to it for the commands that follow.
func waitready(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 1 || len(args) > 2 {
		ts.Fatalf("usage: waitready FILE [VAR]")
	}
	name := "URL"
	if len(args) == 2 {
		name = args[1]
	}
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if b, err := os.ReadFile(ts.MkAbs(args[0])); err == nil && len(b) > 0 {
			ts.Setenv(name, strings.TrimSpace(string(b)))
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	ts.Fatalf("waitready: %s did not appear within 10s", args[0])
}
