package replay

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/hookctl/hookctl/webhook"
)

// StatusSpec is a set of acceptable answer codes, parsed from a list such as
// "2xx", "200", "4xx,5xx" or "any".
type StatusSpec struct {
	text   string
	ranges [][2]int
}

// ParseStatus reads a comma list of codes (200), classes (2xx) and "any".
func ParseStatus(s string) (StatusSpec, error) {
	spec := StatusSpec{text: strings.TrimSpace(s)}
	if spec.text == "" {
		return spec, fmt.Errorf("status expectation is empty: use a code (200), a class (2xx) or a list (4xx,5xx)")
	}
	for _, part := range strings.Split(spec.text, ",") {
		part = strings.ToLower(strings.TrimSpace(part))
		switch {
		case part == "any" || part == "*":
			spec.ranges = append(spec.ranges, [2]int{100, 599})
		case len(part) == 3 && part[0] >= '1' && part[0] <= '5' && part[1:] == "xx":
			lo := int(part[0]-'0') * 100
			spec.ranges = append(spec.ranges, [2]int{lo, lo + 99})
		default:
			code, err := strconv.Atoi(part)
			if err != nil || code < 100 || code > 599 {
				return StatusSpec{}, fmt.Errorf("status expectation %q: %q is not a code (100-599), a class (2xx) or \"any\"", s, part)
			}
			spec.ranges = append(spec.ranges, [2]int{code, code})
		}
	}
	return spec, nil
}

// Match reports whether code is acceptable. The zero StatusSpec accepts 2xx.
func (s StatusSpec) Match(code int) bool {
	if len(s.ranges) == 0 {
		return code >= 200 && code <= 299
	}
	for _, r := range s.ranges {
		if code >= r[0] && code <= r[1] {
			return true
		}
	}
	return false
}

// String is the spec as written, "2xx" for the zero value.
func (s StatusSpec) String() string {
	if s.text == "" {
		return "2xx"
	}
	return s.text
}

// Expectation is what an answer must satisfy for a replayed request to pass.
type Expectation struct {
	Status       StatusSpec
	BodyContains string
}

// For returns the expectation for one fixture: the fixture's own expect
// fields replace the matching run-wide ones, and the rest stay.
func (e Expectation) For(fx *webhook.Expect) (Expectation, error) {
	if fx == nil {
		return e, nil
	}
	if fx.Status != "" {
		s, err := ParseStatus(fx.Status)
		if err != nil {
			return e, fmt.Errorf("fixture expect: %w", err)
		}
		e.Status = s
	}
	if fx.BodyContains != "" {
		e.BodyContains = fx.BodyContains
	}
	return e, nil
}

// Check says whether resp meets the expectation and, if not, why.
func (e Expectation) Check(resp *webhook.Response) (bool, string) {
	if !e.Status.Match(resp.Status) {
		reason := fmt.Sprintf("status %d, want %s", resp.Status, e.Status)
		if snippet := bodySnippet(resp.Body); snippet != "" {
			reason += ": " + snippet
		}
		return false, reason
	}
	if e.BodyContains != "" && !bytes.Contains(resp.Body, []byte(e.BodyContains)) {
		return false, fmt.Sprintf("answer body does not contain %q", e.BodyContains)
	}
	return true, ""
}

// bodySnippet is the start of an answer, on one line, to say why an app
// refused a request ("invalid signature").
func bodySnippet(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	s = strings.ToValidUTF8(s, "?")
	if r := []rune(s); len(r) > 80 {
		s = string(r[:79]) + "…"
	}
	if s == "" {
		return ""
	}
	return strconv.Quote(s)
}
