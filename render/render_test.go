package render

import (
	"bytes"
	"compress/gzip"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hookctl/hookctl/webhook"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden compares got with testdata/NAME.golden, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./render -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the golden file (run with -update if the change is intended)\n--- got\n%s\n--- want\n%s", name, got, want)
	}
}

func plain() *Renderer { return New(io.Discard, Options{Location: time.UTC}) }

func fixtureForBench(b *testing.B) *webhook.Request {
	r, err := webhook.ReadFile(filepath.Join("..", "testdata", "hooks", "stripe_payment_intent.succeeded.json"))
	if err != nil {
		b.Fatal(err)
	}
	return r
}

func fixture(t *testing.T, name string) *webhook.Request {
	t.Helper()
	r, err := webhook.ReadFile(filepath.Join("..", "testdata", "hooks", name))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func at(method, path string, h webhook.Headers, body []byte) *webhook.Request {
	return &webhook.Request{
		ReceivedAt: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC),
		Method:     method, Path: path, Headers: h, Body: body,
	}
}

func TestRequestViews(t *testing.T) {
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(`{"compressed":true,"n":[1,2,3]}`))
	zw.Close()
	png := append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{0xab}, 100)...)
	long := strings.Repeat("line of text\n", 100)
	multipart := "--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n" +
		"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n\x00\x01\x02\r\n--XyZ--\r\n"

	cases := []struct {
		name string
		req  *webhook.Request
	}{
		{"stripe", fixture(t, "stripe_payment_intent.succeeded.json")},
		{"github", fixture(t, "github_push.json")},
		{"twilio_form", fixture(t, "twilio_sms.json")},
		{"binary", at("POST", "/upload", webhook.NewHeaders("Content-Type", "application/octet-stream"), png)},
		{"gzip_json", at("POST", "/gz", webhook.NewHeaders("Content-Type", "application/json", "Content-Encoding", "gzip"), gz.Bytes())},
		{"broken_gzip", at("POST", "/gz", webhook.NewHeaders("Content-Encoding", "gzip"), []byte("not gzip at all"))},
		{"xml", at("POST", "/xml", webhook.NewHeaders("Content-Type", "application/xml"), []byte(`<?xml version="1.0"?><notification><id>42</id><kind a="b">paid</kind></notification>`))},
		{"long_text", at("POST", "/long", webhook.NewHeaders("Content-Type", "text/plain"), []byte(long))},
		{"terminal_escape", at("POST", "/esc", webhook.NewHeaders("X-Evil", "a\x1b[2Jb"), []byte("clear\x1b[2J screen\x07"))},
		{"multipart", at("POST", "/mp", webhook.NewHeaders("Content-Type", "multipart/form-data; boundary=XyZ"), []byte(multipart))},
		{"empty", at("GET", "/health?probe=1", nil, nil)},
		{"verified", func() *webhook.Request {
			r := at("POST", "/hooks", webhook.NewHeaders("Content-Type", "application/json"), []byte(`{"ok":true}`))
			r.Verification = &webhook.Verification{Provider: "stripe", Valid: true}
			r.Event = "invoice.paid"
			return r
		}()},
		{"failed_verification", func() *webhook.Request {
			r := at("POST", "/hooks", nil, []byte(`{}`))
			r.Verification = &webhook.Verification{Provider: "stripe", Reason: "timestamp is 12m0s old, outside the 5m0s tolerance", Hint: "re-sign the request or raise --tolerance"}
			return r
		}()},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := plain().RequestLine(tc.req) + "\n---\n" + plain().Request(tc.req)
			if strings.ContainsRune(got, '\x1b') || strings.ContainsRune(got, '\x07') {
				t.Fatalf("colour off, yet the view holds escape or control bytes:\n%q", got)
			}
			golden(t, "request_"+tc.name, got)
		})
	}
}

func TestResponseViews(t *testing.T) {
	ok := &webhook.Response{Status: 200, Duration: 12300 * time.Microsecond, Headers: webhook.NewHeaders("Content-Type", "application/json"), Body: []byte(`{"received":true}`), Attempts: []webhook.Attempt{{}}}
	retried := &webhook.Response{Status: 503, Duration: 800 * time.Microsecond, Body: []byte("down"), Attempts: make([]webhook.Attempt, 3), Truncated: true}
	got := plain().Response(ok) + "---\n" + plain().Response(retried) + "---\n" + plain().Failure(errors.New("no answer from http://127.0.0.1:3000/hooks after 1 attempt: connection refused")) + "\n"
	golden(t, "responses", got)
}

func TestColourView(t *testing.T) {
	r := New(io.Discard, Options{Color: true, Location: time.UTC})
	req := fixture(t, "github_push.json")
	req.Verification = &webhook.Verification{Provider: "github", Valid: true}
	got := r.Request(req)
	if !strings.Contains(got, "\x1b[") {
		t.Fatal("colour on, yet no escape codes")
	}
	golden(t, "request_github_colour", got)
}

func TestBodyCutsLongViewsAndLines(t *testing.T) {
	r := New(io.Discard, Options{MaxBodyLines: 3, MaxLineWidth: 10})
	got := r.Body(nil, []byte("0123456789abcdef\n2\n3\n4\n5\n"))
	want := "  0123456789… (6 more characters)\n  2\n  3\n  … 2 more lines not shown (body is 25 B in all)\n"
	if got != want {
		t.Fatalf("got %q\nwant %q", got, want)
	}
	if got := New(io.Discard, Options{MaxBodyLines: -1}).Body(nil, []byte(strings.Repeat("x\n", 500))); strings.Count(got, "\n") != 500 {
		t.Fatal("a negative MaxBodyLines should show every line")
	}
}

func TestSizeAndDuration(t *testing.T) {
	sizes := map[int]string{0: "0 B", 1023: "1023 B", 1024: "1.0 KiB", 1536: "1.5 KiB", 5 << 20: "5.0 MiB", 3 << 30: "3.0 GiB"}
	for n, want := range sizes {
		if got := Size(n); got != want {
			t.Errorf("Size(%d) = %q, want %q", n, got, want)
		}
	}
	durations := map[time.Duration]string{420 * time.Microsecond: "0.42 ms", 12300 * time.Microsecond: "12.3 ms", 1250 * time.Millisecond: "1.25 s"}
	for d, want := range durations {
		if got := Duration(d); got != want {
			t.Errorf("Duration(%v) = %q, want %q", d, got, want)
		}
	}
}
