package check

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/hookctl/hookctl/webhook"
)

// Event is the material of a delivery before it is signed: the body, the
// provider's non-signature headers (Content-Type, event type, delivery id)
// and the id that a provider's retry repeats.
type Event struct {
	// Type is the provider's event type ("payment_intent.succeeded").
	Type string
	// ID is the event or delivery id an app de-duplicates by. Where it lives
	// (a body field, a header, or the signed id of the scheme) depends on
	// the provider; see Profile.
	ID      string
	Body    []byte
	Headers webhook.Headers
	// At is when the event happened, as its body says where it can.
	At time.Time
}

// eventSpec is what a built-in payload needs to be rendered.
type eventSpec struct {
	Type string
	// ID is the event id; Object is a token shared by related events (the
	// subscription of .created and .updated).
	ID, Object string
	At         time.Time
}

// withID returns a copy of ev that carries id wherever the provider keeps
// it: every occurrence of the old id in the body (ids are long random
// tokens, so they do not occur by chance) and the provider's id headers.
func (p *Profile) withID(ev Event, id string) Event {
	out := ev
	out.ID = id
	out.Headers = ev.Headers.Clone()
	if ev.ID != "" {
		out.Body = bytes.ReplaceAll(ev.Body, []byte(ev.ID), []byte(id))
	} else {
		out.Body = append([]byte(nil), ev.Body...)
	}
	for _, name := range p.IDHeaders {
		out.Headers.Set(name, id)
	}
	return out
}

// findID reads the event id from a body or headers that came from outside
// (--file, the catalog), so duplicates can repeat it and other checks can
// replace it. It is empty when the event has none where the provider puts
// it.
func (p *Profile) findID(body []byte, h webhook.Headers) string {
	for _, name := range p.IDHeaders {
		if v := h.Get(name); v != "" {
			return v
		}
	}
	if p.IDField == "" {
		return ""
	}
	var top map[string]json.RawMessage
	if json.Unmarshal(body, &top) != nil {
		return ""
	}
	var id string
	if json.Unmarshal(top[p.IDField], &id) != nil {
		return ""
	}
	return id
}

// tamper changes one byte of body so that it stays well-formed: a digit
// becomes another non-zero digit, or else a letter another letter. An app
// must then reject it for its signature, not because it no longer parses.
func tamper(body []byte) []byte {
	out := append([]byte(nil), body...)
	pick := func(ok func(byte) bool) int {
		// Prefer the middle of the body, away from the id a naive app
		// might look up first.
		for i := len(out) / 2; i < len(out); i++ {
			if ok(out[i]) {
				return i
			}
		}
		for i := len(out)/2 - 1; i >= 0; i-- {
			if ok(out[i]) {
				return i
			}
		}
		return -1
	}
	if i := pick(func(c byte) bool { return c >= '0' && c <= '9' }); i >= 0 {
		out[i] = "1234567898"[out[i]-'0']
		return out
	}
	if i := pick(func(c byte) bool { return c >= 'a' && c <= 'y' || c >= 'A' && c <= 'Y' }); i >= 0 {
		out[i]++
		return out
	}
	if len(out) == 0 {
		return []byte(" ")
	}
	out[len(out)-1] ^= 1
	return out
}

// randomToken returns n random characters from alphabet.
func randomToken(alphabet string, n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

const (
	alnum    = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	lowerHex = "0123456789abcdef"
)

// newUUID returns a random version 4 UUID, the form GitHub and Shopify use
// for delivery ids.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return fmt.Sprintf("%s-%s-%s-%s-%s", h[:8], h[8:12], h[12:16], h[16:20], h[20:])
}
