package cmd

import (
	"errors"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/hookctl/hookctl/sign"
	"github.com/spf13/cobra"
)

// signOptions is what `hookctl sign` was asked to do.
type signOptions struct {
	deps *Deps

	Provider string
	Scheme   sign.Scheme
	secrets  secretOptions
	Secret   string
	// Extra are the further secrets given: schemes that carry several
	// signatures sign with each, as during a rotation.
	Extra     []string
	Timestamp string
	At        time.Time
	ID        string
	URL       string
	Method    string
	Format    string
	File      string // "" or "-" is standard input
	List      bool
	JSON      bool
	generic   genericFlags
}

func newSignCmd(deps *Deps, runF func(*signOptions) error) *cobra.Command {
	opts := &signOptions{deps: deps}
	c := &cobra.Command{
		Use:   "sign --provider NAME --secret S [FILE|-]",
		Short: "Sign a body as a provider would and print the signature headers",
		Long: `Sign computes the headers a provider would send with a body, byte-exact with
the provider's own SDK. The body is FILE, or standard input when FILE is - or
absent. The signing time is now unless --timestamp says otherwise. With
several --secret values, schemes whose header carries several signatures
(Stripe, PagerDuty, Standard Webhooks, Box) sign with each, as a provider
does while a secret is rotated; the others use the first.

--format headers (the default) prints one "Name: value" line per header;
json prints one object; curl prints a command that sends the signed body.
--list shows every provider with its headers and whether it signs a
timestamp, the URL, or uses a key pair (then --secret is the private key).`,
		Example: `  # Stripe: a Stripe-Signature header for payload.json, signed now
  hookctl sign --provider stripe --secret whsec_... payload.json

  # GitHub, from standard input
  echo '{"zen":"Design for failure."}' | hookctl sign --provider github --secret s3cret

  # Standard Webhooks at a fixed time and id, as a ready-to-run curl command
  hookctl sign --provider standard-webhooks --secret whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw \
    --timestamp 1614265330 --id msg_1 --url http://localhost:3000/hooks --format curl payload.json

  # A provider hookctl does not list: describe its scheme with flags
  hookctl sign --provider generic-hmac --secret s3cret --header X-Acme-Signature \
    --algorithm sha512 --encoding base64 --prefix 'sha512=' --template '{timestamp}.{body}' payload.json

  # Every provider, its headers and what it signs
  hookctl sign --list`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.File = args[0]
			}
			if err := opts.validate(c); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return signRun(opts)
		},
	}
	f := c.Flags()
	f.StringVarP(&opts.Provider, "provider", "p", "", "provider whose scheme to use (see --list)")
	addSecretFlags(c, &opts.secrets)
	f.StringVar(&opts.Timestamp, "timestamp", "", "signing time, Unix seconds (default now)")
	f.StringVar(&opts.ID, "id", "", "message id, for schemes that sign one (default random)")
	f.StringVar(&opts.URL, "url", "", "full URL the provider calls, for schemes that sign it; also curl's target")
	f.StringVarP(&opts.Method, "method", "X", "POST", "HTTP method, for schemes that sign it")
	f.StringVar(&opts.Format, "format", "headers", "output: headers, json or curl")
	f.BoolVar(&opts.List, "list", false, "list the providers")
	f.BoolVar(&opts.JSON, "json", false, "with --list: one JSON object per provider")
	addGenericFlags(c, &opts.generic)
	return c
}

func (o *signOptions) validate(c *cobra.Command) error {
	if o.List {
		return nil
	}
	switch o.Format {
	case "headers", "json", "curl":
	default:
		return usageErrorf("--format %q: use headers, json or curl", o.Format)
	}
	var err error
	if o.Scheme, err = pickScheme(o.Provider, &o.generic, c); err != nil {
		return err
	}
	secrets, err := o.secrets.resolve(o.deps.Getenv)
	if err != nil {
		return err
	}
	if len(secrets) == 0 {
		return usageErrorf("sign needs a secret: pass --secret, --secret-file or set HOOKCTL_SECRET%s", keyNote(o.Scheme))
	}
	o.Secret, o.Extra = secrets[0], secrets[1:]
	o.At = o.deps.Now()
	if o.Timestamp != "" {
		if o.At, err = parseUnixTime("--timestamp", o.Timestamp); err != nil {
			return err
		}
	}
	return nil
}

// keyNote tells the user which key a key-pair scheme wants.
func keyNote(s sign.Scheme) string {
	if s.Info().KeyPair {
		return " (" + s.Info().Title + " signs with a private key)"
	}
	return ""
}

// parseUnixTime reads Unix seconds (or milliseconds, when 13 digits) or an
// RFC 3339 time.
func parseUnixTime(flag, s string) (time.Time, error) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		if n <= 0 {
			return time.Time{}, usageErrorf("%s %q: a Unix time is a positive number of seconds (1795435200)", flag, s)
		}
		if n > 1e12 {
			return time.UnixMilli(n), nil
		}
		return time.Unix(n, 0), nil
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t, nil
	}
	return time.Time{}, usageErrorf("%s %q: give Unix seconds (1795435200) or an RFC 3339 time", flag, s)
}

// readBody reads FILE, or standard input for "" and "-". With no FILE and
// a terminal on standard input it refuses rather than wait for typing.
func readBody(deps *Deps, file string) ([]byte, error) {
	if file == "" && deps.IO.InTTY {
		return nil, usageErrorf("give the body as FILE, or pipe it on standard input (- reads the terminal)")
	}
	if file == "" || file == "-" {
		b, err := io.ReadAll(deps.IO.In)
		if err != nil {
			return nil, usageErrorf("reading standard input: %v", err)
		}
		return b, nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, usageErrorf("%s: %s", file, cleanOSError(err))
	}
	return b, nil
}

func signRun(o *signOptions) error {
	if o.List {
		return signList(o.deps.IO.Out, o.JSON)
	}
	body, err := readBody(o.deps, o.File)
	if err != nil {
		return err
	}
	p := sign.SignParams{Secret: o.Secret, ExtraSecrets: o.Extra, Body: body, Timestamp: o.At, ID: o.ID, URL: o.URL, Method: o.Method}
	signed := signedRequest{Scheme: o.Scheme, At: o.At, Body: body}
	if bs, ok := o.Scheme.(sign.BodySigner); ok {
		signed.Body, signed.Headers, err = bs.SignBody(p)
	} else {
		signed.Headers, err = o.Scheme.Sign(p)
	}
	if err != nil {
		return signError(o.Scheme, err)
	}
	signed.BodyChanged = string(signed.Body) != string(body)
	return writeSigned(o, signed)
}

// signError turns a signing failure into a usage error that names the fix.
func signError(s sign.Scheme, err error) error {
	name := s.Info().Name
	switch {
	case errors.Is(err, sign.ErrNeedURL):
		return usageErrorf("%s signs the URL: pass --url with the full URL the provider calls", name)
	case errors.Is(err, sign.ErrNoTimestamp):
		return usageErrorf("%s signs a timestamp: pass --timestamp", name)
	case errors.Is(err, sign.ErrBadSecret):
		return usageErrorf("%s: %v", name, err)
	}
	return usageErrorf("%s: %v", name, err)
}
