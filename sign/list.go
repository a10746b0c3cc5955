package sign

import (
	"fmt"
	"strings"
)

// listFormat is how a signature header holds its value: one signature
// (GitHub "sha256=…"), or a list of key=value items (Stripe "t=…,v1=…,v1=…",
// Paddle "ts=…;h1=…", PagerDuty "v1=…,v1=…").
type listFormat struct {
	kv     bool
	sep    string
	tsKey  string
	sigKey string
	// multi: senders put one signature per active secret in the header.
	multi bool
}

// stripeList is Stripe's layout, shared by Calendly, Mux, Persona and
// others, which send one signature only.
var stripeList = listFormat{kv: true, sep: ",", tsKey: "t", sigKey: "v1"}

// format writes the header value: the timestamp item, then one item per
// signature.
func (l listFormat) format(stamp string, sigs []string) string {
	if !l.kv {
		return sigs[0]
	}
	var items []string
	if l.tsKey != "" {
		items = append(items, l.tsKey+"="+stamp)
	}
	for _, sig := range sigs {
		items = append(items, l.sigKey+"="+sig)
	}
	return strings.Join(items, l.sep)
}

// parsed is what a request's headers say: the signed timestamp text and
// the candidate signatures, decoded.
type parsed struct {
	stamp string
	sigs  [][]byte
}

// read pulls the timestamp and signatures out of the request headers.
func (s *hmacScheme) read(h HeaderGetter) (parsed, error) {
	var got parsed
	seen := false
	for i := -1; i < len(s.alsoHeaders); i++ {
		name := s.header
		if i >= 0 {
			name = s.alsoHeaders[i]
		}
		for _, v := range valuesOf(h, name) {
			if v = strings.TrimSpace(v); v == "" {
				continue
			}
			seen = true
			if err := s.readValue(v, &got); err != nil {
				return parsed{}, err
			}
		}
	}
	if !seen {
		return parsed{}, missing(s.name, s.header, h)
	}
	if s.tsHeader != "" {
		if got.stamp = get(h, s.tsHeader); got.stamp == "" {
			return parsed{}, missing(s.name, s.tsHeader, nil)
		}
	}
	return got, nil
}

func (s *hmacScheme) readValue(v string, got *parsed) error {
	if !s.list.kv {
		sig, ok := cutPrefixFold(v, s.prefix)
		if !ok {
			return malformed(s.name, "%s should start with %q", s.header, s.prefix)
		}
		b, ok := s.enc.decode(strings.TrimSpace(sig))
		if !ok {
			return malformed(s.name, "%s is not %s after %q", s.header, s.enc, s.prefix)
		}
		got.sigs = append(got.sigs, b)
		return nil
	}
	before := len(got.sigs)
	sep := strings.TrimSpace(s.list.sep)
	for rest := v; rest != ""; {
		var item string
		item, rest, _ = strings.Cut(rest, sep)
		k, val, _ := strings.Cut(strings.TrimSpace(item), "=")
		switch {
		case s.list.tsKey != "" && k == s.list.tsKey:
			got.stamp = val
		case k == s.list.sigKey:
			// Undecodable entries are skipped, as Stripe's SDK does.
			if b, ok := s.enc.decode(strings.TrimPrefix(val, s.prefix)); ok {
				got.sigs = append(got.sigs, b)
			}
		}
	}
	if s.list.tsKey != "" && got.stamp == "" {
		return malformed(s.name, "%s has no %s= timestamp", s.header, s.list.tsKey)
	}
	if len(got.sigs) == before {
		return malformed(s.name, "%s has no %s= signature in %s", s.header, s.list.sigKey, s.enc)
	}
	return nil
}

func valuesOf(h HeaderGetter, name string) []string {
	if h == nil {
		return nil
	}
	return h.Values(name)
}

func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) < len(prefix) || !strings.EqualFold(s[:len(prefix)], prefix) {
		return s, false
	}
	return s[len(prefix):], true
}

// missing says which header is absent and, when the request carries
// another provider's signature header instead, which.
func missing(provider, header string, h HeaderGetter) error {
	e := &VerifyError{Provider: provider, Kind: ErrMissingHeader, Detail: header + " header missing"}
	if other := otherProvider(h, provider); other != "" {
		e.Hint = "the request carries " + other + " instead: pick that provider, or --provider auto"
	}
	return e
}

func malformed(provider, format string, a ...any) error {
	return &VerifyError{Provider: provider, Kind: ErrMalformedHeader, Detail: fmt.Sprintf(format, a...)}
}
