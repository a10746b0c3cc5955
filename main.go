// Command hookctl tests webhooks from the command line. See README.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/hookctl/hookctl/cmd"
)

// Set by the release build (see .goreleaser.yaml).
var version, commit, date string

func main() {
	os.Exit(run())
}

func run() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return cmd.Main(ctx, os.Args[1:], cmd.SystemDeps(cmd.BuildInfo{Version: version, Commit: commit, Date: date}))
}
