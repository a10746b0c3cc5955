package listen

import (
	"strings"

	"github.com/hookctl/hookctl/webhook"
)

// Masked is what a redacted header value becomes.
const Masked = "[redacted]"

// secretHeaders carry credentials or a provider's plain secret token.
// Signature headers are not among them: a MAC does not reveal its key, and
// a saved fixture without its signature could not be verified again.
var secretHeaders = map[string]bool{
	"authorization":                   true,
	"proxy-authorization":             true,
	"cookie":                          true,
	"set-cookie":                      true,
	"x-api-key":                       true,
	"x-auth-token":                    true,
	"x-gitlab-token":                  true, // GitLab sends the secret itself
	"x-telegram-bot-api-secret-token": true,
	"x-goog-channel-token":            true,
	"x-hook-secret":                   true, // Asana's handshake secret
	"x-webhook-secret":                true,
	"x-webhook-token":                 true,
}

// Redact returns a copy of h with credential values masked. An
// Authorization value keeps its scheme ("Bearer [redacted]") so a reader
// can still tell which kind of credential came.
func Redact(h webhook.Headers) webhook.Headers {
	out := h.Clone()
	for i, kv := range out {
		if !secretHeaders[strings.ToLower(kv.Name)] {
			continue
		}
		v := Masked
		lower := strings.ToLower(kv.Name)
		if scheme, _, ok := strings.Cut(kv.Value, " "); ok && strings.HasSuffix(lower, "authorization") {
			v = scheme + " " + Masked
		}
		out[i].Value = v
	}
	return out
}

// shown is the request as saved and reported.
func (s *Server) shown(req *webhook.Request) *webhook.Request {
	c := req.Clone()
	if s.cfg.Redact {
		c.Headers = Redact(c.Headers)
	}
	return c
}
