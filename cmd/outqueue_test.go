package cmd

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// Writes from many goroutines come out whole, each writer's in its order,
// and nothing is lost by Close.
func TestOutQueueKeepsWritesWholeAndInOrder(t *testing.T) {
	var out bytes.Buffer
	q := newOutQueue(&out)
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 500 {
				fmt.Fprintf(q, "writer %d line %d %s\n", w, i, strings.Repeat("x", i%50))
			}
		}()
	}
	wg.Wait()
	q.Close()
	next := map[int]int{}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 8*500 {
		t.Fatalf("got %d lines, want %d", len(lines), 8*500)
	}
	for _, line := range lines {
		var w, i int
		var pad string
		if _, err := fmt.Sscanf(line, "writer %d line %d %s", &w, &i, &pad); err != nil && i%50 != 0 {
			t.Fatalf("mixed or broken line %q: %v", line, err)
		}
		if i != next[w] {
			t.Fatalf("writer %d: line %d came after line %d", w, i, next[w]-1)
		}
		if len(pad) != i%50 {
			t.Fatalf("line %q was cut", line)
		}
		next[w]++
	}
}

// Output written after Close (a request finishing as the listener stops)
// still comes out, after everything before it.
func TestOutQueueWritesAfterClose(t *testing.T) {
	var out bytes.Buffer
	q := newOutQueue(&out)
	fmt.Fprint(q, "first\n")
	q.Close()
	fmt.Fprint(q, "late\n")
	if out.String() != "first\nlate\n" {
		t.Fatalf("output = %q", out.String())
	}
}
