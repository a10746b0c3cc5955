package cmd

import (
	"bytes"
	"io"
	"testing"
	"time"

	"github.com/hookctl/hookctl/listen"
	"github.com/hookctl/hookctl/webhook"
)

// BenchmarkListenEventLine is listen --json --forward-to's cost of printing
// one request: the event line with its fixture and the app's answer.
func BenchmarkListenEventLine(b *testing.B) {
	body := bytes.Repeat([]byte(`{"k":"v"},`), 102)
	ev := &listen.Event{
		Seq: 1,
		Request: &webhook.Request{ID: "req_0123456789abcdef01234567", ReceivedAt: time.Unix(1795435200, 0), Method: "POST", Path: "/hook",
			Host: "127.0.0.1:8080", Proto: "HTTP/1.1", RemoteAddr: "127.0.0.1:50000",
			Headers: webhook.NewHeaders("Host", "127.0.0.1:8080", "Content-Type", "application/json", "Content-Length", "1020"), Body: body},
		Answer: listen.Answer{Status: 200, Headers: webhook.NewHeaders("Content-Type", "application/json"), Body: []byte(`{"ok":true}`)},
		Forwarded: &webhook.Response{Status: 200, Headers: webhook.NewHeaders("Content-Type", "application/json", "Date", "Mon, 23 Nov 2026 12:00:00 GMT", "Content-Length", "11"),
			Body: []byte(`{"ok":true}`), Duration: 80 * time.Microsecond, URL: "http://127.0.0.1:3000/hook"},
	}
	b.ReportAllocs()
	for b.Loop() {
		writeListenEvent(io.Discard, ev)
	}
}
