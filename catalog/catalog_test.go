package catalog

import (
	"bytes"
	"encoding/json"
	"errors"
	"io/fs"
	"net/url"
	"path"
	"strings"
	"testing"
	"time"
)

var testNow = time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)

func TestCatalogSize(t *testing.T) {
	evs := All()
	if len(evs) < 60 {
		t.Errorf("catalog has %d events, want at least 60", len(evs))
	}
	if p := Providers(); len(p) < 10 {
		t.Errorf("catalog has %d providers (%v), want at least 10", len(p), p)
	}
}

// Every template file is listed in its manifest and every listed event has
// a template, so nothing is shipped that cannot be sent.
func TestManifestsMatchFiles(t *testing.T) {
	if _, err := load(); err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for _, e := range All() {
		if listed[e.file] {
			t.Errorf("%s is listed twice", e.Name())
		}
		listed[e.file] = true
	}
	err := fs.WalkDir(eventFiles, "events", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Base(p) == "_provider.json" {
			return err
		}
		if !listed[p] {
			t.Errorf("%s is not listed in its _provider.json", p)
		}
		delete(listed, p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for f := range listed {
		t.Errorf("%s is listed but has no template", f)
	}
}

// Every event renders to a body of its declared type, with its headers
// and no placeholder left over, and two renders differ in their ids.
func TestEveryEventRenders(t *testing.T) {
	for _, e := range All() {
		t.Run(e.Name(), func(t *testing.T) {
			a, err := e.Render(testNow, nil)
			if err != nil {
				t.Fatal(err)
			}
			b, err := e.Render(testNow, nil)
			if err != nil {
				t.Fatal(err)
			}
			checkBody(t, e, a.Body)
			if bytes.Equal(a.Body, b.Body) {
				t.Error("two renders gave the same body; ids should be fresh each time")
			}
			if bytes.Contains(a.Body, []byte("{{")) {
				t.Errorf("placeholder left in body: %s", a.Body)
			}
			if got := a.Headers.Get("Content-Type"); got == "" || got != e.ContentType {
				t.Errorf("Content-Type = %q, want %q", got, e.ContentType)
			}
			for _, kv := range a.Headers {
				if strings.Contains(kv.Value, "{{") || kv.Value == "" {
					t.Errorf("header %s = %q", kv.Name, kv.Value)
				}
			}
			if a.Method != "POST" || a.Provider != e.Provider || a.Event != e.Type {
				t.Errorf("request is %s %s/%s", a.Method, a.Provider, a.Event)
			}
			if e.Scheme == "" || e.Summary == "" || e.Title == "" {
				t.Errorf("event lacks scheme, summary or title: %+v", e)
			}
		})
	}
}

func checkBody(t *testing.T, e Event, body []byte) {
	t.Helper()
	if e.format == "form" {
		if !strings.HasPrefix(e.ContentType, "application/x-www-form-urlencoded") {
			t.Errorf("form body with Content-Type %q", e.ContentType)
		}
		if _, err := url.ParseQuery(string(body)); err != nil {
			t.Errorf("body is not a valid form: %v", err)
		}
		return
	}
	if !json.Valid(body) {
		t.Fatalf("body is not valid JSON: %s", body)
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		name, want, errHas string
	}{
		{name: "stripe:payment_intent.succeeded", want: "stripe:payment_intent.succeeded"},
		{name: "Stripe:invoice.paid", want: "stripe:invoice.paid"},
		{name: "shopify:orders/create", want: "shopify:orders/create"},
		{name: "pull_request.opened", want: "github:pull_request.opened"},
		{name: "stripe:payment_intent.succeded", errHas: "did you mean stripe:payment_intent.succeeded"},
		{name: "strpe:invoice.paid", errHas: `the catalog has no provider "strpe"`},
		{name: "no-such-thing-at-all-anywhere", errHas: "hookctl send --list-events lists them"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := Lookup(tt.name)
			if tt.errHas != "" {
				if err == nil || !errors.Is(err, ErrUnknownEvent) || !strings.Contains(err.Error(), tt.errHas) {
					t.Fatalf("err = %v, want one containing %q", err, tt.errHas)
				}
				return
			}
			if err != nil || e.Name() != tt.want {
				t.Fatalf("Lookup = %q, %v; want %q", e.Name(), err, tt.want)
			}
		})
	}
}

func TestListByProvider(t *testing.T) {
	for _, p := range Providers() {
		evs := List(p)
		if len(evs) == 0 {
			t.Errorf("List(%q) is empty", p)
		}
		for _, e := range evs {
			if e.Provider != p {
				t.Errorf("List(%q) holds %s", p, e.Name())
			}
		}
	}
	if got := List("nobody"); len(got) != 0 {
		t.Errorf("List(nobody) = %v", got)
	}
}
