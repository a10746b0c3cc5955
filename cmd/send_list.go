package cmd

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/hookctl/hookctl/catalog"
)

// sendListEvents prints the catalog: a table for people, or one JSON
// object per event with --json.
func sendListEvents(o *sendOptions) error {
	events := catalog.List(o.ListProvider)
	if o.ListProvider != "" && len(events) == 0 {
		return usageErrorf("the catalog has no provider %q: it has %s", o.ListProvider, strings.Join(catalog.Providers(), ", "))
	}
	out := o.deps.IO.Out
	if o.JSON {
		for _, e := range events {
			sendJSONWrite(out, sendEventJSON{
				Type: "event", Name: e.Name(), Provider: e.Provider, Event: e.Type,
				Scheme: e.Scheme, ContentType: e.ContentType, Summary: e.Summary,
			})
		}
		return nil
	}
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "EVENT\tSIGNED AS\tWHAT HAPPENED")
	for _, e := range events {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", e.Name(), e.Scheme, e.Summary)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if o.ListProvider == "" {
		fmt.Fprintf(out, "\n%d events from %d providers. Send one: hookctl send URL --event NAME --secret S\n", len(events), len(catalog.Providers()))
	}
	return nil
}

// sendEventJSON is one line of --list-events --json.
type sendEventJSON struct {
	Type        string `json:"type"`
	Name        string `json:"name"`
	Provider    string `json:"provider"`
	Event       string `json:"event"`
	Scheme      string `json:"scheme"`
	ContentType string `json:"content_type"`
	Summary     string `json:"summary"`
}
