package render

import (
	"io"
	"testing"
)

func BenchmarkRequestLine(b *testing.B) {
	r := New(io.Discard, Options{})
	req := fixtureForBench(b)
	b.ReportAllocs()
	for b.Loop() {
		_ = r.RequestLine(req)
	}
}

func BenchmarkRequestExpandedColour(b *testing.B) {
	r := New(io.Discard, Options{Color: true})
	req := fixtureForBench(b)
	b.ReportAllocs()
	for b.Loop() {
		_ = r.Request(req)
	}
}
