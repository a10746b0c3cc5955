package webhook

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// FuzzParseFixture feeds arbitrary bytes to the fixture decoder: it must
// never panic, the hand-written decoder must read whatever it takes as
// encoding/json does, and whatever is accepted must encode, the line form
// as encoding/json writes it, and decode again to the same request, body
// byte for byte.
func FuzzParseFixture(f *testing.F) {
	paths, _ := filepath.Glob(filepath.Join("..", "testdata", "hooks", "*.json"))
	for _, p := range paths {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(`{"version":1,"method":"POST","path":"/","headers":[["A","b"]],"body_encoding":"base64","body":"AAE="}`))
	f.Add([]byte(`{"version":1,"method":"GET"}`))
	f.Add([]byte(`{"version":2}`))
	f.Add([]byte(`{"version":1,"method":"GET","headers":null}`))
	f.Add([]byte(" {\n \"version\" : 1 ,\"method\":\"GET\", \"headers\": [ [\"A\" , \"\\\"b\\u00e9\\\"\"] ] }\r\n"))
	f.Add([]byte(`{"version":1,"id":"\ud83d\ude80","received_at":"2026-01-02T03:04:05.5+01:00","method":"GET","body":"\"\\\/\b\f\n\r\t\u2028"}`))
	f.Add([]byte(`{"Version":1,"method":"GET","verification":{"provider":"x","valid":true}}`))
	for _, r := range []*Request{
		sampleRequest([]byte("{\"a\":\"<b>&\u2028\"}\n\x7f"), Headers{{"X-Quote", `"q"`}}),
		sampleRequest([]byte{0xff, 0}, nil),
	} {
		line, _ := MarshalFixtureLine(r)
		file, _ := MarshalFixture(r)
		f.Add(line)
		f.Add(file)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		checkDecodeMatches(t, data)
		r, err := ParseFixture(data)
		if err != nil {
			return
		}
		checkLineMatches(t, r)
		for _, marshal := range []func(*Request) ([]byte, error){MarshalFixture, MarshalFixtureLine} {
			out, err := marshal(r)
			if err != nil {
				t.Fatalf("accepted fixture does not encode: %v", err)
			}
			back, err := ParseFixture(out)
			if err != nil {
				t.Fatalf("encoded fixture does not decode: %v\n%s", err, out)
			}
			if !bytes.Equal(back.Body, r.Body) || back.Method != r.Method || back.Path != r.Path || len(back.Headers) != len(r.Headers) {
				t.Fatalf("round trip changed the request")
			}
		}
	})
}

// FuzzReadStream checks the JSON lines reader never panics.
func FuzzReadStream(f *testing.F) {
	f.Add([]byte("{\"version\":1,\"method\":\"GET\"}\n{\"version\":1,\"method\":\"POST\"}\n"))
	f.Add([]byte("{bad"))
	f.Fuzz(func(t *testing.T, data []byte) {
		for _, l := range ReadStream(bytes.NewReader(data), "fuzz") {
			if (l.Err == nil) == (l.Request == nil) {
				t.Fatalf("%s: exactly one of Request and Err must be set", l.Source)
			}
		}
	})
}
