package webhook

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

func benchRequest(size int) *Request {
	body := bytes.Repeat([]byte(`{"k":"v"},`), size/10)
	return sampleRequest(body, NewHeaders("Content-Type", "application/json", "Stripe-Signature", "t=1,v1=abc", "User-Agent", "Stripe/1.0"))
}

func BenchmarkFixtureEncode1KiB(b *testing.B) {
	r := benchRequest(1024)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := MarshalFixtureLine(r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFixtureDecode1KiB(b *testing.B) {
	data, _ := MarshalFixtureLine(benchRequest(1024))
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := ParseFixture(data); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFixtureDecodeBinary64KiB(b *testing.B) {
	r := benchRequest(0)
	r.Body = bytes.Repeat([]byte{0xff, 0x00}, 32<<10)
	data, _ := MarshalFixtureLine(r)
	b.ReportAllocs()
	b.SetBytes(int64(len(r.Body)))
	for b.Loop() {
		if _, err := ParseFixture(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDeliver measures the delivery path against a local server: the
// cost hookctl adds on top of a plain HTTP round trip.
func BenchmarkDeliver(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		w.WriteHeader(204)
	}))
	defer srv.Close()
	r := benchRequest(1024)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Deliver(context.Background(), r, srv.URL, DeliverOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
