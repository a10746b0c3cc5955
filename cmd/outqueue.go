package cmd

import (
	"io"
	"sync"
)

// outQueue is the output of a command that prints a line or a block per
// request while serving (listen, relay connect). A request's handler only
// appends its output to a buffer; one goroutine writes the buffer, so
// whatever queued up while it was writing goes out in one Write. An idle
// listener still prints each request at once, and one under load makes a
// write per batch rather than a system call per request on its hot path.
//
// Each Write is kept whole and in order. Close writes what is left and
// must be called before the command returns.
type outQueue struct {
	w       io.Writer
	mu      sync.Mutex
	wake    *sync.Cond // signalled when there is output or room
	pending []byte
	closed  bool
	done    chan struct{}
	late    sync.Mutex // orders writes made after Close
}

// maxQueued bounds the output waiting for a slow reader (a pipe into a
// pager, say): past it, Write waits, as a direct write would.
const maxQueued = 1 << 20

func newOutQueue(w io.Writer) *outQueue {
	q := &outQueue{w: w, done: make(chan struct{})}
	q.wake = sync.NewCond(&q.mu)
	go q.run()
	return q
}

func (q *outQueue) Write(p []byte) (int, error) {
	q.mu.Lock()
	for len(q.pending) >= maxQueued && !q.closed {
		q.wake.Wait()
	}
	if !q.closed {
		q.pending = append(q.pending, p...)
		q.wake.Broadcast()
		q.mu.Unlock()
		return len(p), nil
	}
	q.mu.Unlock()
	// Late output (a request finishing during shutdown) is written
	// directly, once the writer has written everything before it.
	<-q.done
	q.late.Lock()
	defer q.late.Unlock()
	return q.w.Write(p)
}

func (q *outQueue) run() {
	defer close(q.done)
	var spare []byte
	for {
		q.mu.Lock()
		for len(q.pending) == 0 && !q.closed {
			q.wake.Wait()
		}
		if len(q.pending) == 0 {
			q.mu.Unlock()
			return
		}
		batch := q.pending
		q.pending = spare[:0]
		q.wake.Broadcast() // room for writers waiting on maxQueued
		q.mu.Unlock()
		_, _ = q.w.Write(batch) // like fmt.Fprint, output errors are not fatal
		spare = batch
		if cap(spare) > 4*maxQueued {
			spare = nil // do not keep a burst's buffer for ever
		}
	}
}

// Close writes what is queued and stops the writer.
func (q *outQueue) Close() error {
	q.mu.Lock()
	q.closed = true
	q.wake.Broadcast()
	q.mu.Unlock()
	<-q.done
	return nil
}
