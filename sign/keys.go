package sign

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"fmt"
	"strings"
)

// parseEd25519Private reads a signing key: whsk_ + base64 (Standard
// Webhooks: seed followed by public key, or the seed alone), a PKCS#8 PEM
// block, or the seed in hex.
func parseEd25519Private(s string) (ed25519.PrivateKey, error) {
	s = strings.TrimSpace(s)
	if b, ok := pemBytes(s, "PRIVATE KEY"); ok {
		k, err := x509.ParsePKCS8PrivateKey(b)
		if priv, isEd := k.(ed25519.PrivateKey); err == nil && isEd {
			return priv, nil
		}
		return nil, fmt.Errorf("%w: the PEM block is not an Ed25519 private key", ErrBadSecret)
	}
	var raw []byte
	if rest, ok := strings.CutPrefix(s, "whsk_"); ok {
		raw, _ = base64.StdEncoding.DecodeString(rest)
	} else {
		raw, _ = hex.DecodeString(s)
	}
	switch len(raw) {
	case ed25519.SeedSize:
		return ed25519.NewKeyFromSeed(raw), nil
	case ed25519.PrivateKeySize:
		return ed25519.NewKeyFromSeed(raw[:ed25519.SeedSize]), nil
	}
	return nil, fmt.Errorf("%w: need an Ed25519 private key (whsk_…, PKCS#8 PEM, or a hex seed)", ErrBadSecret)
}

// parseEd25519Public reads a verifying key: whpk_ + base64, hex (Discord's
// form), base64 of the 32 bytes, or a PKIX PEM block. A private key is
// accepted too and its public half used.
func parseEd25519Public(s string) (ed25519.PublicKey, error) {
	s = strings.TrimSpace(s)
	if b, ok := pemBytes(s, "PUBLIC KEY"); ok {
		k, err := x509.ParsePKIXPublicKey(b)
		if pub, isEd := k.(ed25519.PublicKey); err == nil && isEd {
			return pub, nil
		}
		return nil, fmt.Errorf("%w: the PEM block is not an Ed25519 public key", ErrBadSecret)
	}
	if strings.HasPrefix(s, "whsk_") || strings.Contains(s, "PRIVATE KEY") {
		priv, err := parseEd25519Private(s)
		if err != nil {
			return nil, err
		}
		return priv.Public().(ed25519.PublicKey), nil
	}
	var raw []byte
	if rest, ok := strings.CutPrefix(s, "whpk_"); ok {
		raw, _ = base64.StdEncoding.DecodeString(rest)
	} else if b, err := hex.DecodeString(s); err == nil {
		raw = b
	} else {
		raw, _ = base64.StdEncoding.DecodeString(s)
	}
	if len(raw) != ed25519.PublicKeySize {
		return nil, fmt.Errorf("%w: need an Ed25519 public key (whpk_…, 64 hex digits, or PEM)", ErrBadSecret)
	}
	return ed25519.PublicKey(raw), nil
}

// parseECDSAPublic reads SendGrid's verification key: base64 of the SPKI
// DER, or the same in a PEM block.
func parseECDSAPublic(s string) (*ecdsa.PublicKey, error) {
	s = strings.TrimSpace(s)
	der, ok := pemBytes(s, "PUBLIC KEY")
	if !ok {
		var err error
		if der, err = base64.StdEncoding.DecodeString(s); err != nil {
			return nil, fmt.Errorf("%w: need the ECDSA public key as base64 SPKI or PEM", ErrBadSecret)
		}
	}
	k, err := x509.ParsePKIXPublicKey(der)
	pub, isEC := k.(*ecdsa.PublicKey)
	if err != nil || !isEC {
		return nil, fmt.Errorf("%w: not an ECDSA public key", ErrBadSecret)
	}
	return pub, nil
}

// parseECDSAPrivate reads a P-256 signing key: PKCS#8 or SEC 1 PEM, or
// base64 PKCS#8 DER.
func parseECDSAPrivate(s string) (*ecdsa.PrivateKey, error) {
	s = strings.TrimSpace(s)
	der, ok := pemBytes(s, "PRIVATE KEY")
	if !ok {
		if der, ok = pemBytes(s, "EC PRIVATE KEY"); ok {
			if k, err := x509.ParseECPrivateKey(der); err == nil {
				return k, nil
			}
			return nil, fmt.Errorf("%w: bad EC PRIVATE KEY block", ErrBadSecret)
		}
		var err error
		if der, err = base64.StdEncoding.DecodeString(s); err != nil {
			return nil, fmt.Errorf("%w: need an ECDSA P-256 private key (PEM, or base64 PKCS#8)", ErrBadSecret)
		}
	}
	k, err := x509.ParsePKCS8PrivateKey(der)
	priv, isEC := k.(*ecdsa.PrivateKey)
	if err != nil || !isEC {
		return nil, fmt.Errorf("%w: not an ECDSA private key", ErrBadSecret)
	}
	return priv, nil
}

// pemBytes returns the DER inside a PEM block of the given type.
func pemBytes(s, typ string) ([]byte, bool) {
	block, _ := pem.Decode([]byte(s))
	if block == nil || block.Type != typ {
		return nil, false
	}
	return block.Bytes, true
}
