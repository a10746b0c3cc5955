package relay

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

const (
	stripeSecret = "whsec_hookctlExampleStripeSecret0000000000"
	githubSecret = "hookctl-example-github-secret"
)

func hmacHex(secret string, parts ...[]byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	for _, p := range parts {
		m.Write(p)
	}
	return hex.EncodeToString(m.Sum(nil))
}

// verifyAtApp checks the signatures the way the providers' libraries do,
// so a changed byte anywhere fails the test.
func verifyAtApp(s seen) string {
	if sig := s.Header.Get("Stripe-Signature"); sig != "" {
		var ts, v1 string
		for _, part := range strings.Split(sig, ",") {
			k, v, _ := strings.Cut(part, "=")
			if k == "t" {
				ts = v
			} else if k == "v1" {
				v1 = v
			}
		}
		if !hmac.Equal([]byte(v1), []byte(hmacHex(stripeSecret, []byte(ts+"."), s.Body))) {
			return "stripe:bad"
		}
		return "stripe:ok"
	}
	if sig := s.Header.Get("X-Hub-Signature-256"); sig != "" {
		if !hmac.Equal([]byte(sig), []byte("sha256="+hmacHex(githubSecret, s.Body))) {
			return "github:bad"
		}
		return "github:ok"
	}
	return "unsigned"
}

func TestRelayForwardsExactly(t *testing.T) {
	tg := newTarget(t, func(w http.ResponseWriter, s seen) {
		w.Header().Set("X-App", "yes")
		w.Header().Add("X-Multi", "1")
		w.Header().Add("X-Multi", "2")
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, "%s %d", verifyAtApp(s), len(s.Body))
	})
	// A long timeout: under -race a 20 MiB body takes seconds to encode.
	_, hs := relayServer(t, ServerConfig{ResponseTimeout: 2 * time.Minute})
	rc := startClient(t, hs.URL, "", "", tg.URL+"/app")
	sess := rc.session(t)

	stripeBody := []byte(`{"id":"evt_1","type":"payment_intent.succeeded","data":{"amount":2000}}`)
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	stripeSig := "t=" + ts + ",v1=" + hmacHex(stripeSecret, []byte(ts+"."), stripeBody)
	githubBody := []byte("{\"ref\":\"refs/heads/main\",\n  \"zen\": \"Keep it logically awesome.\"}\n")
	binary := make([]byte, 4096)
	rand.Read(binary)
	big := bytes.Repeat([]byte("0123456789abcdef"), 20<<20/16)
	big[12345] = 0xff // not UTF-8: travels as base64

	tests := []struct {
		name, method, path string
		body               []byte
		header             []string
		want               string
	}{
		{"stripe", "POST", "/stripe/hook?source=relay", stripeBody, []string{"Stripe-Signature", stripeSig, "Content-Type", "application/json"}, "stripe:ok"},
		{"github", "POST", "/gh", githubBody, []string{"X-Hub-Signature-256", "sha256=" + hmacHex(githubSecret, githubBody), "X-GitHub-Event", "push"}, "github:ok"},
		{"put with query", "PUT", "/a/b%20c/d?x=1&x=2&y=%2F", []byte("put body"), nil, "unsigned"},
		{"delete without body", "DELETE", "/items/42", nil, nil, "unsigned"},
		{"repeated headers", "PATCH", "/r", []byte("x"), []string{"X-Dup", "one", "X-Dup", "two", "X-Dup", "three"}, "unsigned"},
		{"binary body", "POST", "/bin", binary, []string{"Content-Type", "application/octet-stream"}, "unsigned"},
		{"20 MiB body", "POST", "/big", big, nil, "unsigned"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, answer := do(t, tt.method, sess.URL+tt.path, tt.body, tt.header...)
			got := receive(t, tg)
			if resp.StatusCode != http.StatusCreated || string(answer) != fmt.Sprintf("%s %d", tt.want, len(tt.body)) {
				t.Errorf("sender got %d %q, want 201 %q", resp.StatusCode, answer, tt.want)
			}
			if resp.Header.Get("X-App") != "yes" || strings.Join(resp.Header.Values("X-Multi"), ",") != "1,2" {
				t.Errorf("sender got headers %v, want the app's", resp.Header)
			}
			if got.Method != tt.method || got.URI != "/app"+tt.path {
				t.Errorf("app got %s %s, want %s /app%s", got.Method, got.URI, tt.method, tt.path)
			}
			if !bytes.Equal(got.Body, tt.body) {
				t.Errorf("app got a body of %d bytes that differs from the %d sent", len(got.Body), len(tt.body))
			}
			for i := 0; i+1 < len(tt.header); i += 2 {
				want := valuesOf(tt.header, tt.header[i])
				if g := got.Header.Values(tt.header[i]); strings.Join(g, "\n") != strings.Join(want, "\n") {
					t.Errorf("app got %s: %q, want %q", tt.header[i], g, want)
				}
			}
			if got.Header.Get("X-Forwarded-For") != "127.0.0.1" || got.Header.Get("X-Forwarded-Proto") != "http" || got.Header.Get("X-Forwarded-Host") != strings.TrimPrefix(hs.URL, "http://") {
				t.Errorf("app got X-Forwarded-For/Proto/Host %q %q %q", got.Header.Get("X-Forwarded-For"), got.Header.Get("X-Forwarded-Proto"), got.Header.Get("X-Forwarded-Host"))
			}
		})
	}
}

func valuesOf(pairs []string, name string) []string {
	var out []string
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i] == name {
			out = append(out, pairs[i+1])
		}
	}
	return out
}
