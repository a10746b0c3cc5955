package catalog

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// placeholderRE finds {{…}} placeholders inside template strings.
var placeholderRE = regexp.MustCompile(`\{\{([^{}]+)\}\}`)

// Alphabets of generated ids.
const (
	base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	lowers = "0123456789abcdefghijklmnopqrstuvwxyz"
	uppers = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	hexes  = "0123456789abcdef"
	digits = "0123456789"
)

// filler generates the values of one render. Ids are remembered by their
// placeholder text, so {{id:pi_}} is the same payment intent everywhere in
// one event, and {{id:ch_#2}} names a second charge.
type filler struct {
	now       time.Time
	eventType string
	memo      map[string]string
}

func newFiller(now time.Time, eventType string) *filler {
	return &filler{now: now.UTC(), eventType: eventType, memo: map[string]string{}}
}

// text replaces every placeholder in s with its text.
func (f *filler) text(s string) (string, error) {
	var firstErr error
	out := placeholderRE.ReplaceAllStringFunc(s, func(m string) string {
		v, _, err := f.value(m[2 : len(m)-2])
		if err != nil && firstErr == nil {
			firstErr = err
		}
		return v
	})
	return out, firstErr
}

// scalar fills a whole template string: one that is exactly a numeric
// placeholder ("{{now}}", "{{int:9}}") becomes a JSON number, so templates
// stay valid JSON while the payload carries numbers where the provider
// sends them.
func (f *filler) scalar(s string) (any, error) {
	if m := placeholderRE.FindStringSubmatchIndex(s); m != nil && m[0] == 0 && m[1] == len(s) {
		v, numeric, err := f.value(s[2 : len(s)-2])
		if err != nil || !numeric {
			return v, err
		}
		return json.Number(v), nil
	}
	return f.text(s)
}

// value returns a placeholder's text and whether it is a number.
func (f *filler) value(tok string) (string, bool, error) {
	tok = strings.TrimSpace(tok)
	if v, ok := f.memo[tok]; ok {
		return v, isNumericKind(tok), nil
	}
	spec, _, _ := strings.Cut(tok, "#")
	kind, arg, _ := strings.Cut(spec, ":")
	var v string
	var err error
	switch {
	case kind == "type":
		v = f.eventType
	case kind == "kind":
		v, _, _ = strings.Cut(f.eventType, ".")
	case kind == "now" || strings.HasPrefix(kind, "now.") || strings.HasPrefix(kind, "now+") || strings.HasPrefix(kind, "now-"):
		return f.time(spec)
	case kind == "uuid":
		v = newUUID()
	default:
		v, err = f.id(kind, arg)
	}
	if err != nil {
		return "", false, fmt.Errorf("template placeholder {{%s}}: %w", tok, err)
	}
	f.memo[tok] = v
	return v, isNumericKind(tok), nil
}

func isNumericKind(tok string) bool { return strings.HasPrefix(tok, "int:") }

// id generates random ids: {{id:pi_}} (base62, 24 long), {{lower:evt_:26}},
// {{upper:U:10}}, {{hex:40}}, {{hex:SM:32}}, {{digits:9}}, {{int:9}}.
func (f *filler) id(kind, arg string) (string, error) {
	prefix, n := arg, 0
	if i := strings.LastIndex(arg, ":"); i >= 0 {
		prefix = arg[:i]
		if _, err := strconv.Atoi(arg[i+1:]); err != nil {
			return "", fmt.Errorf("length %q is not a number", arg[i+1:])
		}
		n, _ = strconv.Atoi(arg[i+1:])
	} else if k, err := strconv.Atoi(arg); err == nil {
		prefix, n = "", k
	}
	alphabet, def := "", 0
	switch kind {
	case "id":
		alphabet, def = base62, 24
	case "lower":
		alphabet, def = lowers, 26
	case "upper":
		alphabet, def = uppers, 10
	case "hex":
		alphabet, def = hexes, 32
	case "digits", "int":
		alphabet, def = digits, 9
	default:
		return "", fmt.Errorf("unknown kind %q", kind)
	}
	if n <= 0 {
		n = def
	}
	if n > 256 {
		return "", fmt.Errorf("length %d is more than 256", n)
	}
	s := randomString(alphabet, n)
	if kind == "int" && s[0] == '0' {
		s = "1" + s[1:]
	}
	return prefix + s, nil
}

func randomString(alphabet string, n int) string {
	out := make([]byte, 0, n)
	// Rejection sampling keeps every character equally likely.
	limit := 256 - 256%len(alphabet)
	buf := make([]byte, 2*n)
	for len(out) < n {
		_, _ = rand.Read(buf) // crypto/rand.Read never fails since Go 1.24
		for _, c := range buf {
			if int(c) < limit && len(out) < n {
				out = append(out, alphabet[int(c)%len(alphabet)])
			}
		}
	}
	return string(out)
}

func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := fmt.Sprintf("%x", b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}
