package replay

import (
	"fmt"
	"path"
	"strings"
	"time"

	"github.com/hookctl/hookctl/webhook"
)

// Filter picks which fixtures a run sends. The zero Filter picks all.
type Filter struct {
	// Events are glob patterns ("invoice.*") matched against the fixture's
	// event type; a fixture matches if any pattern does.
	Events []string
	// Headers must all match: a header with that name whose value matches
	// the glob pattern, or, with an empty pattern, any value.
	Headers []HeaderMatch
	// Since and Until bound the time a fixture was received (inclusive).
	Since, Until time.Time
}

// HeaderMatch is one --header condition.
type HeaderMatch struct {
	Name, Pattern string
}

// ParseHeaderMatch reads "Name: pattern", or "Name" for "present".
func ParseHeaderMatch(s string) (HeaderMatch, error) {
	name, value, _ := strings.Cut(s, ":")
	name = strings.TrimSpace(name)
	if !webhook.ValidHeaderName(name) {
		return HeaderMatch{}, fmt.Errorf("%q is not a header condition: write it as \"Name: value\" (value may use * and ?)", s)
	}
	m := HeaderMatch{Name: name, Pattern: strings.TrimSpace(value)}
	if _, err := path.Match(m.Pattern, ""); err != nil {
		return HeaderMatch{}, fmt.Errorf("header condition %q: bad pattern", s)
	}
	return m, nil
}

// CheckPatterns reports the first event pattern that is not a valid glob.
func CheckPatterns(patterns []string) error {
	for _, p := range patterns {
		if _, err := path.Match(p, ""); err != nil {
			return fmt.Errorf("event pattern %q is not valid: use * and ? as wildcards", p)
		}
	}
	return nil
}

// Match reports whether r passes the filter.
func (f Filter) Match(r *webhook.Request) bool {
	if len(f.Events) > 0 && !f.matchEvent(r.Event) {
		return false
	}
	for _, hm := range f.Headers {
		if !hm.match(r.Headers) {
			return false
		}
	}
	if !f.Since.IsZero() && r.ReceivedAt.Before(f.Since) {
		return false
	}
	if !f.Until.IsZero() && r.ReceivedAt.After(f.Until) {
		return false
	}
	return true
}

func (f Filter) matchEvent(event string) bool {
	for _, p := range f.Events {
		if ok, _ := path.Match(p, event); ok || p == event {
			return true
		}
	}
	return false
}

func (m HeaderMatch) match(h webhook.Headers) bool {
	for _, v := range h.Values(m.Name) {
		if m.Pattern == "" || v == m.Pattern {
			return true
		}
		if ok, _ := path.Match(m.Pattern, v); ok {
			return true
		}
	}
	return false
}

// ParseTimeBound reads a --since or --until value: an RFC 3339 time, a date
// (2026-11-23), a date and minute (2026-11-23T12:00, taken as UTC), or a
// duration meaning that long before now (90m, 2h).
func ParseTimeBound(s string, now time.Time) (time.Time, error) {
	if d, err := time.ParseDuration(s); err == nil {
		if d < 0 {
			d = -d
		}
		return now.Add(-d), nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is neither a time (2026-11-23T12:00:00Z, 2026-11-23) nor a duration (90m, 2h)", s)
}
