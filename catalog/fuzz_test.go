package catalog

import (
	"encoding/json"
	"testing"
)

// FuzzApplySets checks that any body and any --set never panic, and that
// a successful set always yields valid JSON.
func FuzzApplySets(f *testing.F) {
	f.Add([]byte(`{"data":{"object":{"amount":1,"items":[{"id":1}]}}}`), "data.object.items.0.id", `"x"`)
	f.Add([]byte(`[1,2,{"a":null}]`), "2.a", `{"b":[true]}`)
	f.Add([]byte(`{"a":"{{id:pi_}}"}`), "a", "1e309")
	f.Add([]byte(`not json`), "a", "b")
	f.Fuzz(func(t *testing.T, body []byte, path, value string) {
		out, err := ApplySets(body, []Set{{Path: path, Value: value}}, "  ")
		if err == nil && !json.Valid(out) {
			t.Fatalf("ApplySets gave invalid JSON %q", out)
		}
	})
}

// FuzzPlaceholders checks that any template text fills without a panic.
func FuzzPlaceholders(f *testing.F) {
	for _, s := range []string{"{{id:pi_}}", "{{now.iso+30d}}", "{{hex:SM:32}} and {{int:9#x}}", "{{id::99999999}}", "{{now+99999999999d}}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, _ = newFiller(testNow, "a.b").scalar(s)
	})
}
