package catalog

import (
	"fmt"
	"time"

	"github.com/hookctl/hookctl/webhook"
)

// Render builds the event's request as the provider would send it at now:
// a fresh body with new ids and timestamps, the provider's non-signature
// headers (Content-Type first), and the overrides in sets applied last.
// The request is unsigned; sign it with the sign scheme named by
// Event.Scheme. Its Path is "/", so delivery posts to the target URL as
// given.
func (e Event) Render(now time.Time, sets []Set) (*webhook.Request, error) {
	data, err := eventFiles.ReadFile(e.file)
	if err != nil {
		return nil, fmt.Errorf("event %s has no template: %v", e.Name(), err)
	}
	root, err := parseTree(data)
	if err != nil {
		return nil, fmt.Errorf("event %s: template is not valid JSON: %v", e.Name(), err)
	}
	f := newFiller(now, e.Type)
	if err := fill(root, f); err != nil {
		return nil, fmt.Errorf("event %s: %v", e.Name(), err)
	}
	if err := applySets(root, sets); err != nil {
		return nil, err
	}
	var body []byte
	switch e.format {
	case "form":
		if body, err = root.form(); err != nil {
			return nil, fmt.Errorf("event %s: %v", e.Name(), err)
		}
	case "indent":
		body = root.marshal("  ")
	default:
		body = root.marshal("")
	}
	headers := webhook.NewHeaders("Content-Type", e.ContentType)
	for _, kv := range e.headers {
		v, err := f.text(kv[1])
		if err != nil {
			return nil, fmt.Errorf("event %s: header %s: %v", e.Name(), kv[0], err)
		}
		headers.Set(kv[0], v)
	}
	return &webhook.Request{
		ID: webhook.NewID(), ReceivedAt: now, Method: "POST", Path: "/",
		Headers: headers, Body: body, Provider: e.Provider, Event: e.Type,
	}, nil
}

// fill replaces the placeholders in every string of the tree.
func fill(n *node, f *filler) error {
	if n.kind != 'v' {
		for _, v := range n.vals {
			if err := fill(v, f); err != nil {
				return err
			}
		}
		return nil
	}
	s, ok := n.scalar.(string)
	if !ok {
		return nil
	}
	v, err := f.scalar(s)
	n.scalar = v
	return err
}
