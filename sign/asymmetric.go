package sign

import (
	"cmp"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"strings"
)

// keyPairScheme signs "{timestamp}{body}" with a private key and checks it
// with the public one: Discord (Ed25519, hex) and SendGrid (ECDSA P-256
// over SHA-256, base64 DER).
type keyPairScheme struct {
	name, title, docs, alg string
	sigHeader, tsHeader    string
	markers                []string
	enc                    encoding
	sign                   func(key string, msg []byte) ([]byte, error)
	check                  func(key string, msg, sig []byte) (bool, error)
	keyHelp                string
}

func (s *keyPairScheme) Info() Info {
	return Info{Name: s.name, Title: s.title, Docs: s.docs, Headers: []string{s.sigHeader, s.tsHeader},
		Timestamp: true, KeyPair: true, Algorithm: s.alg}
}

func (s *keyPairScheme) detectScore(h HeaderGetter) int {
	return scoreHeaders(h, s.sigHeader, []string{s.tsHeader}, s.markers)
}

func (s *keyPairScheme) Sign(p SignParams) ([]Header, error) {
	if p.Secret == "" {
		return nil, fmt.Errorf("%w: %s signs with a private key (%s)", ErrNoSecret, s.title, s.keyHelp)
	}
	if p.Timestamp.IsZero() {
		return nil, ErrNoTimestamp
	}
	stamp := unixSeconds.format(p.Timestamp)
	sig, err := s.sign(p.Secret, append([]byte(stamp), p.Body...))
	if err != nil {
		return nil, err
	}
	return []Header{{Name: s.sigHeader, Value: s.enc.encode(sig)}, {Name: s.tsHeader, Value: stamp}}, nil
}

func (s *keyPairScheme) Verify(p VerifyParams) (Result, error) {
	if len(p.Secrets) == 0 {
		return Result{}, &VerifyError{Provider: s.name, Kind: ErrNoSecret, Detail: "no public key given to verify with (" + s.keyHelp + ")"}
	}
	v, stamp := get(p.Headers, s.sigHeader), get(p.Headers, s.tsHeader)
	switch {
	case v == "":
		return Result{}, missing(s.name, s.sigHeader, p.Headers)
	case stamp == "":
		return Result{}, missing(s.name, s.tsHeader, nil)
	}
	sig, ok := s.enc.decode(v)
	if !ok {
		return Result{}, malformed(s.name, "%s is not %s", s.sigHeader, s.enc)
	}
	ts, err := unixSeconds.parse(stamp)
	if err != nil {
		return Result{}, malformed(s.name, "%s %q is not Unix seconds", s.tsHeader, clip(stamp))
	}
	if err := (window{}).check(s.name, ts, p); err != nil {
		return Result{}, err
	}
	try := func(body []byte, _ string, key []byte) bool {
		ok, _ := s.check(string(key), append([]byte(stamp), body...), sig)
		return ok
	}
	var bad error
	for i, key := range p.Secrets {
		ok, err := s.check(key, append([]byte(stamp), p.Body...), sig)
		if err != nil {
			bad = cmp.Or(bad, error(&VerifyError{Provider: s.name, Kind: ErrBadSecret, Detail: fmt.Sprintf("key #%d: %v", i+1, err)}))
			continue
		}
		if ok {
			return Result{Provider: s.name, SecretIndex: i, Timestamp: ts}, nil
		}
	}
	if bad != nil {
		return Result{}, bad
	}
	e := &VerifyError{Provider: s.name, Kind: ErrNoMatchingSignature,
		Detail: fmt.Sprintf("%s does not verify over the timestamp and body with any of %d public key(s)", s.sigHeader, len(p.Secrets))}
	// Body variants only: a public key has no "wrong form" that still parses.
	for _, b := range bodyVariants(p.Body) {
		for _, k := range p.Secrets {
			if try(b.body, "", []byte(k)) {
				e.Hint = "the body differs from what was signed: " + b.why + "; verify the raw bytes as received"
				return Result{}, e
			}
		}
	}
	e.Hint = "check that the public key is the one for this application, and that the body is the raw bytes as received"
	return Result{}, e
}

func discordScheme() Scheme {
	return decorate(&keyPairScheme{
		name: "discord", title: "Discord (interactions)", docs: "https://discord.com/developers/docs/interactions/overview#setting-up-an-endpoint-validating-security-request-headers",
		alg: "Ed25519, hex", sigHeader: "X-Signature-Ed25519", tsHeader: "X-Signature-Timestamp", enc: hexEnc,
		keyHelp: "sign with an Ed25519 private key (hex seed, whsk_… or PEM); verify with the application's public key (hex)",
		sign: func(key string, msg []byte) ([]byte, error) {
			priv, err := parseEd25519Private(key)
			if err != nil {
				return nil, err
			}
			return ed25519.Sign(priv, msg), nil
		},
		check: func(key string, msg, sig []byte) (bool, error) {
			pub, err := parseEd25519Public(key)
			if err != nil {
				return false, err
			}
			return ed25519.Verify(pub, msg, sig), nil
		},
	}, discordEvent, discordHandshake)
}

func sendgridScheme() Scheme {
	return decorate(&keyPairScheme{
		name: "sendgrid", title: "SendGrid (Event Webhook)", docs: "https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/getting-started-event-webhook-security-features",
		alg: "ECDSA P-256 SHA-256, base64 DER", sigHeader: "X-Twilio-Email-Event-Webhook-Signature", tsHeader: "X-Twilio-Email-Event-Webhook-Timestamp", enc: base64Enc,
		keyHelp: "sign with an ECDSA P-256 private key (PEM or base64 PKCS#8); verify with the verification key SendGrid shows (base64)",
		sign: func(key string, msg []byte) ([]byte, error) {
			priv, err := parseECDSAPrivate(key)
			if err != nil {
				return nil, err
			}
			sum := sha256.Sum256(msg)
			return ecdsa.SignASN1(rand.Reader, priv, sum[:])
		},
		check: func(key string, msg, sig []byte) (bool, error) {
			pub, err := parseECDSAPublic(key)
			if err != nil {
				return false, err
			}
			sum := sha256.Sum256(msg)
			return ecdsa.VerifyASN1(pub, sum[:], sig), nil
		},
	}, sendgridEvent, nil)
}

// discordEvent names interaction types as Discord's docs do.
func discordEvent(_ HeaderGetter, body []byte) string {
	names := map[string]string{"1": "ping", "2": "application_command", "3": "message_component", "4": "application_command_autocomplete", "5": "modal_submit"}
	return names[strings.TrimSpace(jsonRaw(body, "type"))]
}

// sendgridEvent is the first event's name: the body is an array of events.
func sendgridEvent(_ HeaderGetter, body []byte) string {
	var events []struct {
		Event string `json:"event"`
	}
	if jsonUnmarshal(body, &events) != nil || len(events) == 0 {
		return ""
	}
	return events[0].Event
}
