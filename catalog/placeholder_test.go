package catalog

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

func TestPlaceholders(t *testing.T) {
	tests := []struct {
		in, re  string
		numeric bool
	}{
		{"{{id:pi_}}", `^pi_[0-9A-Za-z]{24}$`, false},
		{"{{id:cus_:14}}", `^cus_[0-9A-Za-z]{14}$`, false},
		{"{{lower:evt_:26}}", `^evt_[0-9a-z]{26}$`, false},
		{"{{upper:U:10}}", `^U[0-9A-Z]{10}$`, false},
		{"{{hex:40}}", `^[0-9a-f]{40}$`, false},
		{"{{hex:SM:32}}", `^SM[0-9a-f]{32}$`, false},
		{"{{digits:5}}", `^[0-9]{5}$`, false},
		{"{{int:9}}", `^[1-9][0-9]{8}$`, true},
		{"{{uuid}}", `^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, false},
		{"{{now}}", `^1795435200$`, true},
		{"{{now.ms}}", `^1795435200000$`, true},
		{"{{now.unix}}", `^1795435200$`, false},
		{"{{now.iso}}", `^2026-11-23T12:00:00Z$`, false},
		{"{{now.isoms+90s}}", `^2026-11-23T12:01:30\.000Z$`, false},
		{"{{now.offset-1d}}", `^2026-11-22T12:00:00\+00:00$`, false},
		{"{{now.rfc1123}}", `^Mon, 23 Nov 2026 12:00:00 \+0000$`, false},
		{"{{now.date+30d}}", `^2026-12-23$`, false},
		{"{{now+2h}}", `^1795442400$`, true},
		{"{{type}}", `^pull_request\.opened$`, false},
		{"{{kind}}", `^pull_request$`, false},
	}
	for _, tt := range tests {
		f := newFiller(testNow, "pull_request.opened")
		v, numeric, err := f.value(tt.in[2 : len(tt.in)-2])
		if err != nil || !regexp.MustCompile(tt.re).MatchString(v) || numeric != tt.numeric {
			t.Errorf("%s = %q (numeric %v), %v; want /%s/ numeric %v", tt.in, v, numeric, err, tt.re, tt.numeric)
		}
	}
}

func TestPlaceholdersRepeatWithinARender(t *testing.T) {
	f := newFiller(testNow, "x")
	got, err := f.text("{{id:pi_}} {{id:pi_}} {{id:pi_#2}}")
	if err != nil {
		t.Fatal(err)
	}
	p := strings.Fields(got)
	if p[0] != p[1] || p[0] == p[2] {
		t.Errorf("got %q: same name must repeat, #2 must differ", got)
	}
	if again, _ := newFiller(testNow, "x").text("{{id:pi_}}"); again == p[0] {
		t.Error("a new render reused an id")
	}
}

func TestBadPlaceholders(t *testing.T) {
	for _, in := range []string{"{{nope}}", "{{now.week}}", "{{now+3y}}", "{{id:pi_:x}}"} {
		if _, err := newFiller(testNow, "x").text(in); err == nil {
			t.Errorf("%s: no error", in)
		}
	}
}

func TestScalarTypes(t *testing.T) {
	f := newFiller(testNow, "x")
	if v, _ := f.scalar("{{now}}"); v != any(jsonNumber("1795435200")) {
		t.Errorf("{{now}} alone = %#v, want a number", v)
	}
	if v, _ := f.scalar("t={{now}}"); v != "t=1795435200" {
		t.Errorf("inside text = %#v", v)
	}
}

func jsonNumber(s string) any { return json.Number(s) }
