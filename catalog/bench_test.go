package catalog

import "testing"

// BenchmarkRender measures one fresh render of a large event (a Shopify
// order: ids, times and about 9 KiB of JSON), as send does per request.
func BenchmarkRender(b *testing.B) {
	e, err := Lookup("shopify:orders/fulfilled")
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.Render(testNow, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLookup measures finding an event by name, which reads the
// embedded manifests each time.
func BenchmarkLookup(b *testing.B) {
	for b.Loop() {
		if _, err := Lookup("stripe:payment_intent.succeeded"); err != nil {
			b.Fatal(err)
		}
	}
}
