package webhook

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// Header is one header line of a request or response, with the name spelled
// as it arrived.
type Header struct {
	Name  string
	Value string
}

// Headers is an ordered list of header lines. Unlike http.Header it keeps the
// order, the spelling of each name and every repeated line, which is what a
// fixture must record. Look-ups are case-insensitive.
type Headers []Header

// NewHeaders builds a list from name, value pairs:
// NewHeaders("Content-Type", "application/json", "X-Id", "1").
// A trailing name without a value gets an empty one.
func NewHeaders(nameValues ...string) Headers {
	h := make(Headers, 0, (len(nameValues)+1)/2)
	for i := 0; i < len(nameValues); i += 2 {
		kv := Header{Name: nameValues[i]}
		if i+1 < len(nameValues) {
			kv.Value = nameValues[i+1]
		}
		h = append(h, kv)
	}
	return h
}

// Get returns the first value of the named header, or "".
func (h Headers) Get(name string) string {
	for _, kv := range h {
		if strings.EqualFold(kv.Name, name) {
			return kv.Value
		}
	}
	return ""
}

// Has reports whether the named header is present, even with an empty value.
func (h Headers) Has(name string) bool {
	for _, kv := range h {
		if strings.EqualFold(kv.Name, name) {
			return true
		}
	}
	return false
}

// Values returns every value of the named header, in order.
func (h Headers) Values(name string) []string {
	var out []string
	for _, kv := range h {
		if strings.EqualFold(kv.Name, name) {
			out = append(out, kv.Value)
		}
	}
	return out
}

// Add appends a header line.
func (h *Headers) Add(name, value string) {
	*h = append(*h, Header{Name: name, Value: value})
}

// Set replaces every line of the named header with one line holding value.
// The new line takes the place of the first old one, so order is kept.
func (h *Headers) Set(name, value string) {
	out := (*h)[:0]
	done := false
	for _, kv := range *h {
		if strings.EqualFold(kv.Name, name) {
			if !done {
				out = append(out, Header{Name: kv.Name, Value: value})
				done = true
			}
			continue
		}
		out = append(out, kv)
	}
	if !done {
		out = append(out, Header{Name: name, Value: value})
	}
	*h = out
}

// Del removes every line of the named header.
func (h *Headers) Del(name string) {
	out := (*h)[:0]
	for _, kv := range *h {
		if !strings.EqualFold(kv.Name, name) {
			out = append(out, kv)
		}
	}
	*h = out
}

// Clone returns a copy that shares nothing with h.
func (h Headers) Clone() Headers {
	if h == nil {
		return nil
	}
	return append(Headers(make([]Header, 0, len(h))), h...)
}

// HTTP converts the list to an http.Header. Names keep their spelling, so a
// Go HTTP client writes them as recorded.
func (h Headers) HTTP() http.Header {
	out := make(http.Header, len(h))
	for _, kv := range h {
		out[kv.Name] = append(out[kv.Name], kv.Value)
	}
	return out
}

// FromHTTP converts an http.Header into a list sorted by name, the order in
// which Go writes headers on the wire. Values of one name keep their order.
func FromHTTP(hh http.Header) Headers {
	names := make([]string, 0, len(hh))
	for name := range hh {
		names = append(names, name)
	}
	sort.Strings(names)
	out := make(Headers, 0, len(hh))
	for _, name := range names {
		for _, v := range hh[name] {
			out = append(out, Header{Name: name, Value: v})
		}
	}
	return out
}

// MarshalJSON writes the list as an array of [name, value] pairs, the form a
// person can read and edit in a fixture file. An empty list is [], never null.
func (h Headers) MarshalJSON() ([]byte, error) {
	pairs := make([][2]string, len(h))
	for i, kv := range h {
		pairs[i] = [2]string{kv.Name, kv.Value}
	}
	return json.Marshal(pairs)
}

// UnmarshalJSON reads an array of [name, value] pairs and checks each name.
func (h *Headers) UnmarshalJSON(data []byte) error {
	// One decode for the usual, well-formed array; the pair-by-pair
	// path below only runs to word an error.
	var pairs [][]string
	if json.Unmarshal(data, &pairs) == nil {
		out := make(Headers, 0, len(pairs))
		for i, pair := range pairs {
			if len(pair) != 2 {
				return fmt.Errorf(`header %d must be a ["Name", "value"] pair of strings`, i+1)
			}
			if err := checkHeader(pair[0], pair[1], i); err != nil {
				return err
			}
			out = append(out, Header{Name: pair[0], Value: pair[1]})
		}
		*h = out
		return nil
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		return errors.New(`headers must be an array of ["Name", "value"] pairs`)
	}
	out := make(Headers, 0, len(raw))
	for i, r := range raw {
		var pair []string
		if err := json.Unmarshal(r, &pair); err != nil || len(pair) != 2 {
			return fmt.Errorf(`header %d must be a ["Name", "value"] pair of strings`, i+1)
		}
		if err := checkHeader(pair[0], pair[1], i); err != nil {
			return err
		}
		out = append(out, Header{Name: pair[0], Value: pair[1]})
	}
	*h = out
	return nil
}

func checkHeader(name, value string, i int) error {
	if !ValidHeaderName(name) {
		return fmt.Errorf("header %d has an invalid name %q", i+1, name)
	}
	if strings.ContainsAny(value, "\r\n\x00") {
		return fmt.Errorf("header %q has a line break or NUL in its value", name)
	}
	return nil
}

// ValidHeaderName reports whether name is an HTTP token (RFC 9110 §5.1).
func ValidHeaderName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}
