package cmd

import (
	"fmt"
	"runtime/debug"
	"strings"
)

// BuildInfo is what the release build stamps into the binary with
// -ldflags "-X main.version=… -X main.commit=… -X main.date=…".
type BuildInfo struct {
	Version, Commit, Date string
}

// withFallback fills what the linker did not set from the Go build info:
// the module version for `go install …@v1.2.3`, and the VCS stamp for builds
// from a checkout.
func (b BuildInfo) withFallback(read func() (*debug.BuildInfo, bool)) BuildInfo {
	info, ok := read()
	if !ok {
		if b.Version == "" {
			b.Version = "dev"
		}
		return b
	}
	if b.Version == "" {
		b.Version = strings.TrimPrefix(info.Main.Version, "v")
		if b.Version == "" || b.Version == "(devel)" {
			b.Version = "dev"
		}
	}
	fromVCS, dirty := b.Commit == "", false
	for _, s := range info.Settings {
		switch {
		case s.Key == "vcs.revision" && fromVCS:
			b.Commit = s.Value[:min(len(s.Value), 12)]
		case s.Key == "vcs.time" && b.Date == "":
			b.Date = s.Value
		case s.Key == "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if fromVCS && dirty && b.Commit != "" {
		b.Commit += "-dirty"
	}
	return b
}

// String is the --version line: "hookctl 1.2.3 (commit abc123, built 2026-11-23)".
func (b BuildInfo) String() string {
	var extra []string
	if b.Commit != "" {
		extra = append(extra, "commit "+b.Commit)
	}
	if b.Date != "" {
		d := b.Date
		if len(d) >= 10 {
			d = d[:10]
		}
		extra = append(extra, "built "+d)
	}
	s := "hookctl " + b.Version
	if len(extra) > 0 {
		s += fmt.Sprintf(" (%s)", strings.Join(extra, ", "))
	}
	return s
}
