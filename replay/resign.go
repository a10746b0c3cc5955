package replay

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/hookctl/hookctl/sign"
	"github.com/hookctl/hookctl/webhook"
)

// Resigner replaces a fixture's stale signature with a fresh one, so an app
// that checks timestamps accepts the replay.
type Resigner struct {
	// Scheme, when set, signs every fixture (--provider). When nil, each
	// fixture is signed with the scheme of the provider it records.
	Scheme sign.Scheme
	// Lookup finds a recorded provider's scheme; sign.Lookup in practice.
	Lookup func(name string) (sign.Scheme, error)
	// Secret signs; without it, fixtures are sent as recorded.
	Secret string
	// SecretFor, if set, gives the secret for a scheme by its registry
	// name instead of Secret, so one run can re-sign several providers.
	SecretFor func(provider string) string
	// Now gives the fresh timestamp; nil means time.Now.
	Now func() time.Time

	// schemes caches Lookup's answers: building the registry costs more
	// than signing.
	schemes sync.Map // provider name → sign.Scheme
}

// Outcome says what re-signing did to one request.
type Outcome struct {
	// Provider is the scheme used, or the one recorded but left alone.
	Provider string
	// Resigned is set when fresh signature headers replaced the old ones.
	Resigned bool
	// NoSecret is set when the fixture names a provider but no secret was
	// given for it, so the request keeps its recorded signature.
	NoSecret bool
}

func (rs *Resigner) secretFor(provider string) string {
	if rs.SecretFor != nil {
		return rs.SecretFor(provider)
	}
	return rs.Secret
}

// schemeFor picks the scheme for req; nil with a zero Outcome means the
// request is not signed by any provider hookctl knows of.
func (rs *Resigner) schemeFor(req *webhook.Request) (sign.Scheme, Outcome, error) {
	if rs.Scheme != nil {
		return rs.Scheme, Outcome{}, nil
	}
	if req.Provider == "" {
		return nil, Outcome{}, nil
	}
	s, err := rs.lookup(req.Provider)
	switch {
	case err != nil && rs.secretFor(req.Provider) == "":
		return nil, Outcome{Provider: req.Provider, NoSecret: true}, nil
	case err != nil:
		return nil, Outcome{Provider: req.Provider}, fmt.Errorf("cannot re-sign: the fixture's provider %q is unknown: pass --provider NAME or --keep-signature", req.Provider)
	}
	return s, Outcome{}, nil
}

func (rs *Resigner) lookup(name string) (sign.Scheme, error) {
	if s, ok := rs.schemes.Load(name); ok {
		return s.(sign.Scheme), nil
	}
	if rs.Lookup == nil {
		return nil, errors.New("no registry")
	}
	s, err := rs.Lookup(name)
	if err == nil {
		rs.schemes.Store(name, s)
	}
	return s, err
}

// Apply re-signs req in place. url is where the request is going, which
// URL-signing schemes (Twilio) sign.
func (rs *Resigner) Apply(req *webhook.Request, url string) (Outcome, error) {
	if rs == nil {
		return Outcome{}, nil
	}
	scheme, out, err := rs.schemeFor(req)
	if scheme == nil {
		return out, err
	}
	info := scheme.Info()
	secret := rs.secretFor(info.Name)
	if secret == "" {
		return Outcome{Provider: info.Name, NoSecret: true}, nil
	}
	now := time.Now
	if rs.Now != nil {
		now = rs.Now
	}
	fresh, err := scheme.Sign(sign.SignParams{
		Secret: secret, Body: req.Body, Timestamp: now(), URL: url, Method: req.Method,
	})
	if err != nil {
		return Outcome{Provider: info.Name}, fmt.Errorf("cannot re-sign with %s: %w", info.Name, signError(err))
	}
	replaceHeaders(&req.Headers, info.Headers, fresh)
	return Outcome{Provider: info.Name, Resigned: true}, nil
}

// replaceHeaders puts the fresh signature headers where the old ones were,
// so the header order stays as recorded, drops any other header of the
// scheme (a legacy SHA-1 signature, say), and appends what was not there.
func replaceHeaders(h *webhook.Headers, schemeHeaders []string, fresh []sign.Header) {
	freshNames := map[string]bool{}
	for _, f := range fresh {
		freshNames[strings.ToLower(f.Name)] = true
	}
	for _, name := range schemeHeaders {
		if !freshNames[strings.ToLower(name)] {
			h.Del(name)
		}
	}
	for _, f := range fresh {
		if h.Has(f.Name) {
			h.Set(f.Name, f.Value) // keeps the recorded spelling and place
			continue
		}
		h.Add(f.Name, f.Value)
	}
}

func signError(err error) error {
	switch {
	case errors.Is(err, sign.ErrBadSecret):
		return errors.New("the secret is not in a form this provider uses (check --secret)")
	case errors.Is(err, sign.ErrNeedURL):
		return errors.New("the scheme signs the URL: pass --to")
	}
	return err
}
