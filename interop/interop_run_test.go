package interop

import (
	"strings"
	"testing"
	"time"

	"github.com/hookctl/hookctl/sign"
)

// TestSDKsAcceptHookctl: every official SDK accepts what hookctl signs,
// for unicode, whitespace, empty and 1 MiB bodies, and refuses a tampered
// copy.
func TestSDKsAcceptHookctl(t *testing.T) {
	node := needOracle(t)
	cases := hookctlSigned(t, time.Now())
	oc := make([]oracleCase, len(cases))
	for i, c := range cases {
		oc[i] = c.oracle
	}
	answers := askOracle(t, node, oc)
	for i, c := range cases {
		a := answers[i]
		switch {
		case c.refusal != "":
			if a.OK || !strings.Contains(a.Error, c.refusal) {
				t.Errorf("%s: want the SDK's own refusal of the body (%q), got ok=%v %s", c.name, c.refusal, a.OK, short(a.Error))
			}
		case c.reject && a.OK:
			t.Errorf("%s: the SDK accepted a tampered body; the oracle checks nothing", c.name)
		case !c.reject && !a.OK:
			t.Errorf("%s: the SDK rejected hookctl's signature: %s", c.name, short(a.Error))
		}
	}
}

// TestHookctlAcceptsSDKs: what the SDKs sign, hookctl verifies.
func TestHookctlAcceptsSDKs(t *testing.T) {
	node := needOracle(t)
	now := time.Now()
	type signCase struct {
		name string
		p    pairing
		body []byte
		url  string
	}
	var cases []signCase
	var oc []oracleCase
	for _, p := range pairings() {
		if !p.canSign {
			continue
		}
		bs := p.bodies
		if bs == nil {
			bs = bodies()
		}
		for name, body := range bs {
			url := p.url
			if p.scheme == "twilio" && name == "unicode" {
				cases = append(cases, signCase{p.oracle + "/json-unicode", p, bodies()["unicode"], twilioJSONURL(bodies()["unicode"])})
				oc = append(oc, oracleCase{Op: "sign", Provider: p.oracle, Secret: p.signKey, Body: b64(bodies()["unicode"]), URL: twilioJSONURL(bodies()["unicode"]), ID: "msg_sdk_json", Timestamp: now.Unix()})
			}
			cases = append(cases, signCase{p.oracle + "/" + name, p, body, url})
			oc = append(oc, oracleCase{Op: "sign", Provider: p.oracle, Secret: p.signKey, Body: b64(body), URL: url, ID: "msg_sdk_" + name, Timestamp: now.Unix()})
		}
	}
	answers := askOracle(t, node, oc)
	for i, c := range cases {
		a := answers[i]
		if len(c.body) == 0 && c.p.emptyRefused != "" && !a.OK && strings.Contains(a.Error, "required") {
			continue // the SDK refuses to sign an empty body at all
		}
		if !a.OK {
			t.Errorf("%s: the SDK could not sign: %s", c.name, short(a.Error))
			continue
		}
		s, err := sign.Lookup(c.p.scheme)
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.Verify(sign.VerifyParams{Headers: fromMap(a.Headers), Body: c.body, URL: c.url, Method: "POST",
			Secrets: []string{c.p.verifyKey}, Now: time.Now()})
		if err != nil {
			t.Errorf("%s: hookctl rejected the SDK's signature %v: %v", c.name, shortHeaders(a.Headers), err)
		}
	}
}

func shortHeaders(h map[string]string) string {
	var parts []string
	for k, v := range h {
		parts = append(parts, k+": "+short(v))
	}
	return strings.Join(parts, "; ")
}
