package cmd

import (
	"errors"
	"strings"

	"github.com/hookctl/hookctl/sign"
	"github.com/spf13/cobra"
)

// genericFlags describe a generic-hmac scheme on the command line, for a
// provider hookctl does not list.
type genericFlags struct {
	Header, Algorithm, Encoding, Prefix, Template string
	TimestampHeader, IDHeader                     string
}

var genericFlagNames = []string{"header", "algorithm", "encoding", "prefix", "template", "timestamp-header", "id-header"}

func addGenericFlags(c *cobra.Command, g *genericFlags) {
	f := c.Flags()
	f.StringVar(&g.Header, "header", "", "generic-hmac: the signature header (default X-Webhook-Signature)")
	f.StringVar(&g.Algorithm, "algorithm", "", "generic-hmac: sha1, sha256 (default) or sha512")
	f.StringVar(&g.Encoding, "encoding", "", "generic-hmac: hex (default) or base64")
	f.StringVar(&g.Prefix, "prefix", "", "generic-hmac: text before the signature, e.g. sha256=")
	f.StringVar(&g.Template, "template", "", "generic-hmac: signed content from {body} {timestamp} {id} {url} {method} (default {body})")
	f.StringVar(&g.TimestampHeader, "timestamp-header", "", "generic-hmac: header carrying {timestamp} (default X-Webhook-Timestamp)")
	f.StringVar(&g.IDHeader, "id-header", "", "generic-hmac: header carrying {id} (default X-Webhook-Id)")
}

// pickScheme resolves --provider, building a generic-hmac scheme when its
// flags are used.
func pickScheme(provider string, g *genericFlags, c *cobra.Command) (sign.Scheme, error) {
	var used []string
	for _, name := range genericFlagNames {
		if c.Flags().Changed(name) {
			used = append(used, "--"+name)
		}
	}
	if provider == "" && len(used) > 0 {
		provider = "generic-hmac"
	}
	if provider == "" {
		return nil, usageErrorf("pass --provider NAME (hookctl sign --list shows them)")
	}
	s, err := sign.Lookup(provider)
	if errors.Is(err, sign.ErrUnknownProvider) {
		return nil, usageErrorf("%v", err)
	}
	if err != nil {
		return nil, usageErrorf("--provider %s: %v", provider, err)
	}
	if s.Info().Name != "generic-hmac" {
		if len(used) > 0 {
			verb := "applies"
			if len(used) > 1 {
				verb = "apply"
			}
			return nil, usageErrorf("%s %s only to --provider generic-hmac, not %s", strings.Join(used, ", "), verb, s.Info().Name)
		}
		return s, nil
	}
	s, err = sign.NewGenericHMAC(sign.GenericOptions{Header: g.Header, Algorithm: g.Algorithm, Encoding: g.Encoding,
		Prefix: g.Prefix, Template: g.Template, TimestampHeader: g.TimestampHeader, IDHeader: g.IDHeader})
	if err != nil {
		return nil, usageErrorf("generic-hmac: %v", err)
	}
	return s, nil
}
