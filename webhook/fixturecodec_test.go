package webhook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// checkLineMatches fails t unless MarshalFixtureLine writes r exactly as
// encoding/json does, and says whether the hand-written encoder did it.
func checkLineMatches(t *testing.T, r *Request) (fast bool) {
	t.Helper()
	want, wantErr := encode(r, "")
	got, ok := appendFixtureLine(nil, r)
	switch {
	case ok && wantErr != nil:
		t.Fatalf("appendFixtureLine writes %q where encoding/json fails: %v", got, wantErr)
	case ok && !bytes.Equal(got, want):
		t.Fatalf("appendFixtureLine writes\n%q\nencoding/json writes\n%q", got, want)
	case !ok && r.Verification == nil && r.Expect == nil && wantErr == nil:
		t.Fatalf("appendFixtureLine leaves to encoding/json what it should write: %q", want)
	}
	line, err := MarshalFixtureLine(r)
	if !bytes.Equal(line, want) || fmt.Sprint(err) != fmt.Sprint(wantErr) {
		t.Fatalf("MarshalFixtureLine = %q, %v; want %q, %v", line, err, want, wantErr)
	}
	return ok
}

func TestFixtureLineMatchesEncodingJSON(t *testing.T) {
	base := func() *Request {
		return sampleRequest([]byte(`{"a":"b"}`), Headers{{"Content-Type", "application/json"}})
	}
	cases := []struct {
		name string
		edit func(r *Request)
		fast bool
	}{
		{"sample", func(r *Request) {}, true},
		{"every optional field", func(r *Request) {
			r.RemoteAddr, r.Provider, r.Event = "127.0.0.1:1", "stripe", "payment_intent.succeeded"
		}, true},
		{"no optional field", func(r *Request) { r.Host, r.Proto = "", "" }, true},
		{"zero request", func(r *Request) { *r = Request{} }, true},
		{"nil headers", func(r *Request) { r.Headers = nil }, true},
		{"empty headers", func(r *Request) { r.Headers = Headers{} }, true},
		{"html in headers and body", func(r *Request) {
			r.Headers = Headers{{"X-<&>", "<a href=\"x\">&amp;</a>"}}
			r.Body = []byte("<a href=\"x\">&amp;</a>")
			r.Path = "/?a=<b>&c"
		}, true},
		{"control bytes", func(r *Request) {
			r.Body = []byte("\x00\x01\b\t\n\v\f\r\x1b\x1f \x7f\"\\/")
			r.Headers = Headers{{"A", "\x00\x01\b\t\n\f\r\x1f\x7f\"\\"}}
			r.ID = "\t\n"
		}, true},
		{"line separators", func(r *Request) {
			r.Body = []byte("a\u2028b\u2029c\u2027\u202a")
			r.Headers = Headers{{"A", "\u2028\u2029"}}
			r.Event = "\u2029"
		}, true},
		{"non-ASCII", func(r *Request) {
			r.Body = []byte("Zoë 東京 🚀 \uFFFD \U0010FFFF")
			r.Headers = Headers{{"X-Name", "Zoë"}}
		}, true},
		{"invalid UTF-8 in strings", func(r *Request) {
			r.ID, r.Method, r.Path = "a\xffb", "\xc3", "/\xed\xa0\x80"
			r.Headers = Headers{{"\xff", "\xe2\x80"}}
		}, true},
		{"binary body", func(r *Request) { r.Body = []byte{0xff, 0, 1, 2} }, true},
		{"nil body", func(r *Request) { r.Body = nil }, true},
		{"whole seconds", func(r *Request) { r.ReceivedAt = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) }, true},
		{"odd nanoseconds", func(r *Request) { r.ReceivedAt = time.Date(2026, 1, 2, 3, 4, 5, 1, time.UTC) }, true},
		{"trailing zero nanoseconds", func(r *Request) { r.ReceivedAt = time.Date(2026, 1, 2, 3, 4, 5, 120000000, time.UTC) }, true},
		{"other zone", func(r *Request) {
			r.ReceivedAt = time.Date(2026, 1, 2, 3, 4, 5, 6, time.FixedZone("X", -(9*3600+30*60)))
		}, true},
		{"local time with monotonic clock", func(r *Request) { r.ReceivedAt = time.Now() }, true},
		{"year 0", func(r *Request) { r.ReceivedAt = time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC) }, true},
		{"year 9999", func(r *Request) { r.ReceivedAt = time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC) }, true},
		{"year 10000", func(r *Request) { r.ReceivedAt = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) }, false},
		{"year -1", func(r *Request) { r.ReceivedAt = time.Date(-1, 1, 1, 0, 0, 0, 0, time.UTC) }, false},
		{"year 9999 in UTC, 10000 in its zone", func(r *Request) {
			r.ReceivedAt = time.Date(10000, 1, 1, 0, 30, 0, 0, time.FixedZone("X", 3600))
		}, true},
		{"verification", func(r *Request) { r.Verification = &Verification{Provider: "stripe", Valid: true} }, false},
		{"expect", func(r *Request) { r.Expect = &Expect{Status: "2xx"} }, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := base()
			tc.edit(r)
			if fast := checkLineMatches(t, r); fast != tc.fast {
				t.Fatalf("written by the hand-written encoder: %v, want %v", fast, tc.fast)
			}
		})
	}
}

// FuzzFixtureLineMatchesEncodingJSON holds the hand-written encoder to the
// bytes encoding/json writes for any request.
func FuzzFixtureLineMatchesEncodingJSON(f *testing.F) {
	f.Add("req_0123", "POST", "/hooks?a=<b>&c=%2F", "localhost:8080", "HTTP/1.1", "127.0.0.1:1", "stripe", "payment_intent.succeeded",
		"Content-Type", "application/json", "If-None-Match", `"etag"`, []byte(`{"a":"<b>&\u2028","n":1}`+"\n"), int64(1795435200), int64(123456000), int32(0), uint8(0))
	f.Add("\x00\xff", "\t", "/\u2028", "\u2029", "", "", "", "", "X-\x7f", "a\x00b\r\n", "", "", []byte{0xff, 0xfe, 0}, int64(-62135596800), int64(1), int32(-3600), uint8(0xff))
	f.Add("", "", "", "", "", "", "", "", "", "", "", "", []byte("\xed\xa0\x80 \xe2\x80\xa8 \xc3\x28"), int64(253402300799), int64(999999999), int32(50400), uint8(2))
	f.Add("id", "GET", "/", "", "", "", "", "", "A", "b", "C", "d", []byte(nil), int64(253402300800), int64(0), int32(0), uint8(1))
	f.Fuzz(func(t *testing.T, id, method, path, host, proto, remote, provider, event, name1, value1, name2, value2 string,
		body []byte, sec, nsec int64, zone int32, flags uint8) {
		r := &Request{
			ID: id, Method: method, Path: path, Host: host, Proto: proto, RemoteAddr: remote,
			Provider: provider, Event: event, Body: body,
			ReceivedAt: time.Unix(sec, nsec).In(time.FixedZone("Z", int(zone))),
		}
		switch flags & 3 {
		case 1:
			r.Headers = Headers{}
		case 2:
			r.Headers = Headers{{name1, value1}}
		case 3:
			r.Headers = Headers{{name1, value1}, {name2, value2}, {name1, value2}}
		}
		if flags&4 != 0 {
			r.Verification = &Verification{Provider: provider, Reason: value1}
		}
		if flags&8 != 0 {
			r.Expect = &Expect{Status: value2}
		}
		if flags&16 != 0 && body == nil {
			r.Body = []byte{}
		}
		checkLineMatches(t, r)
	})
}

// checkDecodeMatches fails t if decodeFixture takes data but reads it other
// than encoding/json does, and says whether it took it.
func checkDecodeMatches(t *testing.T, data []byte) (fast bool) {
	t.Helper()
	got, ok := decodeFixture(data)
	if !ok {
		return false
	}
	headers := Headers{}
	want := fixture{Headers: &headers}
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatalf("decodeFixture takes what encoding/json refuses (%v): %q", err, data)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("decodeFixture reads %q as\n%#v\nencoding/json as\n%#v", data, got, want)
	}
	r, err := got.request()
	wantR, wantErr := fromJSONReflect(data)
	if !reflect.DeepEqual(r, wantR) || fmt.Sprint(err) != fmt.Sprint(wantErr) {
		t.Fatalf("decoding %q gives\n%#v, %v\nencoding/json gives\n%#v, %v", data, r, err, wantR, wantErr)
	}
	return true
}

func TestDecodeFixtureMatchesEncodingJSON(t *testing.T) {
	const (
		head = `{"version":1,"method":"POST","path":"/"`
		tail = `,"headers":[["A","b"]],"body":"x"}`
	)
	sample := sampleRequest([]byte(`{"a":"<b>&\u2028"}`), Headers{{"Content-Type", "application/json"}, {"X-Quote", `"q"`}})
	sample.RemoteAddr, sample.Provider, sample.Event = "127.0.0.1:1", "stripe", "e"
	line, _ := MarshalFixtureLine(sample)
	file, _ := MarshalFixture(sample)
	binary := sampleRequest([]byte{0xff, 0}, nil)
	binaryLine, _ := MarshalFixtureLine(binary)
	binaryFile, _ := MarshalFixture(binary)
	verified := sampleRequest(nil, nil)
	verified.Verification = &Verification{Provider: "stripe", Valid: true}
	verifiedLine, _ := MarshalFixtureLine(verified)

	cases := []struct {
		name string
		in   string
		fast bool
	}{
		// What hookctl writes, and white space anywhere JSON allows it.
		{"line", string(line), true},
		{"file", string(file), true},
		{"binary line", string(binaryLine), true},
		{"binary file", string(binaryFile), true},
		{"white space", " \t\r\n{ \"version\" :\t1 ,\n\"method\"\r:\"GET\" , \"headers\" : [ [ \"A\" , \"b\" ] , [\"C\",\"\"] ] , \"headers_\":1 } \n", false},
		{"white space, known keys", " \t\r\n{ \"version\" :\t1 ,\n\"method\"\r:\"GET\" , \"headers\" : [ [ \"A\" , \"b\" ] , [\"C\",\"\"] ] } \n", true},
		{"empty headers", head + `,"headers":[ ]}`, true},
		{"empty object", `{}`, true},
		{"empty object with space", "{ \n}", true},
		{"keys in another order", `{"body":"x","headers":[],"path":"/a","method":"GET","version":1,"id":"i","received_at":"2026-01-02T03:04:05+01:00"}`, true},
		{"every field", `{"version":1,"id":"i","received_at":"2026-01-02T03:04:05.5Z","method":"GET","path":"/","host":"h","proto":"p","remote_addr":"r","provider":"v","event":"e","headers":[],"body_encoding":"text","body":"x"}`, true},

		// Strings.
		{"escapes", head + `,"id":"\" \\ \/ \b \f \n \r \t"` + tail, true},
		{"unicode escapes", head + `,"id":"\u0000\u001f\u00e9\u00E9\u2028\uffff\uFFFD"` + tail, true},
		{"escapes in a header", head + `,"headers":[["X-\u0041","\"q\" \u00e9 \t"]]}`, true},
		{"escapes in the body", head + `,"body":"{\"a\":\"b\\\\c\"}\n"}`, true},
		{"escape at the start", head + `,"body":"\nx"}`, true},
		{"escape at the end", head + `,"body":"x\n"}`, true},
		{"raw non-ASCII", head + `,"id":"Zoë 東京 🚀 ` + "\u2028" + `"` + tail, true},
		{"raw DEL", head + ",\"id\":\"\x7f\"" + tail, true},
		{"surrogate pair", head + `,"id":"\ud83d\ude80"` + tail, false},
		{"lone surrogate", head + `,"id":"\ud800"` + tail, false},
		{"low surrogate", head + `,"id":"\uDFFF x"` + tail, false},
		{"invalid UTF-8", head + ",\"id\":\"\xff\"" + tail, false},
		{"encoded surrogate", head + ",\"id\":\"\xed\xa0\x80\"" + tail, false},
		{"raw control byte", head + ",\"id\":\"a\tb\"" + tail, false},
		{"raw newline in the body", head + ",\"body\":\"a\nb\"}", false},
		{"bad escape", head + `,"id":"\x"` + tail, false},
		{"short unicode escape", head + `,"id":"\u12"` + tail, false},
		{"bad hex", head + `,"id":"\u12g4"` + tail, false},
		{"unterminated string", head + `,"id":"abc`, false},
		{"unterminated escape", head + `,"id":"abc\`, false},

		// Keys.
		{"key in another case", `{"Version":1,"method":"GET"}`, false},
		{"key in upper case", `{"version":1,"METHOD":"GET"}`, false},
		{"key folding to a field", "{\"version\":1,\"method\":\"GET\",\"hoſt\":\"h\"}", false},
		{"unknown key", head + `,"extra":"x"}`, false},
		{"escaped key", `{"versio\u006e":1,"method":"GET"}`, false},
		{"repeated key", `{"version":1,"method":"GET","method":"POST"}`, false},
		{"repeated headers", head + `,"headers":[],"headers":[["A","b"]]}`, false},
		{"verification", string(verifiedLine), false},
		{"expect", head + `,"expect":{"status":"2xx"}}`, false},

		// Version.
		{"version 0", `{"version":0,"method":"GET"}`, true},
		{"version 2", `{"version":2,"method":"GET"}`, true},
		{"long version", `{"version":123456789,"method":"GET"}`, true},
		{"too long a version", `{"version":1234567890,"method":"GET"}`, false},
		{"version 1.0", `{"version":1.0,"method":"GET"}`, false},
		{"version 1e0", `{"version":1e0,"method":"GET"}`, false},
		{"version -1", `{"version":-1,"method":"GET"}`, false},
		{"version 01", `{"version":01,"method":"GET"}`, false},
		{"version as a string", `{"version":"1","method":"GET"}`, false},
		{"version true", `{"version":true,"method":"GET"}`, false},

		// null, for any field.
		{"null version", `{"version":null,"method":"GET"}`, false},
		{"null method", `{"version":1,"method":null}`, false},
		{"null time", `{"version":1,"method":"GET","received_at":null}`, false},
		{"null headers", `{"version":1,"method":"GET","headers":null}`, false},
		{"null header", `{"version":1,"method":"GET","headers":[null]}`, false},
		{"null header value", `{"version":1,"method":"GET","headers":[["A",null]]}`, false},
		{"null body", `{"version":1,"method":"GET","body":null}`, false},
		{"null object", `null`, false},

		// Time, read by time.Time.UnmarshalJSON.
		{"time with offset", head + `,"received_at":"2026-01-02T03:04:05.123456789-09:30"` + tail, true},
		{"time with nanoseconds", head + `,"received_at":"2026-01-02T03:04:05.000000001Z"` + tail, true},
		{"bad time", head + `,"received_at":"yesterday"` + tail, false},
		{"time without zone", head + `,"received_at":"2026-01-02T03:04:05"` + tail, false},
		{"escaped time", head + `,"received_at":"2026-01-02T03:04:05\u005a"` + tail, false},
		{"time as a number", head + `,"received_at":1` + tail, false},

		// Headers: a bad one is left for the error to be worded.
		{"headers object", head + `,"headers":{"A":"b"}}`, false},
		{"header triple", head + `,"headers":[["A","b","c"]]}`, false},
		{"header single", head + `,"headers":[["A"]]}`, false},
		{"header number", head + `,"headers":[["A",1]]}`, false},
		{"bad header name", head + `,"headers":[["A b","c"]]}`, false},
		{"empty header name", head + `,"headers":[["","c"]]}`, false},
		{"header newline", head + `,"headers":[["A","b\r\nX: y"]]}`, false},
		{"header NUL", head + `,"headers":[["A","\u0000"]]}`, false},
		{"trailing comma in headers", head + `,"headers":[["A","b"],]}`, false},

		// Fields request() refuses, with the same words either way.
		{"no version", `{"method":"GET"}`, true},
		{"no method", `{"version":1}`, true},
		{"bad method", `{"version":1,"method":"PO ST"}`, true},
		{"relative path", `{"version":1,"method":"GET","path":"a"}`, true},
		{"bad base64", `{"version":1,"method":"GET","body_encoding":"base64","body":"!!"}`, true},
		{"unknown encoding", `{"version":1,"method":"GET","body_encoding":"hex","body":"00"}`, true},

		// Syntax.
		{"trailing text", `{"version":1,"method":"GET"}x`, false},
		{"second object", `{"version":1,"method":"GET"} {}`, false},
		{"trailing comma", `{"version":1,"method":"GET",}`, false},
		{"missing comma", `{"version":1 "method":"GET"}`, false},
		{"missing colon", `{"version" 1}`, false},
		{"unclosed object", `{"version":1,"method":"GET"`, false},
		{"byte order mark", "\ufeff{\"version\":1,\"method\":\"GET\"}", false},
		{"form feed as space", "{\f\"version\":1,\"method\":\"GET\"}", false},
		{"array", `[]`, false},
		{"empty input", ``, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if fast := checkDecodeMatches(t, []byte(tc.in)); fast != tc.fast {
				t.Fatalf("read by the hand-written decoder: %v, want %v", fast, tc.fast)
			}
			// Whichever path reads it, ParseFixture's answer is today's.
			got, err := ParseFixture([]byte(tc.in))
			want, wantErr := fromJSONReflect([]byte(tc.in))
			if !reflect.DeepEqual(got, want) || fmt.Sprint(err) != fmt.Sprint(wantErr) {
				t.Fatalf("ParseFixture = %+v, %v\nwant %+v, %v", got, err, want, wantErr)
			}
		})
	}
}

func TestDecodeFixtureEscapedHeaderThenBody(t *testing.T) {
	// The first escaped string sizes the buffer that later ones reuse.
	body := strings.Repeat(`{"k":"v\n"},`, 1000)
	r := sampleRequest([]byte(body), Headers{{"If-None-Match", `"etag"`}, {"X-Tab", "a\tb"}})
	for _, marshal := range []func(*Request) ([]byte, error){MarshalFixture, MarshalFixtureLine} {
		data, _ := marshal(r)
		if !checkDecodeMatches(t, data) {
			t.Fatal("not read by the hand-written decoder")
		}
		back, err := ParseFixture(data)
		if err != nil || string(back.Body) != body || !reflect.DeepEqual(back.Headers, r.Headers) {
			t.Fatalf("round trip changed the request: %v", err)
		}
	}
}

// FuzzDecodeFixtureMatchesEncodingJSON puts fuzzed text, raw, inside a
// fixture's strings, numbers, keys and white space, where the hand-written
// decoder mostly takes it, and holds the result to encoding/json's.
func FuzzDecodeFixtureMatchesEncodingJSON(f *testing.F) {
	f.Add("1", "req_1", "2026-11-23T12:00:00.123Z", "Content-Type", "application/json", `{\"a\":\"\u00e9\\\/\"}\n`, "event", " ")
	f.Add("0", `\ud83d\ude80`, `2026-11-23T12:00:00+01:00`, `X-\u0041`, "\t", "\xff\u2028\x7f", "Event", "\n\t")
	f.Add("01", `\uDFFF`, "2026-11-23T12:00:00", "A b", `\r\n`, "\x00", "ho\u017ft", "")
	f.Fuzz(func(t *testing.T, version, id, at, name, value, body, key, space string) {
		q := func(s string) string { return `"` + s + `"` } // s raw, escapes and all
		data := "{" + space + q("version") + space + ":" + space + version + space + "," +
			q("id") + ":" + q(id) + "," + q("received_at") + ":" + q(at) + "," +
			q("method") + ":" + q("POST") + "," + q(key) + ":" + q(value) + "," + space +
			q("headers") + ":[" + space + "[" + q(name) + "," + space + q(value) + "]" + space + "]," +
			q("body") + ":" + q(body) + space + "}" + space
		checkDecodeMatches(t, []byte(data))
	})
}
