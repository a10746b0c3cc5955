// Package catalog holds hookctl's sample webhook events: realistic payloads
// for the events people test most, across many providers, each an embedded
// JSON template whose ids and timestamps are generated fresh and consistent
// on every render. It knows nothing of flags or terminals; send renders an
// event, signs it with the sign package and delivers it.
//
// Templates are JSON files under events/PROVIDER/, listed with their
// provider's headers in events/PROVIDER/_provider.json. String values may
// hold placeholders:
//
//	{{id:pi_}}          random base62 id with a prefix (24 characters; {{id:pi_:14}} sets the length)
//	{{lower:evt_:26}}   the same from a-z0-9; {{upper:U:10}} from A-Z0-9
//	{{hex:40}}          hex (a commit sha); {{hex:SM:32}} with a prefix
//	{{digits:9}}        a string of digits; {{int:9}} the same as a JSON number
//	{{uuid}}            a random UUID v4
//	{{now}}             the render time in Unix seconds (a number); {{now.ms}} milliseconds
//	{{now.iso}}         RFC 3339 UTC; also isoms, isous, offset, rfc1123, date, slack, unix
//	{{now+30d}}         any of the above moved by s, m, h or d
//	{{type}} {{kind}}   the event type ("pull_request.opened") and its part before the first dot
//
// A generated value is the same wherever its placeholder recurs in one
// render, body and headers alike; add #NAME ({{id:ch_#refund}}) for a
// second, different one.
package catalog

import (
	"cmp"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

//go:embed all:events
var eventFiles embed.FS

// ErrUnknownEvent is wrapped by Lookup's error for a name not in the catalog.
var ErrUnknownEvent = errors.New("unknown event")

// Event is one sample event of one provider.
type Event struct {
	// Provider is the catalog's provider name ("stripe"); Title is its own
	// spelling ("Stripe").
	Provider string
	Title    string
	// Type is the provider's event type ("payment_intent.succeeded").
	Type string
	// Summary says in a few words what happened.
	Summary string
	// Scheme is the sign package's name for the provider's signature
	// scheme; it may differ from Provider (Clerk signs with svix).
	Scheme string
	// ContentType is the body's media type.
	ContentType string

	file    string
	format  string // "indent", "compact" or "form"
	headers [][2]string
}

// Name is the event's full name, as --event takes it: "stripe:invoice.paid".
func (e Event) Name() string { return e.Provider + ":" + e.Type }

// manifest is the JSON form of events/PROVIDER/_provider.json.
type manifest struct {
	Title       string      `json:"title"`
	Scheme      string      `json:"scheme"`
	Format      string      `json:"format"`
	ContentType string      `json:"content_type"`
	Headers     [][2]string `json:"headers"`
	Events      []struct {
		Type        string      `json:"type"`
		Summary     string      `json:"summary"`
		Format      string      `json:"format"`
		ContentType string      `json:"content_type"`
		Headers     [][2]string `json:"headers"`
	} `json:"events"`
}

// load reads every manifest. The embedded files are checked by the tests,
// so an error here means a broken build, reported rather than panicked.
func load() ([]Event, error) {
	dirs, err := fs.ReadDir(eventFiles, "events")
	if err != nil {
		return nil, err
	}
	var out []Event
	for _, d := range dirs {
		if !d.IsDir() {
			continue
		}
		data, err := eventFiles.ReadFile(path.Join("events", d.Name(), "_provider.json"))
		if err != nil {
			return nil, err
		}
		var m manifest
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, fmt.Errorf("catalog %s: %v", d.Name(), err)
		}
		for _, ev := range m.Events {
			// An event may differ from its provider's usual body, such as
			// Slack's form-encoded slash commands.
			ev.Format = cmp.Or(ev.Format, m.Format)
			ev.ContentType = cmp.Or(ev.ContentType, m.ContentType)
			out = append(out, Event{
				Provider: d.Name(), Title: m.Title, Type: ev.Type, Summary: ev.Summary,
				Scheme: m.Scheme, ContentType: ev.ContentType, format: ev.Format,
				file:    path.Join("events", d.Name(), fileName(ev.Type)),
				headers: append(append([][2]string{}, m.Headers...), ev.Headers...),
			})
		}
	}
	return out, nil
}

// fileName maps an event type to its template: Shopify's "orders/create"
// lives in orders_create.json.
func fileName(eventType string) string {
	return strings.ReplaceAll(eventType, "/", "_") + ".json"
}

// All returns every event, by provider and then in the provider's own
// order (most tested first).
func All() []Event {
	evs, _ := load()
	return evs
}

// List returns the events of one provider, or all when provider is "".
func List(provider string) []Event {
	var out []Event
	for _, e := range All() {
		if provider == "" || strings.EqualFold(e.Provider, provider) {
			out = append(out, e)
		}
	}
	return out
}

// Providers returns the names of the providers that have events, sorted.
func Providers() []string {
	seen := map[string]bool{}
	var out []string
	for _, e := range All() {
		if !seen[e.Provider] {
			seen[e.Provider] = true
			out = append(out, e.Provider)
		}
	}
	sort.Strings(out)
	return out
}
