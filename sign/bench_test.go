package sign_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"testing"
	"time"

	"github.com/hookctl/hookctl/sign"
)

// The budget: verifying a 1 KiB body costs within 1.5× of computing the
// bare HMAC-SHA256 of it (BenchmarkBareHMAC).
//
//	go test ./sign -run '^$' -bench . -benchmem
var benchBody = bytes.Repeat([]byte(`{"k":"v"},`), 103)[:1024]

func BenchmarkBareHMAC(b *testing.B) {
	key := []byte("whsec_bench")
	b.SetBytes(int64(len(benchBody)))
	for b.Loop() {
		m := hmac.New(sha256.New, key)
		m.Write(benchBody)
		_ = m.Sum(nil)
	}
}

// One scheme per family: key=value list with a timestamp (Stripe), a
// prefixed single header (GitHub), Standard Webhooks, URL + form (Twilio),
// body timestamp (Linear), Ed25519 (Discord), ECDSA (SendGrid).
func BenchmarkVerify(b *testing.B) {
	for _, name := range []string{"stripe", "github", "standard-webhooks", "twilio", "linear", "discord", "sendgrid"} {
		s, err := sign.Lookup(name)
		if err != nil {
			b.Fatal(err)
		}
		b.Run(name, func(b *testing.B) {
			info := s.Info()
			sk, vk := keys(b, info)
			body := benchBody
			if name == "twilio" {
				body = bytes.Repeat([]byte("Body=abcdefgh&"), 74)[:1024]
			}
			if name == "linear" {
				body = append([]byte(`{"webhookTimestamp":1795435200000,"x":"`), bytes.Repeat([]byte("a"), 1024-42)...)
				body = append(body, '"', '}')
			}
			h, err := s.Sign(sign.SignParams{Secret: sk, Body: body, Timestamp: signedAt, ID: "msg_1", URL: testURL})
			if err != nil {
				b.Fatal(err)
			}
			p := sign.VerifyParams{Headers: sign.Headers(h), Body: body, URL: testURL, Secrets: []string{vk}, Now: signedAt}
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := s.Verify(p); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkVerifyVsBareHMAC times verification and the bare HMAC of the
// same 1 KiB body alternately, so machine noise hits both alike, and
// reports verify's cost as a multiple of the bare HMAC's ("x-bare"; the
// budget is 1.5).
func BenchmarkVerifyVsBareHMAC(b *testing.B) {
	for _, name := range []string{"stripe", "github", "standard-webhooks", "slack", "shopify", "linear"} {
		s, _ := sign.Lookup(name)
		b.Run(name, func(b *testing.B) {
			sk, vk := keys(b, s.Info())
			body := benchBody
			if name == "linear" {
				body = append(append([]byte(`{"webhookTimestamp":1795435200000,"x":"`), bytes.Repeat([]byte("a"), 1024-42)...), '"', '}')
			}
			h, _ := s.Sign(sign.SignParams{Secret: sk, Body: body, Timestamp: signedAt, ID: "msg_1"})
			p := sign.VerifyParams{Headers: sign.Headers(h), Body: body, Secrets: []string{vk}, Now: signedAt}
			key := []byte(sk)
			var bare, verify time.Duration
			for b.Loop() {
				t0 := time.Now()
				m := hmac.New(sha256.New, key)
				m.Write(body)
				_ = m.Sum(nil)
				t1 := time.Now()
				if _, err := s.Verify(p); err != nil {
					b.Fatal(err)
				}
				verify += time.Since(t1)
				bare += t1.Sub(t0)
			}
			b.ReportMetric(float64(verify)/float64(bare), "x-bare")
		})
	}
}
