package webhook

import (
	"encoding/json"
	"reflect"
	"testing"
)

// Whatever the one-pass decoder accepts, encoding/json accepts too and
// reads the same way.
func FuzzDecodeResponseJSON(f *testing.F) {
	f.Add([]byte(`{"status":200,"headers":[["Content-Type","application/json"]],"body":"{\"ok\":true}"}`))
	f.Add([]byte(`{"status":500,"headers":[],"body_encoding":"base64","body":"AP8="}`))
	f.Add([]byte(` { "body" : "a\u00e9\n" , "status" : 204 , "headers" : [ [ "X" , "1" ] ] } `))
	f.Add([]byte(`{"status":01,"headers":[],"body":""}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fast, ok := DecodeResponseJSON(data)
		if !ok {
			return
		}
		var slow ResponseJSON
		if err := json.Unmarshal(data, &slow); err != nil {
			t.Fatalf("one-pass decoder accepted what encoding/json refuses (%v): %q", err, data)
		}
		if len(fast.Headers) == 0 && len(slow.Headers) == 0 {
			fast.Headers, slow.Headers = nil, nil
		}
		if !reflect.DeepEqual(fast, slow) {
			t.Fatalf("decoders differ on %q:\n%+v\n%+v", data, fast, slow)
		}
	})
}

func TestDecodeResponseJSON(t *testing.T) {
	tests := []struct {
		in string
		ok bool
	}{
		{`{"status":200,"headers":[["A","1"]],"body":"x"}`, true},
		{`{"status":200,"headers":[["A","1"]],"body":"x","extra":1}`, false}, // encoding/json ignores it; we leave it to it
		{`{"status":-1,"headers":[],"body":""}`, false},
		{`{"status":200,"headers":null,"body":""}`, false},
		{`{"status":200,"status":201,"headers":[],"body":""}`, false},
		{`{"Status":200,"headers":[],"body":""}`, false},
		{`{"status":200,"headers":[["bad name","1"]],"body":""}`, false},
		{`{"status":200,"headers":[],"body":"x"} trailing`, false},
	}
	for _, tt := range tests {
		if _, ok := DecodeResponseJSON([]byte(tt.in)); ok != tt.ok {
			t.Errorf("DecodeResponseJSON(%s) ok = %v, want %v", tt.in, ok, tt.ok)
		}
	}
}

// A body is kept as text when it is UTF-8, and as base64 otherwise; an
// answer built from a response reads back to the same bytes.
func TestEncodeBody(t *testing.T) {
	for _, tc := range []struct {
		in             []byte
		body, encoding string
	}{
		{nil, "", ""},
		{[]byte("zoë"), "zoë", ""},
		{[]byte{0xff, 0x00}, "/wA=", BodyBase64},
	} {
		body, enc := EncodeBody(tc.in)
		if body != tc.body || enc != tc.encoding {
			t.Errorf("EncodeBody(%q) = %q, %q; want %q, %q", tc.in, body, enc, tc.body, tc.encoding)
		}
		a := NewResponseJSON(&Response{Status: 200, Body: tc.in})
		back, err := a.BodyBytes()
		if err != nil || string(back) != string(tc.in) || a.Headers == nil {
			t.Errorf("NewResponseJSON(%q) reads back %q, %v (headers %v)", tc.in, back, err, a.Headers)
		}
	}
}
