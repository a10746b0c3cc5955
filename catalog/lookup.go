package catalog

import (
	"fmt"
	"sort"
	"strings"
)

// Lookup finds an event by its full name ("stripe:payment_intent.succeeded").
// A bare type ("push") is accepted when one provider alone has it. An
// unknown name gives an error wrapping ErrUnknownEvent that lists the
// nearest names.
func Lookup(name string) (Event, error) {
	name = strings.TrimSpace(name)
	provider, typ, qualified := strings.Cut(name, ":")
	all := All()
	var matches []Event
	for _, e := range all {
		if qualified && strings.EqualFold(e.Provider, provider) && e.Type == typ {
			return e, nil
		}
		if !qualified && e.Type == name {
			matches = append(matches, e)
		}
	}
	if len(matches) == 1 {
		return matches[0], nil
	}
	if len(matches) > 1 {
		return Event{}, fmt.Errorf("%w %q: several providers have it, name one: %s", ErrUnknownEvent, name, names(matches))
	}
	if qualified && len(List(provider)) == 0 {
		return Event{}, fmt.Errorf("%w %q: the catalog has no provider %q (it has %s)", ErrUnknownEvent, name, provider, strings.Join(Providers(), ", "))
	}
	near := Nearest(name, 3)
	hint := "hookctl send --list-events lists them"
	if qualified {
		hint = "hookctl send --list-events " + strings.ToLower(provider) + " lists them"
	}
	if len(near) == 0 {
		return Event{}, fmt.Errorf("%w %q (%s)", ErrUnknownEvent, name, hint)
	}
	return Event{}, fmt.Errorf("%w %q: did you mean %s? (%s)", ErrUnknownEvent, name, strings.Join(near, ", "), hint)
}

func names(evs []Event) string {
	var out []string
	for _, e := range evs {
		out = append(out, e.Name())
	}
	return strings.Join(out, ", ")
}

// Nearest returns up to n full event names closest to name by edit
// distance. A bare type is compared with types, a full name with full names.
func Nearest(name string, n int) []string {
	type cand struct {
		name string
		dist int
	}
	want := strings.ToLower(name)
	_, _, qualified := strings.Cut(want, ":")
	var cands []cand
	for _, e := range All() {
		against := strings.ToLower(e.Type)
		if qualified {
			against = strings.ToLower(e.Name())
		}
		d := editDistance(want, against)
		if d <= max(3, len(want)/3) {
			cands = append(cands, cand{e.Name(), d})
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].dist < cands[j].dist })
	var out []string
	for i := 0; i < len(cands) && i < n; i++ {
		out = append(out, cands[i].name)
	}
	return out
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
