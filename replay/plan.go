package replay

import (
	"fmt"
	"path/filepath"
	"sort"

	"github.com/hookctl/hookctl/webhook"
)

// Order is the order fixtures are sent in.
type Order string

// The orders a run can use.
const (
	// OrderFile keeps the order of the arguments, and of the files within a
	// folder (by name) or a stream (as written).
	OrderFile Order = "file"
	// OrderTime sends by the time each fixture was received, earliest first.
	OrderTime Order = "time"
	// OrderName sends by file name, wherever the files live.
	OrderName Order = "name"
)

// ParseOrder checks an --order value.
func ParseOrder(s string) (Order, error) {
	switch o := Order(s); o {
	case OrderFile, OrderTime, OrderName:
		return o, nil
	case "":
		return OrderFile, nil
	}
	return "", fmt.Errorf("order %q is unknown: use file, time or name", s)
}

// Item is one fixture planned for sending, or one that could not be read
// (Err set, Request nil).
type Item struct {
	// Index is the item's place in the plan, from 0.
	Index   int
	Source  string
	Request *webhook.Request
	Err     error
}

// Plan turns loaded fixtures into the list a run sends: bad fixtures first
// (so they are reported even when the run is cut short), then the fixtures
// that pass the filter, in the given order, at most limit of them (0 means
// no limit).
func Plan(loaded []webhook.Loaded, f Filter, order Order, limit int) []Item {
	var bad, good []Item
	for _, l := range loaded {
		switch {
		case l.Err != nil || l.Request == nil:
			bad = append(bad, Item{Source: l.Source, Err: l.Err})
		case f.Match(l.Request):
			good = append(good, Item{Source: l.Source, Request: l.Request})
		}
	}
	switch order {
	case OrderTime:
		sort.SliceStable(good, func(i, j int) bool {
			return good[i].Request.ReceivedAt.Before(good[j].Request.ReceivedAt)
		})
	case OrderName:
		sort.SliceStable(good, func(i, j int) bool {
			bi, bj := filepath.Base(good[i].Source), filepath.Base(good[j].Source)
			if bi != bj {
				return bi < bj
			}
			return good[i].Source < good[j].Source
		})
	}
	if limit > 0 && len(good) > limit {
		good = good[:limit]
	}
	items := append(bad, good...)
	for i := range items {
		items[i].Index = i
	}
	return items
}
