package cmd

import (
	"io"
	"strings"
	"testing"
	"time"
)

func TestListenFlags(t *testing.T) {
	cases := []struct {
		args    []string
		wantErr string
		check   func(*listenOptions) bool
	}{
		{nil, "", func(o *listenOptions) bool { return o.Addr == "127.0.0.1:8080" && o.Status == 200 && !o.statusSet }},
		{[]string{"--port", "0"}, "", func(o *listenOptions) bool { return o.Addr == "127.0.0.1:0" }},
		{[]string{"--addr", ":9000"}, "", func(o *listenOptions) bool { return o.Addr == ":9000" }},
		{[]string{"--status", "201"}, "", func(o *listenOptions) bool { return o.Status == 201 && o.statusSet }},
		{[]string{"--tolerance", "0"}, "", func(o *listenOptions) bool { return o.Tolerance < 0 }},
		{[]string{"--tolerance", "10m"}, "", func(o *listenOptions) bool { return o.Tolerance == 10*time.Minute }},
		{[]string{"--addr", ":1", "--port", "2"}, "use one", nil},
		{[]string{"--addr", "localhost"}, "not HOST:PORT", nil},
		{[]string{"--port", "70000"}, "not a port", nil},
		{[]string{"--status", "42"}, "200-599", nil},
		{[]string{"--fail-rate", "1.5"}, "between 0 and 1", nil},
		{[]string{"--count", "-1"}, "0 or more", nil},
		{[]string{"--max-body", "lots"}, "not a size", nil},
		{[]string{"--public-url", "hooks.example.com"}, "--public-url: target URL", nil},
		{[]string{"--response-header", "nocolon"}, `"Name: value"`, nil},
		{[]string{"stray"}, "unknown command", nil},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			deps, _, _ := testDeps(nil)
			var got *listenOptions
			c := newListenCmd(deps, func(o *listenOptions) error { got = o; return nil })
			c.SetArgs(tc.args)
			c.SetOut(io.Discard)
			c.SetErr(io.Discard)
			err := c.Execute()
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil || !tc.check(got) {
				t.Fatalf("err = %v, options = %+v", err, got)
			}
		})
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{"4096": 4096, "25MiB": 25 << 20, "500KB": 500000, "1 kib": 1024, "2GB": 2e9} {
		if got, err := parseListenSize(in); err != nil || got != want {
			t.Errorf("parseListenSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "MiB", "-1", "1.5MiB", "0"} {
		if _, err := parseListenSize(bad); err == nil {
			t.Errorf("parseListenSize(%q) did not fail", bad)
		}
	}
}
