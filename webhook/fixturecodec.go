package webhook

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
)

// The hand-written fixture codec below is the common path of
// MarshalFixtureLine and ParseFixture, which run for every request the
// relay and listen --json handle; encoding/json's reflection was a large
// share of their CPU. Each half covers only the usual shapes and says so
// with ok=false otherwise, leaving the rest, and the wording of every
// error, to the encoding/json path. The fuzz tests hold each half to
// encoding/json's exact results.

// appendFixtureLine appends what encode(r, "") writes: the compact fixture
// line with its newline, byte for byte. ok=false leaves r to encode: a
// verification or expect block, which is rare, or a time MarshalJSON
// refuses.
func appendFixtureLine(b []byte, r *Request) (_ []byte, ok bool) {
	if r.Verification != nil || r.Expect != nil {
		return nil, false
	}
	t := r.ReceivedAt.UTC()
	if y := t.Year(); y < 0 || y > 9999 { // time.Time.MarshalJSON's range
		return nil, false
	}
	// Size the line to hold the body with each quote escaped and some
	// room for other escapes, so a JSON body seldom makes it grow.
	text := utf8.Valid(r.Body)
	n := base64.StdEncoding.EncodedLen(len(r.Body))
	if text {
		n = len(r.Body) + bytes.Count(r.Body, []byte{'"'}) + len(r.Body)/16
	}
	n += 192 + len(r.ID) + len(r.Method) + len(r.Path) + len(r.Host) + len(r.Proto) +
		len(r.RemoteAddr) + len(r.Provider) + len(r.Event)
	for _, kv := range r.Headers {
		n += len(kv.Name) + len(kv.Value) + 8
	}
	b = slices.Grow(b, n)

	b = append(b, `{"version":`...)
	b = strconv.AppendInt(b, FixtureVersion, 10)
	b = appendField(b, `,"id":`, r.ID, false)
	b = append(b, `,"received_at":"`...)
	b = t.AppendFormat(b, time.RFC3339Nano) // what MarshalJSON writes in range
	b = append(b, '"')
	b = appendField(b, `,"method":`, r.Method, false)
	b = appendField(b, `,"path":`, r.Path, false)
	b = appendField(b, `,"host":`, r.Host, true)
	b = appendField(b, `,"proto":`, r.Proto, true)
	b = appendField(b, `,"remote_addr":`, r.RemoteAddr, true)
	b = appendField(b, `,"provider":`, r.Provider, true)
	b = appendField(b, `,"event":`, r.Event, true)
	b = append(b, `,"headers":[`...)
	for i, kv := range r.Headers {
		if i > 0 {
			b = append(b, ',')
		}
		// Headers.MarshalJSON goes through json.Marshal, which escapes
		// <, > and &, and the encoder's compacting keeps them escaped.
		b = append(b, '[')
		b = appendJSONString(b, kv.Name, true)
		b = append(b, ',')
		b = appendJSONString(b, kv.Value, true)
		b = append(b, ']')
	}
	b = append(b, ']')
	if text {
		b = append(b, `,"body":`...)
		b = appendJSONString(b, r.Body, false)
	} else {
		b = append(b, `,"body_encoding":"`+BodyBase64+`","body":"`...)
		b = base64.StdEncoding.AppendEncode(b, r.Body)
		b = append(b, '"')
	}
	return append(b, "}\n"...), true
}

// appendField appends key and s as a string, or nothing when omitEmpty
// and s is empty, as an omitempty field is.
func appendField(b []byte, key, s string, omitEmpty bool) []byte {
	if omitEmpty && s == "" {
		return b
	}
	b = append(b, key...)
	return appendJSONString(b, s, false)
}

// jsonPlain[0] marks the bytes encoding/json copies into a string as they
// are, and jsonPlain[1] those it copies when it escapes HTML: every other
// byte needs a look.
var jsonPlain = func() (t [2][256]bool) {
	for c := ' '; c < utf8.RuneSelf; c++ {
		t[0][c] = c != '"' && c != '\\'
		t[1][c] = t[0][c] && c != '<' && c != '>' && c != '&'
	}
	return t
}()

const hexDigits = "0123456789abcdef"

// appendJSONString appends s quoted exactly as encoding/json's appendString
// does.
func appendJSONString[S []byte | string](b []byte, s S, escapeHTML bool) []byte {
	plain := &jsonPlain[0]
	if escapeHTML {
		plain = &jsonPlain[1]
	}
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if plain[c] {
			i++
			continue
		}
		if c < utf8.RuneSelf {
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(string(s[i:min(i+utf8.UTFMax, len(s))]))
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// decodeFixture reads a fixture object in one pass, to the fixture that
// encoding/json would fill. It takes what MarshalFixture and
// MarshalFixtureLine write, in any layout, but says ok=false for anything
// whose handling by encoding/json it does not repeat exactly: a key not
// spelled exactly as a field's (encoding/json also matches other cases),
// an escaped or repeated key, null, a version that is not a plain integer,
// a surrogate or invalid UTF-8 in a string, a verification or expect block
// (rare enough to leave), and any header, time or syntax that encoding/json
// or Headers.UnmarshalJSON would refuse, so errors keep their words.
func decodeFixture(data []byte) (f fixture, ok bool) {
	d := fixtureDecoder{data: data}
	headers := Headers{}
	f.Headers = &headers
	ok = d.object(func(key []byte) (bit uint16, ok bool) {
		switch string(key) {
		case "version":
			var v int
			v, ok = d.uint()
			f.Version = &v
			return 1 << 0, ok
		case "id":
			f.ID, ok = d.string()
			return 1 << 1, ok
		case "received_at":
			// encoding/json hands the token as it is, escapes and all,
			// to time.Time.UnmarshalJSON.
			raw, ok := d.rawString()
			return 1 << 2, ok && f.ReceivedAt.UnmarshalJSON(raw) == nil
		case "method":
			f.Method, ok = d.string()
			return 1 << 3, ok
		case "path":
			f.Path, ok = d.string()
			return 1 << 4, ok
		case "host":
			f.Host, ok = d.string()
			return 1 << 5, ok
		case "proto":
			f.Proto, ok = d.string()
			return 1 << 6, ok
		case "remote_addr":
			f.RemoteAddr, ok = d.string()
			return 1 << 7, ok
		case "provider":
			f.Provider, ok = d.string()
			return 1 << 8, ok
		case "event":
			f.Event, ok = d.string()
			return 1 << 9, ok
		case "headers":
			headers, ok = d.headers()
			return 1 << 10, ok
		case "body_encoding":
			f.BodyEncoding, ok = d.string()
			return 1 << 11, ok
		case "body":
			f.Body, ok = d.string()
			return 1 << 12, ok
		}
		return 0, false // verification, expect, unknown or case-folded keys
	})
	return f, ok
}

type fixtureDecoder struct {
	data []byte
	i    int
	buf  []byte // for undoing escapes
}

// object reads one JSON object and nothing after it but white space. field
// reads the value of each key and returns the key's bit, so that a key
// given twice is refused (encoding/json would keep the last; refusing is
// the safe side of a fast path).
func (d *fixtureDecoder) object(field func(key []byte) (bit uint16, ok bool)) bool {
	d.space()
	if !d.take('{') {
		return false
	}
	var seen uint16
	d.space()
	if !d.take('}') {
		for {
			d.space()
			key, ok := d.key()
			if !ok {
				return false
			}
			d.space()
			if !d.take(':') {
				return false
			}
			d.space()
			bit, ok := field(key)
			if !ok || seen&bit != 0 {
				return false
			}
			seen |= bit
			d.space()
			if d.take('}') {
				break
			}
			if !d.take(',') {
				return false
			}
		}
	}
	d.space()
	return d.i == len(d.data)
}

// space skips JSON white space.
func (d *fixtureDecoder) space() {
	for d.i < len(d.data) {
		switch d.data[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// take consumes c if it comes next.
func (d *fixtureDecoder) take(c byte) bool {
	if d.i < len(d.data) && d.data[d.i] == c {
		d.i++
		return true
	}
	return false
}

// uint reads a non-negative integer literal short enough not to overflow;
// what follows it is left for the caller to check, so 1.0 and 1e0 fail
// there.
func (d *fixtureDecoder) uint() (int, bool) {
	start := d.i
	n := 0
	for d.i < len(d.data) && d.data[d.i] >= '0' && d.data[d.i] <= '9' {
		n = n*10 + int(d.data[d.i]-'0')
		d.i++
	}
	digits := d.i - start
	if digits == 0 || digits > 9 || (digits > 1 && d.data[start] == '0') {
		return 0, false
	}
	return n, true
}

// stringPlain marks the bytes that stand for themselves inside a JSON
// string: not a quote, a backslash or a control byte. Bytes of 0x80 and up
// are plain here and checked as UTF-8 once the string's end is found.
var stringPlain = func() (t [256]bool) {
	for c := ' '; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// scanString reads a string token and returns its contents as they are,
// escapes checked but not undone, and whether it holds any. It refuses
// invalid UTF-8, which encoding/json would replace.
func (d *fixtureDecoder) scanString() (raw []byte, escaped, ok bool) {
	data, i := d.data, d.i
	if i >= len(data) || data[i] != '"' {
		return nil, false, false
	}
	i++
	start := i
	for {
		for i < len(data) && stringPlain[data[i]] {
			i++
		}
		if i >= len(data) || data[i] < ' ' {
			return nil, false, false
		}
		if data[i] == '"' {
			d.i = i + 1
			raw = data[start:i]
			return raw, escaped, utf8.Valid(raw)
		}
		_, n := unescape(data[i:])
		if n == 0 {
			return nil, false, false
		}
		escaped = true
		i += n
	}
}

// rawString reads a string token and returns it, quotes included, for
// time.Time.UnmarshalJSON.
func (d *fixtureDecoder) rawString() ([]byte, bool) {
	start := d.i
	_, _, ok := d.scanString()
	return d.data[start:d.i], ok
}

// key reads an object key with no escapes in it. An escaped key is valid
// but never written by hookctl, and not worth matching here.
func (d *fixtureDecoder) key() ([]byte, bool) {
	raw, escaped, ok := d.scanString()
	return raw, ok && !escaped
}

// string reads a string token and returns its value.
func (d *fixtureDecoder) string() (string, bool) {
	data, i := d.data, d.i
	if i >= len(data) || data[i] != '"' {
		return "", false
	}
	i++
	start := i
	i = plainRun(data, i)
	if i < len(data) && data[i] == '"' { // no escapes: the usual case
		d.i = i + 1
		raw := data[start:i]
		return string(raw), utf8.Valid(raw)
	}
	// Undo escapes as they come, in one pass, into a buffer kept for the
	// next string: a JSON body holds one at every quote. What is left of
	// the input bounds the string, so the buffer never grows.
	if d.buf == nil {
		d.buf = make([]byte, 0, len(data)-start)
	}
	out := append(d.buf[:0], data[start:i]...)
	for i < len(data) {
		c := data[i]
		switch {
		case stringPlain[c]:
			out = append(out, c)
			i++
			continue
		case c == '"':
			d.i, d.buf = i+1, out
			return string(out), utf8.Valid(data[start:i])
		case c != '\\':
			return "", false // a control byte
		}
		if i+1 < len(data) {
			if e := shortEscape[data[i+1]]; e != 0 {
				out = append(out, e)
				i += 2
				continue
			}
		}
		r, n := unescape(data[i:])
		if n == 0 {
			return "", false
		}
		out = utf8.AppendRune(out, r)
		i += n
	}
	return "", false
}

// plainRun returns the index of the first byte from i on that is not plain
// in a string. It looks at 8 bytes at a time while none is a quote, a
// backslash or a control byte, which speeds up long bodies, base64 above
// all; the tests are exact as yes-or-no, so a hit is found byte by byte.
func plainRun(data []byte, i int) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	for ; i+8 <= len(data); i += 8 {
		x := binary.LittleEndian.Uint64(data[i:])
		q, bs := x^(ones*'"'), x^(ones*'\\')
		if ((x-ones*' ')&^x|(q-ones)&^q|(bs-ones)&^bs)&highs != 0 {
			break
		}
	}
	for i < len(data) && stringPlain[data[i]] {
		i++
	}
	return i
}

// shortEscape maps the letter after a backslash to what it stands for,
// for every escape but \u.
var shortEscape = [256]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// unescape decodes the escape sequence s starts with, returning its length,
// or 0 if it is not valid JSON or is a \u escape of a surrogate, which
// encoding/json pairs up or replaces.
func unescape(s []byte) (rune, int) {
	if len(s) < 2 {
		return 0, 0
	}
	switch c := s[1]; c {
	case '"', '\\', '/':
		return rune(c), 2
	case 'b':
		return '\b', 2
	case 'f':
		return '\f', 2
	case 'n':
		return '\n', 2
	case 'r':
		return '\r', 2
	case 't':
		return '\t', 2
	case 'u':
		if len(s) < 6 {
			return 0, 0
		}
		var r rune
		for _, h := range s[2:6] {
			switch {
			case h >= '0' && h <= '9':
				h -= '0'
			case h >= 'a' && h <= 'f':
				h -= 'a' - 10
			case h >= 'A' && h <= 'F':
				h -= 'A' - 10
			default:
				return 0, 0
			}
			r = r<<4 | rune(h)
		}
		if r >= 0xd800 && r <= 0xdfff {
			return 0, 0
		}
		return r, 6
	}
	return 0, 0
}

// headers reads an array of ["Name", "value"] pairs, checked as
// Headers.UnmarshalJSON checks them; a bad one is left to it to word.
func (d *fixtureDecoder) headers() (Headers, bool) {
	if !d.take('[') {
		return nil, false
	}
	h := make(Headers, 0, 16) // a typical webhook's, without regrowing
	d.space()
	if d.take(']') {
		return h, true
	}
	for {
		d.space()
		if !d.take('[') {
			return nil, false
		}
		d.space()
		name, ok := d.string()
		if !ok {
			return nil, false
		}
		d.space()
		if !d.take(',') {
			return nil, false
		}
		d.space()
		value, ok := d.string()
		if !ok {
			return nil, false
		}
		d.space()
		if !d.take(']') || checkHeader(name, value, len(h)) != nil {
			return nil, false
		}
		h = append(h, Header{Name: name, Value: value})
		d.space()
		if d.take(']') {
			return h, true
		}
		if !d.take(',') {
			return nil, false
		}
	}
}
