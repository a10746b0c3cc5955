package cmd

import (
	"io"
	"os"
	"sync"

	"github.com/mattn/go-isatty"
)

// IOStreams is where a command reads and writes, and what it knows about
// those streams. Tests build one over buffers and set the terminal flags.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	InTTY, OutTTY, ErrTTY bool

	// Color is decided once per run by the root command (see decideColor)
	// and read by every command that styles output.
	Color bool
}

// SystemIO returns the process's standard streams.
func SystemIO() *IOStreams {
	return &IOStreams{
		In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
		InTTY:  isTerminal(os.Stdin),
		OutTTY: isTerminal(os.Stdout),
		ErrTTY: isTerminal(os.Stderr),
	}
}

func isTerminal(f *os.File) bool {
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}

// decideColor applies the usual rules in order: --no-color and NO_COLOR
// (any value) turn colour off; CLICOLOR_FORCE (other than "0") turns it on
// even when not on a terminal; otherwise colour follows whether standard
// output is a terminal that is not "dumb".
func decideColor(noColorFlag bool, getenv func(string) string, outTTY bool) bool {
	switch {
	case noColorFlag, getenv("NO_COLOR") != "":
		return false
	case getenv("CLICOLOR_FORCE") != "" && getenv("CLICOLOR_FORCE") != "0":
		return true
	case getenv("TERM") == "dumb":
		return false
	}
	return outTTY
}

// syncWriter serialises writes from several goroutines (server handlers),
// so each Write lands whole.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

// SyncWriter wraps w so that concurrent Write calls never interleave.
func SyncWriter(w io.Writer) io.Writer {
	if _, ok := w.(*syncWriter); ok {
		return w
	}
	return &syncWriter{w: w}
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}
