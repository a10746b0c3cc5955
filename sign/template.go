package sign

import (
	"crypto/hmac"
	"fmt"
	"strings"
)

// fields are the values a signed-content template can refer to.
type fields struct {
	body      []byte
	timestamp string
	id        string
	url       string
	method    string
}

// template is a compiled signed-content layout such as "{timestamp}.{body}".
type template []piece

type piece struct {
	lit   []byte
	field string // "" for a literal
}

var templateFields = []string{"body", "timestamp", "id", "url", "method"}

func compileTemplate(s string) (template, error) {
	var t template
	for s != "" {
		open := strings.IndexByte(s, '{')
		if open < 0 {
			t = append(t, piece{lit: []byte(s)})
			break
		}
		if open > 0 {
			t = append(t, piece{lit: []byte(s[:open])})
		}
		end := strings.IndexByte(s[open:], '}')
		if end < 0 {
			return nil, fmt.Errorf("template %q: unclosed {", s)
		}
		name := s[open+1 : open+end]
		if !contains(templateFields, name) {
			return nil, fmt.Errorf("template field {%s}: use {body}, {timestamp}, {id}, {url} or {method}", name)
		}
		t = append(t, piece{field: name})
		s = s[open+end+1:]
	}
	return t, nil
}

func mustTemplate(s string) template {
	t, err := compileTemplate(s)
	if err != nil {
		panic(err) // only reached by a typo in the built-in table, caught by tests
	}
	return t
}

func (t template) uses(field string) bool {
	for _, p := range t {
		if p.field == field {
			return true
		}
	}
	return false
}

// parts returns the byte slices to feed the MAC, in order.
func (t template) parts(f fields) [][]byte {
	out := make([][]byte, 0, len(t))
	for _, p := range t {
		out = append(out, p.bytes(f))
	}
	return out
}

func (p piece) bytes(f fields) []byte {
	switch p.field {
	case "body":
		return f.body
	case "timestamp":
		return []byte(f.timestamp)
	case "id":
		return []byte(f.id)
	case "url":
		return []byte(f.url)
	case "method":
		return []byte(f.method)
	}
	return p.lit
}

// mac is the HMAC of the template's content, written piece by piece so
// nothing is copied.
func (t template) mac(alg algorithm, key []byte, f fields) []byte {
	m := hmac.New(alg.new(), key)
	// Short pieces (timestamp, separators) are gathered and written once;
	// the body is written as it is.
	var buf [128]byte
	small := buf[:0]
	for _, p := range t {
		switch p.field {
		case "body":
			m.Write(small)
			small = buf[:0]
			m.Write(f.body)
		case "timestamp":
			small = append(small, f.timestamp...)
		case "id":
			small = append(small, f.id...)
		case "method":
			small = append(small, f.method...)
		case "url":
			small = append(small, f.url...)
		default:
			small = append(small, p.lit...)
		}
	}
	m.Write(small)
	return m.Sum(make([]byte, 0, 64))
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
