package cmd

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/hookctl/hookctl/sign"
)

// providerJSON is one line of `sign --list --json`.
type providerJSON struct {
	Type      string   `json:"type"`
	Name      string   `json:"name"`
	Title     string   `json:"title"`
	Aliases   []string `json:"aliases"`
	Headers   []string `json:"headers"`
	Timestamp bool     `json:"timestamp"`
	URL       bool     `json:"url"`
	KeyPair   bool     `json:"key_pair"`
	// Tolerance is the default timestamp window in seconds, 0 for none.
	Tolerance float64 `json:"tolerance_seconds"`
	PastOnly  bool    `json:"past_only,omitempty"`
	Algorithm string  `json:"algorithm"`
	Handshake bool    `json:"handshake"`
	EventType bool    `json:"event_type"`
	Docs      string  `json:"docs"`
}

func signList(w io.Writer, asJSON bool) error {
	all := sign.All()
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		for _, s := range all {
			if err := enc.Encode(toProviderJSON(s)); err != nil {
				return err
			}
		}
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PROVIDER\tHEADERS\tSIGNS\tALGORITHM")
	for _, s := range all {
		info := s.Info()
		name := info.Name
		if shown := distinctAliases(info); len(shown) > 0 {
			name += " (" + strings.Join(shown, ", ") + ")"
		}
		headers := strings.Join(info.Headers, ", ")
		if headers == "" {
			headers = "(in the body)"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", name, headers, signs(info), info.Algorithm)
	}
	return tw.Flush()
}

// distinctAliases leaves out spellings of the name itself
// ("standardwebhooks"), which only widen the table.
func distinctAliases(info sign.Info) []string {
	var out []string
	for _, a := range info.Aliases {
		if strings.ReplaceAll(info.Name, "-", "") != a {
			out = append(out, a)
		}
	}
	return out
}

// signs says what besides the body a scheme covers and how it is keyed.
func signs(info sign.Info) string {
	var parts []string
	if info.Timestamp {
		parts = append(parts, "timestamp")
	}
	if info.URL {
		parts = append(parts, "url")
	}
	if info.KeyPair {
		parts = append(parts, "key pair")
	}
	if len(parts) == 0 {
		return "-"
	}
	return strings.Join(parts, ", ")
}

func toProviderJSON(s sign.Scheme) providerJSON {
	info := s.Info()
	_, hs := s.(sign.Handshaker)
	_, et := s.(sign.EventTyper)
	out := providerJSON{Type: "provider", Name: info.Name, Title: info.Title, Aliases: info.Aliases, Headers: info.Headers,
		Timestamp: info.Timestamp, URL: info.URL, KeyPair: info.KeyPair, Tolerance: info.Tolerance.Seconds(), PastOnly: info.PastOnly,
		Algorithm: info.Algorithm, Handshake: hs, EventType: et, Docs: info.Docs}
	if out.Aliases == nil {
		out.Aliases = []string{}
	}
	if out.Headers == nil {
		out.Headers = []string{}
	}
	return out
}
