package webhook

import (
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func gzipped(t *testing.T, s string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write([]byte(s))
	zw.Close()
	return buf.Bytes()
}

func randomBytes(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

func sampleRequest(body []byte, headers Headers) *Request {
	return &Request{
		ID:         "req_0123456789abcdef01234567",
		ReceivedAt: time.Date(2026, 11, 23, 12, 0, 0, 123456000, time.UTC),
		Method:     "POST",
		Path:       "/hooks/stripe?x=1&y=%2F",
		Host:       "localhost:8080",
		Proto:      "HTTP/1.1",
		Headers:    headers,
		Body:       body,
	}
}

func TestFixtureRoundTripIsByteExact(t *testing.T) {
	fiveMiB := bytes.Repeat([]byte("0123456789abcdef"), 5<<20/16)
	cases := []struct {
		name    string
		body    []byte
		headers Headers
		wantB64 bool
	}{
		{"empty body", []byte{}, Headers{{"Content-Length", "0"}}, false},
		{"binary body", randomBytes(4096), Headers{{"Content-Type", "application/octet-stream"}}, true},
		{"gzip body", gzipped(t, `{"hello":"world"}`), Headers{{"Content-Encoding", "gzip"}}, true},
		{"5 MiB body", fiveMiB, Headers{{"Content-Type", "text/plain"}}, false},
		{"repeated headers", []byte(`{}`), Headers{
			{"Set-Cookie", "a=1; Path=/"}, {"X-Forwarded-For", "10.0.0.1"},
			{"Set-Cookie", "b=2; Path=/"}, {"x-forwarded-for", "10.0.0.2"}, {"X-Lower-case", "kept"},
		}, false},
		{"non-ASCII text", []byte("{\"name\":\"Zoë 東京 🚀\",\"sep\":\"\u2028\",\"html\":\"<a>&</a>\"}\n"), Headers{{"Content-Type", "application/json; charset=utf-8"}}, false},
		{"form body", []byte("Body=Hello+W%C3%B6rld&From=%2B15551234567&To=%2B15557654321"), Headers{{"Content-Type", "application/x-www-form-urlencoded"}}, false},
		{"control characters", []byte("a\x00b\x1bc\r\n"), nil, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := sampleRequest(tc.body, tc.headers)
			for _, marshal := range []func(*Request) ([]byte, error){MarshalFixture, MarshalFixtureLine} {
				data, err := marshal(in)
				if err != nil {
					t.Fatal(err)
				}
				if got := bytes.Contains(data, []byte(`"body_encoding": "base64"`)) || bytes.Contains(data, []byte(`"body_encoding":"base64"`)); got != tc.wantB64 {
					t.Errorf("base64 encoding = %v, want %v", got, tc.wantB64)
				}
				out, err := ParseFixture(data)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(out.Body, tc.body) {
					t.Fatalf("body changed in the round trip (%d bytes in, %d out)", len(tc.body), len(out.Body))
				}
				wantHeaders := tc.headers
				if wantHeaders == nil {
					wantHeaders = Headers{}
				}
				if !reflect.DeepEqual(out.Headers, wantHeaders) {
					t.Fatalf("headers = %q, want %q", out.Headers, wantHeaders)
				}
				in2 := *in
				in2.Headers, in2.Body = out.Headers, out.Body
				if !reflect.DeepEqual(out, &in2) {
					t.Fatalf("request changed in the round trip:\n got %+v\nwant %+v", out, &in2)
				}
				again, _ := marshal(out)
				if !bytes.Equal(again, data) {
					t.Fatal("encoding the decoded fixture gives different bytes")
				}
			}
		})
	}
}

func TestFixtureLineIsOneLine(t *testing.T) {
	data, err := MarshalFixtureLine(sampleRequest([]byte("a\nb\n"), Headers{{"A", "b"}}))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Count(data, []byte("\n")) != 1 || !bytes.HasSuffix(data, []byte("\n")) {
		t.Fatalf("not one line: %q", data)
	}
}

func TestParseFixtureErrors(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"not JSON", `{"version": 1, "method": "POST",`, "invalid JSON"},
		{"syntax error position", "{\n  \"version\": 1,\n  \"method\": POST\n}", "line 3, column 13"},
		{"no version", `{"method":"POST","path":"/","headers":[],"body":""}`, `no "version" field`},
		{"future version", `{"version":2,"method":"POST","path":"/","headers":[],"body":""}`, "version 2 is newer than this hookctl reads (1): upgrade hookctl"},
		{"version zero", `{"version":0,"method":"POST"}`, "not valid"},
		{"wrong type", `{"version":"1","method":"POST"}`, `field "version"`},
		{"no method", `{"version":1,"path":"/","headers":[],"body":""}`, `no "method"`},
		{"bad method", `{"version":1,"method":"PO ST","path":"/"}`, "not a valid HTTP method"},
		{"relative path", `{"version":1,"method":"POST","path":"hooks"}`, `must start with "/"`},
		{"control in path", `{"version":1,"method":"POST","path":"/a b"}`, "space or control character"},
		{"headers object", `{"version":1,"method":"POST","path":"/","headers":{"A":"b"}}`, "pairs"},
		{"header triple", `{"version":1,"method":"POST","path":"/","headers":[["A","b","c"]]}`, "header 1 must be"},
		{"bad header name", `{"version":1,"method":"POST","path":"/","headers":[["A b","c"]]}`, `invalid name "A b"`},
		{"header newline", `{"version":1,"method":"POST","path":"/","headers":[["A","b\r\nX: y"]]}`, "line break"},
		{"bad base64", `{"version":1,"method":"POST","path":"/","body_encoding":"base64","body":"!!"}`, "does not decode"},
		{"unknown encoding", `{"version":1,"method":"POST","path":"/","body_encoding":"hex","body":"00"}`, `body_encoding "hex" is unknown`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseFixture([]byte(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error = %v, want it to contain %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("error is not one line: %q", err)
			}
		})
	}
}

func TestParseFixtureNullHeaders(t *testing.T) {
	// This used to panic: null makes encoding/json drop the *Headers the
	// fixture decodes into.
	r, err := ParseFixture([]byte(`{"version":1,"method":"GET","headers":null}`))
	if err != nil || r.Headers == nil || len(r.Headers) != 0 {
		t.Fatalf("got %+v, %v; want no headers", r, err)
	}
}

func TestReadFileNamesTheFile(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"version":9}`), 0o644)
	_, err := ReadFile(bad)
	if err == nil || !strings.HasPrefix(err.Error(), bad+": fixture version 9") {
		t.Fatalf("error = %v", err)
	}
	_, err = ReadFile(filepath.Join(dir, "missing.json"))
	if err == nil || !strings.HasSuffix(err.Error(), "missing.json: no such file or folder") {
		t.Fatalf("error = %v", err)
	}
}

func TestLoadFolderGlobAndStream(t *testing.T) {
	dir := t.TempDir()
	a := sampleRequest([]byte("a"), nil)
	a.ID = "req_a"
	b := sampleRequest([]byte("b"), nil)
	b.ID = "req_b"
	mustWrite := func(name string, data []byte) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	da, _ := MarshalFixture(a)
	mustWrite("2.json", da)
	la, _ := MarshalFixtureLine(a)
	lb, _ := MarshalFixtureLine(b)
	mustWrite("1.jsonl", append(append(la, lb...), []byte("{\"version\":7}\n")...))
	mustWrite("3.json", []byte("{oops"))
	mustWrite("notes.txt", []byte("ignored"))

	got, err := Load([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	var summary []string
	for _, l := range got {
		s := l.Source
		if l.Err != nil {
			s += " error"
		} else {
			s += " " + l.Request.ID
		}
		summary = append(summary, filepath.Base(s))
	}
	want := []string{"1.jsonl:1 req_a", "1.jsonl:2 req_b", "1.jsonl:3 error", "2.json req_a", "3.json error"}
	if !reflect.DeepEqual(summary, want) {
		t.Fatalf("loaded %q, want %q", summary, want)
	}

	got, err = Load([]string{filepath.Join(dir, "*.json")})
	if err != nil || len(got) != 2 {
		t.Fatalf("glob: %d loaded, err %v", len(got), err)
	}
	if _, err := Load([]string{filepath.Join(dir, "*.nothing")}); err == nil || !strings.Contains(err.Error(), "matches no files") {
		t.Fatalf("empty glob error = %v", err)
	}
	if _, err := Load([]string{filepath.Join(dir, "absent")}); err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Fatalf("missing path error = %v", err)
	}
	if _, err := Load([]string{t.TempDir()}); err == nil || !strings.Contains(err.Error(), "no fixture files") {
		t.Fatalf("empty folder error = %v", err)
	}
}

func TestReadStreamConcatenatedObjects(t *testing.T) {
	a, _ := MarshalFixture(sampleRequest([]byte("x"), nil))
	got := ReadStream(bytes.NewReader(append(append([]byte{}, a...), a...)), "stdin")
	if len(got) != 2 || got[1].Err != nil || got[1].Source != "stdin:2" {
		t.Fatalf("got %+v", got)
	}
	got = ReadStream(strings.NewReader(`{"version":1,"method":"GET"} {bad`), "stdin")
	if len(got) != 2 || got[0].Err != nil || got[1].Err == nil || !strings.HasPrefix(got[1].Err.Error(), "stdin:2: invalid JSON") {
		t.Fatalf("got %+v", got)
	}
}

func TestWriteFileIsAtomicAndNamed(t *testing.T) {
	dir := t.TempDir()
	r := sampleRequest([]byte(`{"type":"payment_intent.succeeded"}`), Headers{{"Stripe-Signature", "t=1,v1=ab"}})
	r.Provider, r.Event = "stripe", "payment_intent.succeeded"
	path, err := WriteFile(dir, r)
	if err != nil {
		t.Fatal(err)
	}
	wantName := "20261123T120000.123456Z_stripe_payment_intent.succeeded_req_0123456789abcdef01234567.json"
	if filepath.Base(path) != wantName {
		t.Fatalf("name = %s, want %s", filepath.Base(path), wantName)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Fatalf("folder holds %d entries, want just the fixture", len(entries))
	}
	back, err := ReadFile(path)
	if err != nil || !bytes.Equal(back.Body, r.Body) || back.Event != r.Event {
		t.Fatalf("read back %+v, %v", back, err)
	}
}

func TestWriteFileToMissingFolderLeavesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "nope")
	_, err := WriteFile(dir, sampleRequest(nil, nil))
	if err == nil || !strings.Contains(err.Error(), "cannot write in") {
		t.Fatalf("error = %v", err)
	}
}

func TestFileNameIsSafe(t *testing.T) {
	r := sampleRequest(nil, nil)
	r.Provider, r.Event, r.ID = "git/hub", "../../etc/passwd", "a b"
	name := FileName(r)
	if strings.ContainsAny(name, "/ \\") || strings.Contains(name, "..") {
		t.Fatalf("unsafe name %q", name)
	}
}

func TestHeadersSetKeepsPosition(t *testing.T) {
	h := Headers{{"A", "1"}, {"b", "2"}, {"B", "3"}, {"C", "4"}}
	h.Set("B", "x")
	want := Headers{{"A", "1"}, {"b", "x"}, {"C", "4"}}
	if !reflect.DeepEqual(h, want) {
		t.Fatalf("got %v, want %v", h, want)
	}
	h.Del("a")
	if h.Has("A") || h.Get("c") != "4" || len(h.Values("B")) != 1 {
		t.Fatalf("got %v", h)
	}
}
