package catalog

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// Set is one --set override: a dotted path into the payload ("data.object.amount",
// "items.0.id") and the value to put there.
type Set struct {
	Path  string
	Value string
}

// ParseSet reads "path=value". The value is taken as JSON when it is valid
// JSON (5000, true, null, {"a":1}, "quoted") and as a string otherwise.
func ParseSet(s string) (Set, error) {
	path, value, ok := strings.Cut(s, "=")
	path = strings.TrimSpace(path)
	if !ok || path == "" {
		return Set{}, fmt.Errorf("--set %q: write it as path=value, e.g. data.object.amount=5000", s)
	}
	return Set{Path: path, Value: value}, nil
}

// ApplySets applies overrides to a JSON body and returns it re-encoded,
// indented with indent ("" for compact). Key order is kept.
func ApplySets(body []byte, sets []Set, indent string) ([]byte, error) {
	root, err := parseTree(body)
	if err != nil {
		return nil, fmt.Errorf("--set needs a JSON body: %v", err)
	}
	if err := applySets(root, sets); err != nil {
		return nil, err
	}
	return root.marshal(indent), nil
}

func applySets(root *node, sets []Set) error {
	for _, s := range sets {
		if err := set(root, s); err != nil {
			return err
		}
	}
	return nil
}

// set replaces the value at s.Path. The path must already exist: a typo
// should fail loudly, not add a field the app never reads.
func set(root *node, s Set) error {
	value := &node{kind: 'v', scalar: s.Value}
	if json.Valid([]byte(s.Value)) {
		if v, err := parseTree([]byte(s.Value)); err == nil {
			value = v
		}
	}
	parts := strings.Split(s.Path, ".")
	cur := root
	for i, p := range parts {
		at := strings.Join(parts[:i], ".")
		if at == "" {
			at = "the payload"
		}
		var slot **node
		switch cur.kind {
		case 'o':
			for j, k := range cur.keys {
				if k == p {
					slot = &cur.vals[j]
					break
				}
			}
			if slot == nil {
				return fmt.Errorf("--set %s: %s has no field %q (it has %s)", s.Path, at, p, fieldList(cur.keys))
			}
		case 'a':
			n, err := strconv.Atoi(p)
			if err != nil || n < 0 || n >= len(cur.vals) {
				return fmt.Errorf("--set %s: %s is a list of %d; %q is not an index in it", s.Path, at, len(cur.vals), p)
			}
			slot = &cur.vals[n]
		default:
			return fmt.Errorf("--set %s: %s is not an object or a list", s.Path, at)
		}
		if i == len(parts)-1 {
			*slot = value
			return nil
		}
		cur = *slot
	}
	return nil
}

func fieldList(keys []string) string {
	if len(keys) == 0 {
		return "no fields"
	}
	const max = 12
	if len(keys) > max {
		return strings.Join(keys[:max], ", ") + ", …"
	}
	return strings.Join(keys, ", ")
}
