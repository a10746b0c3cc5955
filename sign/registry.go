package sign

import (
	"fmt"
	"sort"
	"strings"
	"sync"
)

// schemes returns every built-in scheme, most widely used first: that
// order breaks ties in Detect. Schemes are immutable once built, so the
// list is built once and shared; callers must not modify it.
var schemes = sync.OnceValue(func() []Scheme {
	out := make([]Scheme, 0, 64)
	out = append(out, coreSchemes()...)
	out = append(out, tableSchemes()...)
	out = append(out, codeSchemes()...)
	return out
})

// byName indexes every scheme by its normalised name and aliases.
var byName = sync.OnceValue(func() map[string]Scheme {
	m := map[string]Scheme{}
	for _, s := range schemes() {
		info := s.Info()
		for _, n := range append([]string{info.Name}, info.Aliases...) {
			if _, taken := m[normalName(n)]; !taken {
				m[normalName(n)] = s
			}
		}
	}
	return m
})

// All returns every built-in scheme, sorted by name, in a new slice.
func All() []Scheme {
	all := append([]Scheme(nil), schemes()...)
	sort.Slice(all, func(i, j int) bool { return all[i].Info().Name < all[j].Info().Name })
	return all
}

// Lookup finds a scheme by name or alias, case-insensitively. An unknown
// name gives an error wrapping ErrUnknownProvider that suggests the nearest
// names.
func Lookup(name string) (Scheme, error) {
	want := normalName(name)
	if s, ok := byName()[want]; ok {
		return s, nil
	}
	if near := nearest(want, 3); len(near) > 0 {
		return nil, fmt.Errorf("%w %q: did you mean %s? (hookctl sign --list shows all)", ErrUnknownProvider, name, strings.Join(near, ", "))
	}
	return nil, fmt.Errorf("%w %q (hookctl sign --list shows all)", ErrUnknownProvider, name)
}

// normalName lets "Standard_Webhooks", "standard webhooks" and
// "standard-webhooks" all name the same scheme.
func normalName(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.NewReplacer("_", "-", " ", "-", ".", "-").Replace(s)
}

// nearest returns up to n registry names closest to want by edit distance,
// preferring names that start with or contain it.
func nearest(want string, n int) []string {
	type cand struct {
		name string
		dist int
	}
	var cands []cand
	for _, s := range schemes() {
		info := s.Info()
		best := cand{info.Name, 1 << 30}
		for _, name := range append([]string{info.Name}, info.Aliases...) {
			d := editDistance(want, name)
			if want != "" && strings.Contains(name, want) {
				d = 0
			}
			if d < best.dist {
				best.dist = d
			}
		}
		if best.dist <= max(2, len(want)/2) {
			cands = append(cands, best)
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
