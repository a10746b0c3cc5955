package catalog

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
)

// node is a JSON value that keeps the order of object keys, so a rendered
// event reads in the same order as the provider's own payload.
type node struct {
	kind byte // 'o' object, 'a' array, 'v' scalar
	keys []string
	vals []*node
	// scalar holds a string, json.Number, bool or nil.
	scalar any
}

// parseTree reads one JSON value; numbers keep their exact text.
func parseTree(data []byte) (*node, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	n, err := readNode(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("unexpected data after the JSON value")
	}
	return n, nil
}

func readNode(dec *json.Decoder) (*node, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch tok {
	case json.Delim('{'):
		n := &node{kind: 'o'}
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return nil, err
			}
			v, err := readNode(dec)
			if err != nil {
				return nil, err
			}
			n.keys = append(n.keys, k.(string))
			n.vals = append(n.vals, v)
		}
		_, err := dec.Token()
		return n, err
	case json.Delim('['):
		n := &node{kind: 'a'}
		for dec.More() {
			v, err := readNode(dec)
			if err != nil {
				return nil, err
			}
			n.vals = append(n.vals, v)
		}
		_, err := dec.Token()
		return n, err
	}
	return &node{kind: 'v', scalar: tok}, nil
}

// get returns the value under key in an object, or nil.
func (n *node) get(key string) *node {
	for i, k := range n.keys {
		if k == key {
			return n.vals[i]
		}
	}
	return nil
}

// marshal writes the tree as JSON: compact when indent is "", else
// indented with empty objects and arrays kept on one line.
func (n *node) marshal(indent string) []byte {
	var b bytes.Buffer
	n.write(&b, indent, 0)
	return b.Bytes()
}

func (n *node) write(b *bytes.Buffer, indent string, depth int) {
	newline := func(d int) {
		if indent != "" {
			b.WriteByte('\n')
			b.WriteString(strings.Repeat(indent, d))
		}
	}
	switch n.kind {
	case 'o', 'a':
		open, end := byte('{'), byte('}')
		if n.kind == 'a' {
			open, end = '[', ']'
		}
		b.WriteByte(open)
		for i, v := range n.vals {
			if i > 0 {
				b.WriteByte(',')
			}
			newline(depth + 1)
			if n.kind == 'o' {
				b.Write(scalarJSON(n.keys[i]))
				b.WriteByte(':')
				if indent != "" {
					b.WriteByte(' ')
				}
			}
			v.write(b, indent, depth+1)
		}
		if len(n.vals) > 0 {
			newline(depth)
		}
		b.WriteByte(end)
	default:
		b.Write(scalarJSON(n.scalar))
	}
}

// scalarJSON encodes a scalar without escaping <, > and &, as providers do.
func scalarJSON(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v) // strings, numbers, bools and nil always encode
	return bytes.TrimRight(b.Bytes(), "\n")
}

// form encodes a flat object as application/x-www-form-urlencoded, keys in
// template order, as Twilio posts its parameters.
func (n *node) form() ([]byte, error) {
	if n.kind != 'o' {
		return nil, errors.New("a form body must be a JSON object of fields")
	}
	var parts []string
	for i, k := range n.keys {
		v := n.vals[i]
		if v.kind != 'v' {
			return nil, fmt.Errorf("form field %q must be a string, number or boolean", k)
		}
		var s string
		switch x := v.scalar.(type) {
		case nil:
		case string:
			s = x
		default:
			s = string(scalarJSON(x))
		}
		parts = append(parts, url.QueryEscape(k)+"="+url.QueryEscape(s))
	}
	return []byte(strings.Join(parts, "&")), nil
}
