package sign

import "strings"

// Headers is an ordered list of header lines, as Sign returns them. It
// satisfies HeaderGetter, so a Sign result can be passed straight to Verify.
type Headers []Header

// Get returns the first value of the named header, or "".
func (h Headers) Get(name string) string {
	for _, kv := range h {
		if strings.EqualFold(kv.Name, name) {
			return kv.Value
		}
	}
	return ""
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

// has reports whether a header is present at all, even with an empty value.
func has(h HeaderGetter, name string) bool {
	return h != nil && len(h.Values(name)) > 0
}

// get is HeaderGetter.Get that tolerates a nil getter.
func get(h HeaderGetter, name string) string {
	if h == nil {
		return ""
	}
	return strings.TrimSpace(h.Get(name))
}
