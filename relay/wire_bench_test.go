package relay

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/hookctl/hookctl/webhook"
)

func benchFrameRequest(size int) *webhook.Request {
	return &webhook.Request{
		ID: "req_0123456789abcdef01234567", ReceivedAt: time.Unix(1795435200, 0), Method: "POST", Path: "/webhooks/stripe",
		Headers: webhook.NewHeaders("Content-Type", "application/json", "Stripe-Signature", "t=1795435200,v1=abc", "User-Agent", "Stripe/1.0"),
		Body:    bytes.Repeat([]byte(`{"k":"v"},`), size/10),
	}
}

// BenchmarkFrameEncode1KiB is the relay's per-request cost of putting a
// request on the websocket.
func BenchmarkFrameEncode1KiB(b *testing.B) {
	req := benchFrameRequest(1024)
	fwd := &Forwarded{For: "203.0.113.7", Proto: "https", Host: "relay.example.com"}
	b.ReportAllocs()
	for b.Loop() {
		m, err := NewRequestMessage(req, 42, false, fwd)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Encode(m); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFrameDecode1KiB is the client's cost of reading one.
func BenchmarkFrameDecode1KiB(b *testing.B) {
	m, _ := NewRequestMessage(benchFrameRequest(1024), 42, false, nil)
	frame, _ := Encode(m)
	b.ReportAllocs()
	b.SetBytes(int64(len(frame)))
	for b.Loop() {
		if _, err := Decode(frame); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAnswerEncode1KiB is the client's cost of sending the app's answer.
func BenchmarkAnswerEncode1KiB(b *testing.B) {
	resp := &webhook.Response{Status: 200, Headers: webhook.NewHeaders("Content-Type", "application/json"), Body: bytes.Repeat([]byte("x"), 1024)}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Encode(&Message{Type: TypeResponse, ID: "req_1", Response: NewAnswer(resp)}); err != nil {
			b.Fatal(err)
		}
	}
}

// The spliced request frame must decode to what encoding/json's frame does.
func TestEncodeSplicesTheRequest(t *testing.T) {
	for _, body := range [][]byte{nil, []byte(`{"a":"}","b":[1,2]}`), {0xff, 0x00}} {
		req := benchFrameRequest(0)
		req.Body = body
		m, err := NewRequestMessage(req, 7, true, &Forwarded{For: "127.0.0.1"})
		if err != nil {
			t.Fatal(err)
		}
		frame, err := Encode(m)
		if err != nil {
			t.Fatal(err)
		}
		back, err := Decode(frame)
		if err != nil {
			t.Fatalf("%v: %s", err, frame)
		}
		if !bytes.Equal(back.Req.Body, body) || back.Seq != 7 || !back.Stored || back.Forwarded.For != "127.0.0.1" || back.ID != req.ID {
			t.Fatalf("round trip changed the message: %+v", back)
		}
		plain := *m
		plain.Req = nil
		want, _ := json.Marshal(&plain)
		var a, b any
		if json.Unmarshal(frame, &a) != nil || json.Unmarshal(want, &b) != nil || !reflect.DeepEqual(a, b) {
			t.Fatalf("spliced frame differs from encoding/json's:\n%s\n%s", frame, want)
		}
	}
}

// BenchmarkAnswerDecode1KiB is the relay's cost of reading an app's answer.
func BenchmarkAnswerDecode1KiB(b *testing.B) {
	resp := &webhook.Response{Status: 200, Headers: webhook.NewHeaders("Content-Type", "application/json", "Date", "Mon, 23 Nov 2026 12:00:00 GMT"), Body: bytes.Repeat([]byte(`{"k":"v"},`), 102)}
	frame, _ := Encode(&Message{Type: TypeResponse, ID: "req_0123456789abcdef01234567", Response: NewAnswer(resp)})
	b.ReportAllocs()
	b.SetBytes(int64(len(frame)))
	for b.Loop() {
		if _, err := Decode(frame); err != nil {
			b.Fatal(err)
		}
	}
}
