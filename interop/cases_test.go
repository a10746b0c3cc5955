package interop

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/hookctl/hookctl/sign"
)

// Throwaway keys for the key-pair schemes, made for these tests only.
const (
	discordSeed   = "28b20646421407a21c4e60b95bbec55c24c08a215044f7bc19a7d6bbff043af9"
	discordPublic = "c5c41ae57a6d50b7b9eaa2eb6680c760c2e72ebfce40cd397f0ec839528cc4a9"
	sendgridKey   = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgPEPOs3iSYQNb3hEqWLIn7Z6i5GxXPqOX18fowh1ubRehRANCAASlHuF2+pZSMDkeLbjv5QkjUdqpFl1D5MuHCTS1/iogzULDBdiPaTcjf0QvqvyQiFP69hUP7vbBw/8g5Qwx9i2k"
	sendgridPub   = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEpR7hdvqWUjA5Hi247+UJI1HaqRZdQ+TLhwk0tf4qIM1CwwXYj2k3I39EL6r8kIhT+vYVD+72wcP/IOUMMfYtpA=="
	hmacSecret    = "hookctl-interop-secret ✓"
	hookURL       = "https://hooks.example.com/webhooks/in?src=interop"
)

var whsec = "whsec_" + base64.StdEncoding.EncodeToString([]byte("hookctl interop standard key 32B"))

// pairing is one SDK oracle and the hookctl scheme it checks.
type pairing struct {
	oracle, scheme     string
	signKey, verifyKey string
	// extra headers the SDK insists on that are not part of the signature.
	extra map[string]string
	// bodies overrides the shared bodies (Twilio signs form fields).
	bodies map[string][]byte
	// url is signed by the scheme.
	url string
	// skew is added to the signing time: Paddle's SDK allows only 5 s in
	// the past, and the oracle may take longer than that to reach a case.
	skew time.Duration
	// canSign: the SDK can sign, so its signatures are checked by hookctl.
	canSign bool
	// emptyRefused is the SDK's message when it refuses an empty body
	// before looking at the signature at all.
	emptyRefused string
}

func bodies() map[string][]byte {
	big := append([]byte(`{"data":"`), bytes.Repeat([]byte("0123456789abcdef"), 1<<16)...)
	big = append(big, `"}`...)
	return map[string][]byte{
		"unicode":    []byte(`{"text":"héllo wörld ✓ 日本語 🎉","emoji":"\ud83c\udf89","n":1}`),
		"whitespace": []byte("{\n  \"a\" :  1 ,\t\"b\": [ 1 , 2 ]\r\n}\n  "),
		"empty":      {},
		"1MiB":       big,
	}
}

func formBodies() map[string][]byte {
	return map[string][]byte{
		"unicode":    []byte("Body=h%C3%A9llo+w%C3%B6rld+%E2%9C%93+%F0%9F%8E%89&From=%2B15550100&To=%2B15550199"),
		"whitespace": []byte("Body=+a++b+%0A%09&To=%20"),
		"empty":      {},
		"1MiB":       append([]byte("Body="), bytes.Repeat([]byte("a"), 1<<20)...),
	}
}

func pairings() []pairing {
	return []pairing{
		{oracle: "paddle", scheme: "paddle", signKey: "pdl_ntfset_hookctl_interop", verifyKey: "pdl_ntfset_hookctl_interop", skew: 4 * time.Second},
		{oracle: "stripe", scheme: "stripe", signKey: "whsec_hookctlInterop", verifyKey: "whsec_hookctlInterop", canSign: true, emptyRefused: "No webhook payload was provided"},
		{oracle: "standard-webhooks", scheme: "standard-webhooks", signKey: whsec, verifyKey: whsec, canSign: true},
		{oracle: "svix", scheme: "clerk", signKey: whsec, verifyKey: whsec, canSign: true},
		{oracle: "svix", scheme: "svix", signKey: whsec, verifyKey: whsec},
		{oracle: "github", scheme: "github", signKey: hmacSecret, verifyKey: hmacSecret, canSign: true, emptyRefused: "required"},
		{oracle: "twilio", scheme: "twilio", signKey: "hookctl0interop0twilio0token0000", verifyKey: "hookctl0interop0twilio0token0000", url: hookURL, bodies: formBodies(), canSign: true},
		{oracle: "slack", scheme: "slack", signKey: hmacSecret, verifyKey: hmacSecret},
		{oracle: "square", scheme: "square", signKey: hmacSecret, verifyKey: hmacSecret, url: hookURL},
		{oracle: "linear", scheme: "linear", signKey: hmacSecret, verifyKey: hmacSecret},
		{oracle: "discord", scheme: "discord", signKey: discordSeed, verifyKey: discordPublic},
		{oracle: "sendgrid", scheme: "sendgrid", signKey: sendgridKey, verifyKey: sendgridPub},
		{oracle: "shopify", scheme: "shopify", signKey: hmacSecret, verifyKey: hmacSecret, emptyRefused: "missing_body", extra: map[string]string{
			"X-Shopify-Topic": "orders/create", "X-Shopify-Shop-Domain": "hookctl.myshopify.com",
			"X-Shopify-API-Version": "2026-07", "X-Shopify-Webhook-Id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
			"X-Shopify-Event-Id": "98880550-7158-44d4-b7cd-2c97c8a091b5", "X-Shopify-Triggered-At": "2026-11-23T12:00:00Z",
		}},
		{oracle: "hubspot", scheme: "hubspot", signKey: hmacSecret, verifyKey: hmacSecret, url: hookURL, canSign: true},
	}
}

// twilioJSON: a JSON body is covered through bodySHA256 in the URL.
func twilioJSONURL(body []byte) string {
	sum := sha256.Sum256(body)
	return hookURL + "&bodySHA256=" + hex.EncodeToString(sum[:])
}

type hookctlCase struct {
	name   string
	oracle oracleCase
	// reject: a tampered copy, which the SDK must refuse (so a pass above
	// means something).
	reject bool
	// refusal: the SDK refuses this body whatever the signature; its
	// message must say so.
	refusal string
}

// hookctlSigned signs every body with hookctl for each SDK to check.
func hookctlSigned(t *testing.T, now time.Time) []hookctlCase {
	var out []hookctlCase
	for _, p := range pairings() {
		s, err := sign.Lookup(p.scheme)
		if err != nil {
			t.Fatal(err)
		}
		bs := p.bodies
		if bs == nil {
			bs = bodies()
		}
		if p.scheme == "twilio" {
			bs["json-unicode"] = bodies()["unicode"]
		}
		for name, body := range bs {
			url := p.url
			if p.scheme == "twilio" && strings.HasPrefix(name, "json") {
				url = twilioJSONURL(body)
			}
			params := sign.SignParams{Secret: p.signKey, Body: body, Timestamp: now.Add(p.skew), ID: "msg_interop_" + name, URL: url}
			var h []sign.Header
			if b, ok := s.(sign.BodySigner); ok {
				body, h, err = b.SignBody(params)
			} else {
				h, err = s.Sign(params)
			}
			if err != nil {
				t.Fatalf("%s %s: sign: %v", p.scheme, name, err)
			}
			hm := headerMap(h)
			for k, v := range p.extra {
				hm[k] = v
			}
			c := oracleCase{Op: "verify", Provider: p.oracle, Secret: p.verifyKey, Body: b64(body), Headers: hm, URL: url}
			hc := hookctlCase{name: p.scheme + "→" + p.oracle + "/" + name, oracle: c}
			if len(body) == 0 {
				hc.refusal = p.emptyRefused
			}
			out = append(out, hc)
			if name == "unicode" && (p.scheme == "stripe" || p.scheme == "standard-webhooks") {
				out = append(out, rotated(t, s, p, body, now))
			}
			if name == "unicode" {
				bad := c
				bad.Body = b64(tamper(body))
				out = append(out, hookctlCase{name: p.scheme + "→" + p.oracle + "/tampered", oracle: bad, reject: true})
			}
		}
	}
	return out
}

// tamper swaps the case of the first letter: one byte changed.
func tamper(body []byte) []byte {
	b := bytes.Clone(body)
	for i, c := range b {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			b[i] ^= 0x20
			break
		}
	}
	return b
}

// rotated signs with an old secret first and the SDK's second, as during
// a rotation: the SDK must find its signature among several.
func rotated(t *testing.T, s sign.Scheme, p pairing, body []byte, now time.Time) hookctlCase {
	old := "whsec_" + base64.StdEncoding.EncodeToString([]byte("an older secret, being rotated out"))
	h, err := s.Sign(sign.SignParams{Secret: old, ExtraSecrets: []string{p.signKey}, Body: body, Timestamp: now, ID: "msg_rotated"})
	if err != nil {
		t.Fatalf("%s rotated: %v", p.scheme, err)
	}
	return hookctlCase{name: p.scheme + "→" + p.oracle + "/two-signatures",
		oracle: oracleCase{Op: "verify", Provider: p.oracle, Secret: p.verifyKey, Body: b64(body), Headers: headerMap(h)}}
}
