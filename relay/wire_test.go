package relay

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hookctl/hookctl/webhook"
)

func sampleRequest() *webhook.Request {
	return &webhook.Request{
		ID: "req_1", ReceivedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		Method: "PATCH", Path: "/a/b%20c?x=1&x=2", Host: "relay.example.com",
		Headers: webhook.NewHeaders("X-Dup", "1", "x-dup", "2", "Content-Type", "application/octet-stream"),
		Body:    []byte{0, 0xff, 0xfe, 'a', '\n'},
	}
}

func TestRequestMessageRoundTrip(t *testing.T) {
	req := sampleRequest()
	m, err := NewRequestMessage(req, 7, true, &Forwarded{For: "10.0.0.1", Proto: "https", Host: "h"})
	if err != nil {
		t.Fatal(err)
	}
	frame, err := Encode(m)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Decode(frame)
	if err != nil {
		t.Fatal(err)
	}
	if got.Type != TypeRequest || got.Seq != 7 || !got.Stored || got.Forwarded.For != "10.0.0.1" {
		t.Fatalf("envelope changed: %+v", got)
	}
	r := got.Req
	if r.Method != req.Method || r.Path != req.Path || !bytes.Equal(r.Body, req.Body) {
		t.Fatalf("request changed: %+v", r)
	}
	if len(r.Headers) != 3 || r.Headers[1].Name != "x-dup" || r.Headers[1].Value != "2" {
		t.Fatalf("headers changed: %v", r.Headers)
	}
}

func TestAnswerRoundTrip(t *testing.T) {
	for _, body := range [][]byte{[]byte("ok\n"), {0xff, 0, 1}, nil} {
		a := NewAnswer(&webhook.Response{Status: 418, Headers: webhook.NewHeaders("A", "1"), Body: body})
		frame, err := Encode(&Message{Type: TypeResponse, ID: "req_1", Response: a})
		if err != nil {
			t.Fatal(err)
		}
		got, err := Decode(frame)
		if err != nil {
			t.Fatal(err)
		}
		b, err := got.Response.BodyBytes()
		if err != nil || !bytes.Equal(b, body) || got.Response.Status != 418 || got.Response.Headers.Get("a") != "1" {
			t.Fatalf("answer changed: %+v %q %v", got.Response, b, err)
		}
	}
}

func TestDecodeRefuses(t *testing.T) {
	tests := []struct{ name, frame, want string }{
		{"not json", `{`, "not valid JSON"},
		{"no type", `{"id":"x"}`, `no "type"`},
		{"request without fixture", `{"type":"request","id":"x"}`, "carries no request"},
		{"request bad fixture", `{"type":"request","id":"x","request":{"method":"GET"}}`, "version"},
		{"request id mismatch", `{"type":"request","id":"x","request":{"version":1,"id":"y","method":"GET","path":"/","headers":[],"body":""}}`, "does not match"},
		{"ack without id", `{"type":"ack"}`, "no id"},
		{"empty response", `{"type":"response","id":"x"}`, "neither"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Decode([]byte(tt.frame))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Decode(%s) = %v, want an error containing %q", tt.frame, err, tt.want)
			}
		})
	}
}

// Decode reads a request frame in one pass when it is laid out as Encode
// writes it; any other layout must decode to the same message.
func TestDecodeAnyLayout(t *testing.T) {
	fixture := `{"version":1,"id":"req_1","method":"POST","path":"/h","headers":[["A","1"]],"body":"x"}`
	tests := []struct {
		name, frame string
		spliced     bool
	}{
		{"as Encode writes it", `{"type":"request","id":"req_1","seq":3,"request":` + fixture + `}`, true},
		{"trailing newline", `{"type":"request","id":"req_1","seq":3,"request":` + fixture + "}\n", true},
		{"request first", `{"request":` + fixture + `,"type":"request","id":"req_1","seq":3}`, false},
		{"request in the middle", `{"type":"request","request":` + fixture + `,"id":"req_1","seq":3}`, false},
		{"key in a nested object", `{"type":"request","forwarded":{"for":"a","request":1},"id":"req_1","seq":3,"request":` + fixture + `}`, false},
		{"key text inside a string", `{"type":"request","id":"req_1","seq":3,"message":"a,\"request\":b","request":` + fixture + `}`, true},
		{"request twice", `{"type":"request","request":{},"id":"req_1","seq":3,"request":` + fixture + `}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := Decode([]byte(tt.frame))
			if err != nil {
				t.Fatal(err)
			}
			if m.Type != TypeRequest || m.ID != "req_1" || m.Seq != 3 || m.Req.Path != "/h" || string(m.Req.Body) != "x" || m.Req.Headers.Get("a") != "1" {
				t.Fatalf("decoded %+v, request %+v", m, m.Req)
			}
			if _, ok := decodeSpliced([]byte(tt.frame)); ok != tt.spliced {
				t.Fatalf("one-pass path taken = %v, want %v", ok, tt.spliced)
			}
		})
	}
}

// Answers decode in one pass too when laid out as Encode writes them.
func TestDecodeAnswerAnyLayout(t *testing.T) {
	answer := `{"status":201,"headers":[["Content-Type","text/plain"],["X-A","1"]],"body":"made"}`
	tests := []struct {
		name, frame      string
		spliced, refused bool
	}{
		{"as Encode writes it", `{"type":"response","id":"req_1","response":` + answer + `}`, true, false},
		{"answer first", `{"response":` + answer + `,"type":"response","id":"req_1"}`, false, false},
		{"a field after the answer", `{"type":"response","id":"req_1","response":` + answer + `,"code":"x"}`, false, false},
		{"an unknown field in the answer", `{"type":"response","id":"req_1","response":{"status":201,"headers":[["Content-Type","text/plain"],["X-A","1"]],"body":"made","extra":1}}`, false, false},
		// encoding/json refuses 201.0 for an int; so must the one-pass path.
		{"a status as a float", `{"type":"response","id":"req_1","response":{"status":201.0,"headers":[],"body":""}}`, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, ok := decodeSpliced([]byte(tt.frame)); ok != tt.spliced {
				t.Fatalf("one-pass path taken = %v, want %v", ok, tt.spliced)
			}
			m, err := Decode([]byte(tt.frame))
			if tt.refused {
				if err == nil {
					t.Fatalf("Decode accepted it: %+v", m.Response)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			a := m.Response
			if m.Type != TypeResponse || m.ID != "req_1" || a == nil || a.Status != 201 || a.Body != "made" || a.Headers.Get("x-a") != "1" || len(a.Headers) != 2 {
				t.Fatalf("decoded %+v, answer %+v", m, a)
			}
		})
	}
}

func TestDecodeIgnoresUnknownTypes(t *testing.T) {
	m, err := Decode([]byte(`{"type":"future","extra":1}`))
	if err != nil || m.Type != "future" {
		t.Fatalf("Decode = %+v, %v", m, err)
	}
}

// FuzzDecode checks that no frame makes Decode panic, and that what it
// accepts encodes again.
func FuzzDecode(f *testing.F) {
	m, _ := NewRequestMessage(sampleRequest(), 1, false, nil)
	frame, _ := Encode(m)
	f.Add(frame)
	f.Add([]byte(`{"type":"ack","id":"req_1","seq":3}`))
	f.Add([]byte(`{"type":"response","id":"r","response":{"status":200,"headers":[["A","b"]],"body_encoding":"base64","body":"AA=="}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Decode(data)
		if err != nil {
			return
		}
		if fast, ok := decodeSpliced(data); ok {
			slow, err := decodeGeneral(data)
			if err != nil {
				t.Fatalf("the one-pass path accepted a frame the general one refuses (%v)", err)
			}
			a, _ := Encode(fast)
			b, _ := Encode(slow)
			if !bytes.Equal(a, b) || !reflect.DeepEqual(fast.Req, slow.Req) {
				t.Fatalf("the two decode paths differ:\n%s\n%s", a, b)
			}
		}
		if _, err := Encode(m); err != nil {
			t.Fatalf("decoded message does not encode: %v", err)
		}
		if m.Response != nil {
			_, _ = m.Response.BodyBytes()
		}
	})
}
