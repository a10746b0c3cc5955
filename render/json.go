package render

import "strings"

// highlightJSON colours an indented JSON text: keys, strings, numbers and
// literals. It walks the text once; the text is valid JSON, which keeps the
// scanner simple.
func (r *Renderer) highlightJSON(s string) string {
	var b strings.Builder
	b.Grow(len(s) * 5 / 4)
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"':
			j := i + 1
			for j < len(s) && s[j] != '"' {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			j = min(j+1, len(s))
			tok := printable(s[i:j])
			if isKey(s, j) {
				b.WriteString(r.st.jsonKey(tok))
			} else {
				b.WriteString(r.st.jsonString(tok))
			}
			i = j
		case c == '-' || (c >= '0' && c <= '9'):
			j := i + 1
			for j < len(s) && strings.IndexByte("0123456789.eE+-", s[j]) >= 0 {
				j++
			}
			b.WriteString(r.st.jsonNumber(s[i:j]))
			i = j
		case c == 't' || c == 'f' || c == 'n':
			j := i + 1
			for j < len(s) && s[j] >= 'a' && s[j] <= 'z' {
				j++
			}
			b.WriteString(r.st.jsonLiteral(s[i:j]))
			i = j
		default:
			b.WriteByte(c)
			i++
		}
	}
	return b.String()
}

// isKey reports whether the string ending before s[j] is an object key.
func isKey(s string, j int) bool {
	for ; j < len(s); j++ {
		switch s[j] {
		case ' ', '\t', '\n', '\r':
			continue
		case ':':
			return true
		}
		return false
	}
	return false
}
