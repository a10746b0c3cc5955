package catalog

import (
	"strings"
	"testing"
)

func TestSets(t *testing.T) {
	tests := []struct {
		name   string
		body   string
		sets   []string
		want   string
		errHas string
	}{
		{name: "number", body: `{"a":{"amount":1}}`, sets: []string{"a.amount=5000"}, want: `{"a":{"amount":5000}}`},
		{name: "string when not JSON", body: `{"s":"x"}`, sets: []string{"s=hello world"}, want: `{"s":"hello world"}`},
		{name: "quoted JSON string", body: `{"s":"x"}`, sets: []string{`s="42"`}, want: `{"s":"42"}`},
		{name: "bool and null", body: `{"a":1,"b":2}`, sets: []string{"a=true", "b=null"}, want: `{"a":true,"b":null}`},
		{name: "object value", body: `{"m":{}}`, sets: []string{`m={"order":"7","n":1}`}, want: `{"m":{"order":"7","n":1}}`},
		{name: "array index", body: `{"items":[{"id":1},{"id":2}]}`, sets: []string{"items.1.id=9"}, want: `{"items":[{"id":1},{"id":9}]}`},
		{name: "empty value", body: `{"s":"x"}`, sets: []string{"s="}, want: `{"s":""}`},
		{name: "value with =", body: `{"q":""}`, sets: []string{"q=a=b"}, want: `{"q":"a=b"}`},
		{name: "order kept", body: `{"z":1,"a":2}`, sets: []string{"a=3"}, want: `{"z":1,"a":3}`},
		{name: "unknown field", body: `{"data":{"object":{}}}`, sets: []string{"data.objet.x=1"}, errHas: `data has no field "objet" (it has object)`},
		{name: "index out of range", body: `{"items":[1]}`, sets: []string{"items.3=1"}, errHas: `items is a list of 1; "3" is not an index`},
		{name: "through a scalar", body: `{"a":1}`, sets: []string{"a.b=1"}, errHas: "a is not an object or a list"},
		{name: "top-level field", body: `{"a":1}`, sets: []string{"b=1"}, errHas: `the payload has no field "b"`},
		{name: "not JSON", body: `a=1&b=2`, sets: []string{"a=1"}, errHas: "--set needs a JSON body"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var sets []Set
			for _, s := range tt.sets {
				set, err := ParseSet(s)
				if err != nil {
					t.Fatal(err)
				}
				sets = append(sets, set)
			}
			got, err := ApplySets([]byte(tt.body), sets, "")
			if tt.errHas != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errHas) {
					t.Fatalf("err = %v, want one containing %q", err, tt.errHas)
				}
				return
			}
			if err != nil || string(got) != tt.want {
				t.Fatalf("got %s, %v; want %s", got, err, tt.want)
			}
		})
	}
}

func TestParseSetErrors(t *testing.T) {
	for _, s := range []string{"", "novalue", "=5"} {
		if _, err := ParseSet(s); err == nil || !strings.Contains(err.Error(), "path=value") {
			t.Errorf("ParseSet(%q) = %v", s, err)
		}
	}
}

func TestSetOnAnEvent(t *testing.T) {
	m, _, _ := render(t, "stripe:payment_intent.succeeded",
		Set{Path: "data.object.amount", Value: "5000"}, Set{Path: "data.object.metadata.order_id", Value: "A-7"})
	if dig(m, "data.object.amount") != float64(5000) || dig(m, "data.object.metadata.order_id") != "A-7" {
		t.Errorf("sets not applied: %v", dig(m, "data.object"))
	}
	e, _ := Lookup("stripe:payment_intent.succeeded")
	if _, err := e.Render(testNow, []Set{{Path: "data.object.amont", Value: "1"}}); err == nil || !strings.Contains(err.Error(), `no field "amont"`) {
		t.Errorf("err = %v", err)
	}
}

func TestIndentedOutput(t *testing.T) {
	got, err := ApplySets([]byte(`{"a":{"b":[1,{}],"c":[]}}`), nil, "  ")
	if err != nil {
		t.Fatal(err)
	}
	want := "{\n  \"a\": {\n    \"b\": [\n      1,\n      {}\n    ],\n    \"c\": []\n  }\n}"
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
