package webhook

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// FixtureVersion is the version of the fixture format this build reads and
// writes. A reader refuses a newer version rather than guess.
const FixtureVersion = 1

// fixture is the JSON form of a Request. Field order here is the order in a
// saved file, chosen so the interesting parts come first.
type fixture struct {
	Version      *int          `json:"version"`
	ID           string        `json:"id"`
	ReceivedAt   time.Time     `json:"received_at"`
	Method       string        `json:"method"`
	Path         string        `json:"path"`
	Host         string        `json:"host,omitempty"`
	Proto        string        `json:"proto,omitempty"`
	RemoteAddr   string        `json:"remote_addr,omitempty"`
	Provider     string        `json:"provider,omitempty"`
	Event        string        `json:"event,omitempty"`
	Verification *Verification `json:"verification,omitempty"`
	Expect       *Expect       `json:"expect,omitempty"`
	// Headers holds a Headers value, or *Headers when decoding, or
	// headersMark while an indented file is written.
	Headers      any    `json:"headers"`
	BodyEncoding string `json:"body_encoding,omitempty"`
	Body         string `json:"body"`
}

// BodyBase64 is the body_encoding of a body that is not valid UTF-8.
const BodyBase64 = "base64"

func toFixture(r *Request) fixture {
	v := FixtureVersion
	f := fixture{
		Version: &v, ID: r.ID, ReceivedAt: r.ReceivedAt.UTC(), Method: r.Method, Path: r.Path,
		Host: r.Host, Proto: r.Proto, RemoteAddr: r.RemoteAddr, Provider: r.Provider, Event: r.Event,
		Verification: r.Verification, Expect: r.Expect, Headers: r.Headers,
	}
	if r.Headers == nil {
		f.Headers = Headers{}
	}
	f.Body, f.BodyEncoding = EncodeBody(r.Body)
	return f
}

// EncodeBody returns a body as a fixture holds it: the text itself when it
// is UTF-8, otherwise base64 with the encoding "base64".
func EncodeBody(b []byte) (body, encoding string) {
	if utf8.Valid(b) {
		return string(b), ""
	}
	return base64.StdEncoding.EncodeToString(b), BodyBase64
}

// MarshalFixture returns the indented fixture file form of r, ending in a
// newline.
func MarshalFixture(r *Request) ([]byte, error) {
	return encode(r, "  ")
}

// MarshalFixtureLine returns the compact one-line form of r, ending in a
// newline: one line of a JSON lines stream.
func MarshalFixtureLine(r *Request) ([]byte, error) {
	if b, ok := appendFixtureLine(nil, r); ok {
		return b, nil
	}
	return encode(r, "")
}

// headersMark stands in for the headers while a fixture file is indented,
// so each header can then be written as one ["Name", "value"] line.
const headersMark = "\x00headers\x00"

// encode writes r through encoding/json: the indented form, and the line
// form for what appendFixtureLine leaves to it (and holds itself to).
func encode(r *Request, indent string) ([]byte, error) {
	f := toFixture(r)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep <, > and & readable in bodies
	if indent == "" {
		if err := enc.Encode(f); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}
	headers := f.Headers.(Headers)
	f.Headers = headersMark
	enc.SetIndent("", indent)
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	lines, err := headerLines(headers, indent)
	if err != nil {
		return nil, err
	}
	mark, _ := json.Marshal(headersMark)
	return bytes.Replace(buf.Bytes(), mark, lines, 1), nil
}

func headerLines(h Headers, indent string) ([]byte, error) {
	if len(h) == 0 {
		return []byte("[]"), nil
	}
	var b bytes.Buffer
	b.WriteString("[\n")
	for i, kv := range h {
		name, err := marshalNoEscape(kv.Name)
		if err != nil {
			return nil, err
		}
		value, err := marshalNoEscape(kv.Value)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&b, "%s%s[%s, %s]", indent, indent, name, value)
		if i < len(h)-1 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString(indent + "]")
	return b.Bytes(), nil
}

func marshalNoEscape(s string) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

// MarshalJSON makes a Request encode as its fixture form wherever it is
// embedded in other JSON output (listen --json, replay --json).
func (r *Request) MarshalJSON() ([]byte, error) {
	b, err := MarshalFixtureLine(r)
	if err != nil {
		return nil, err
	}
	return bytes.TrimRight(b, "\n"), nil
}

// UnmarshalJSON reads a fixture object, checking its version and fields.
func (r *Request) UnmarshalJSON(data []byte) error {
	got, err := fromJSON(data)
	if err != nil {
		return err
	}
	*r = *got
	return nil
}

// ParseFixture decodes one fixture object.
func ParseFixture(data []byte) (*Request, error) {
	return fromJSON(data)
}

func fromJSON(data []byte) (*Request, error) {
	if f, ok := decodeFixture(data); ok {
		return f.request()
	}
	return fromJSONReflect(data)
}

// fromJSONReflect is fromJSON through encoding/json alone: the path for
// whatever decodeFixture leaves, and the one that words syntax errors.
func fromJSONReflect(data []byte) (*Request, error) {
	headers := Headers{}
	f := fixture{Headers: &headers} // decodes into headers
	if err := json.Unmarshal(data, &f); err != nil {
		return nil, describeJSONError(data, err)
	}
	return f.request()
}

func (f *fixture) request() (*Request, error) {
	switch {
	case f.Version == nil:
		return nil, errors.New(`not a hookctl fixture: no "version" field`)
	case *f.Version > FixtureVersion:
		return nil, fmt.Errorf("fixture version %d is newer than this hookctl reads (%d): upgrade hookctl", *f.Version, FixtureVersion)
	case *f.Version < 1:
		return nil, fmt.Errorf("fixture version %d is not valid: the first version is 1", *f.Version)
	case f.Method == "":
		return nil, errors.New(`fixture has no "method"`)
	case !ValidHeaderName(f.Method):
		return nil, fmt.Errorf("fixture method %q is not a valid HTTP method", f.Method)
	case f.Path != "" && !strings.HasPrefix(f.Path, "/"):
		return nil, fmt.Errorf(`fixture path %q must start with "/"`, f.Path)
	case strings.ContainsFunc(f.Path, func(r rune) bool { return r <= ' ' || r == 0x7f }):
		return nil, fmt.Errorf("fixture path %q holds a space or control character: percent-encode it", f.Path)
	}
	// "headers": null makes encoding/json drop the *Headers it was to fill,
	// leaving f.Headers nil: read it as no headers, as null is for the
	// other fields, rather than panic on input from a file or the network.
	headers := Headers{}
	if h, ok := f.Headers.(*Headers); ok {
		headers = *h
	}
	r := &Request{
		ID: f.ID, ReceivedAt: f.ReceivedAt, Method: f.Method, Path: f.Path, Host: f.Host,
		Proto: f.Proto, RemoteAddr: f.RemoteAddr, Provider: f.Provider, Event: f.Event,
		Verification: f.Verification, Expect: f.Expect, Headers: headers,
	}
	if r.Path == "" {
		r.Path = "/"
	}
	switch f.BodyEncoding {
	case "", "utf-8", "utf8", "text":
		r.Body = []byte(f.Body)
	case BodyBase64:
		b, err := base64.StdEncoding.DecodeString(f.Body)
		if err != nil {
			return nil, fmt.Errorf("fixture body is marked base64 but does not decode: %v", err)
		}
		r.Body = b
	default:
		return nil, fmt.Errorf(`fixture body_encoding %q is unknown: use "base64" or leave it out for text`, f.BodyEncoding)
	}
	return r, nil
}

// describeJSONError turns a decoder error into one line with a position a
// person can find in the file.
func describeJSONError(data []byte, err error) error {
	if data == nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return errors.New("invalid JSON: the input ends in the middle of a value")
		}
		return fmt.Errorf("invalid JSON: %v", err)
	}
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		line, col := position(data, syn.Offset-1) // Offset is just past the bad byte
		return fmt.Errorf("invalid JSON at line %d, column %d: %v", line, col, syn)
	case errors.As(err, &typ):
		line, col := position(data, typ.Offset)
		return fmt.Errorf("field %q at line %d, column %d: expected %s, found a JSON %s", typ.Field, line, col, typ.Type, typ.Value)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("invalid JSON: the file ends in the middle of a value")
	}
	return err
}

func position(data []byte, offset int64) (line, col int) {
	offset = min(max(offset, 0), int64(len(data)))
	before := data[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	col = int(offset) - bytes.LastIndexByte(before, '\n')
	return line, col
}
