package sign_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hookctl/hookctl/sign"
)

// vector is a known-answer test case: a request a provider (or its SDK's
// test suite, named in source) signed, which must verify, and which
// signing the same inputs must reproduce byte for byte.
type vector struct {
	Provider  string     `json:"provider"`
	Source    string     `json:"source"`
	Secret    string     `json:"secret"`
	Verify    string     `json:"verify_key"` // the public key, for key-pair schemes
	ID        string     `json:"id"`
	Timestamp int64      `json:"timestamp"`
	TimeText  string     `json:"time"` // RFC 3339, for schemes that sign that text
	URL       string     `json:"url"`
	Method    string     `json:"method"`
	Body      string     `json:"body"`
	Headers   [][]string `json:"headers"`
	// NoResign marks vectors whose signature is randomised (ECDSA).
	NoResign bool `json:"no_resign"`
}

func loadVectors(t testing.TB) []vector {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join("testdata", "vectors*.json"))
	var all []vector
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var vs []vector
		if err := json.Unmarshal(data, &vs); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		all = append(all, vs...)
	}
	return all
}

func (v vector) headers() sign.Headers {
	var h sign.Headers
	for _, kv := range v.Headers {
		h = append(h, sign.Header{Name: kv[0], Value: kv[1]})
	}
	return h
}

func (v vector) time() time.Time {
	if v.TimeText != "" {
		t, _ := time.Parse(time.RFC3339Nano, v.TimeText)
		return t
	}
	if v.Timestamp == 0 {
		return time.Time{}
	}
	if v.Timestamp > 1e12 {
		return time.UnixMilli(v.Timestamp)
	}
	return time.Unix(v.Timestamp, 0)
}

func TestKnownAnswerVectors(t *testing.T) {
	for _, v := range loadVectors(t) {
		t.Run(v.Provider, func(t *testing.T) {
			s, err := sign.Lookup(v.Provider)
			if err != nil {
				t.Fatal(err)
			}
			verifyKey := v.Secret
			if v.Verify != "" {
				verifyKey = v.Verify
			}
			_, err = s.Verify(sign.VerifyParams{Headers: v.headers(), Body: []byte(v.Body), URL: v.URL, Method: v.Method,
				Secrets: []string{verifyKey}, Now: v.time(), Tolerance: -1})
			if err != nil {
				t.Fatalf("vector from %s does not verify: %v", v.Source, err)
			}
			if v.NoResign {
				return
			}
			p := sign.SignParams{Secret: v.Secret, Body: []byte(v.Body), Timestamp: v.time(), ID: v.ID, URL: v.URL, Method: v.Method}
			got, err := s.Sign(p)
			if bs, ok := s.(sign.BodySigner); ok {
				var body []byte
				body, got, err = bs.SignBody(p)
				if err == nil && string(body) != v.Body {
					t.Errorf("signed body %s, want %s", body, v.Body)
				}
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range v.headers() {
				if g := sign.Headers(got).Get(want.Name); g != want.Value {
					t.Errorf("%s: signed %q, want %q (vector from %s)", want.Name, g, want.Value, v.Source)
				}
			}
		})
	}
}

// TestEveryProviderHasVector: adding a provider means adding a vector.
func TestEveryProviderHasVector(t *testing.T) {
	have := map[string]bool{}
	for _, v := range loadVectors(t) {
		have[v.Provider] = true
	}
	for _, s := range sign.All() {
		if !have[s.Info().Name] {
			t.Errorf("%s has no known-answer vector in testdata/vectors*.json", s.Info().Name)
		}
	}
}
