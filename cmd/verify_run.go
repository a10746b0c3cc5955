package cmd

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"github.com/hookctl/hookctl/sign"
	"github.com/hookctl/hookctl/webhook"
)

// verifyInput is the request to check, from a raw body and -H flags or
// from a fixture.
type verifyInput struct {
	Headers  webhook.Headers
	Body     []byte
	URL      string
	Method   string
	Provider string // recorded in the fixture, if any
}

func loadVerifyInput(o *verifyOptions) (verifyInput, error) {
	extra, err := parseHeaderFlags("-H", o.Headers)
	if err != nil {
		return verifyInput{}, err
	}
	data, err := readBody(o.deps, o.File)
	if err != nil {
		return verifyInput{}, err
	}
	in := verifyInput{Body: data, URL: o.URL, Method: o.Method}
	if isFixture(o.File, data) {
		req, err := webhook.ParseFixture(data)
		if err != nil {
			return verifyInput{}, usageErrorf("%s: %v", displayName(o.File), err)
		}
		in = verifyInput{Headers: req.Headers.Clone(), Body: req.Body, URL: o.URL, Method: o.Method, Provider: req.Provider}
		if in.URL == "" && req.Host != "" {
			in.URL = "https://" + req.Host + req.Path
		}
		if in.Method == "" {
			in.Method = req.Method
		}
	}
	for _, h := range extra {
		in.Headers.Set(h.Name, h.Value)
	}
	return in, nil
}

// isFixture: a .json file (or stdin) whose top-level object has "version".
func isFixture(file string, data []byte) bool {
	if file != "" && file != "-" && !strings.EqualFold(filepath.Ext(file), ".json") {
		return false
	}
	trimmed := bytes.TrimSpace(data)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return false
	}
	var probe struct {
		Version json.RawMessage `json:"version"`
	}
	return json.Unmarshal(trimmed, &probe) == nil && probe.Version != nil
}

func displayName(file string) string {
	if file == "" || file == "-" {
		return "standard input"
	}
	return file
}

func verifyRun(o *verifyOptions) error {
	in, err := loadVerifyInput(o)
	if err != nil {
		return err
	}
	scheme, detected, err := o.schemeFor(in)
	if err != nil {
		return err
	}
	p := sign.VerifyParams{Headers: in.Headers, Body: in.Body, URL: in.URL, Method: in.Method,
		Secrets: o.Secrets, Now: o.Now, Tolerance: o.Tolerance, Debug: o.Debug}
	if o.ToleranceSet && o.Tolerance == 0 {
		p.Tolerance = -1 // the CLI's 0 means "no check"; the package's means "default"
	}
	res, verr := scheme.Verify(p)
	if o.JSON {
		if err := writeVerifyJSON(o, scheme, detected, res, verr); err != nil {
			return err
		}
	}
	if verr != nil {
		if errors.Is(verr, sign.ErrNoSecret) || errors.Is(verr, sign.ErrBadSecret) || errors.Is(verr, sign.ErrNeedURL) {
			return usageErrorf("%v", verr)
		}
		if errors.Is(verr, sign.ErrTimestampTooOld) && o.NowText == "" {
			// A saved request is old by nature; say how to judge it as of then.
			return failError(fmt.Errorf("%v; to check a saved request, pass --now with the time it was signed, or --tolerance 0", verr))
		}
		return failError(verr)
	}
	if !o.JSON {
		fmt.Fprintln(o.deps.IO.Out, describeValid(scheme, detected, res, o.Now, len(o.Secrets)))
	}
	return nil
}

// schemeFor is the named scheme, the fixture's provider, or the detected one.
func (o *verifyOptions) schemeFor(in verifyInput) (sign.Scheme, bool, error) {
	if o.Scheme != nil {
		return o.Scheme, false, nil
	}
	if o.Provider == "" && in.Provider != "" {
		if s, err := sign.Lookup(in.Provider); err == nil {
			return s, false, nil
		}
	}
	s, ok := sign.Detect(in.Headers)
	if !ok {
		return nil, false, failError(fmt.Errorf("no known provider's signature header in the request (hookctl sign --list shows them); name one with --provider"))
	}
	return s, true, nil
}

func describeValid(s sign.Scheme, detected bool, res sign.Result, now time.Time, nSecrets int) string {
	msg := "valid " + s.Info().Title + " signature"
	if detected {
		msg += " (provider detected from the headers: " + s.Info().Name + ")"
	}
	if nSecrets > 1 {
		msg += fmt.Sprintf(", secret #%d", res.SecretIndex+1)
	}
	if !res.Timestamp.IsZero() {
		msg += fmt.Sprintf(", signed %s (%s)", res.Timestamp.UTC().Format(time.RFC3339), ago(now.Sub(res.Timestamp)))
	}
	return msg
}

func ago(d time.Duration) string {
	if d < 0 {
		return (-d).Round(time.Second).String() + " in the future"
	}
	return d.Round(time.Second).String() + " ago"
}

// verifyResultJSON is the object `verify --json` prints.
type verifyResultJSON struct {
	Type        string `json:"type"`
	Valid       bool   `json:"valid"`
	Provider    string `json:"provider"`
	Detected    bool   `json:"detected"`
	SecretIndex *int   `json:"secret_index,omitempty"`
	Timestamp   *int64 `json:"timestamp,omitempty"`
	ID          string `json:"id,omitempty"`
	Reason      string `json:"reason,omitempty"`
	Hint        string `json:"hint,omitempty"`
}

func writeVerifyJSON(o *verifyOptions, s sign.Scheme, detected bool, res sign.Result, verr error) error {
	out := verifyResultJSON{Type: "verification", Valid: verr == nil, Provider: s.Info().Name, Detected: detected, ID: res.ID}
	if verr == nil {
		out.SecretIndex = &res.SecretIndex
		if !res.Timestamp.IsZero() {
			ts := res.Timestamp.Unix()
			out.Timestamp = &ts
		}
	} else {
		out.Reason = verr.Error()
		var ve *sign.VerifyError
		if errors.As(verr, &ve) {
			out.Reason, out.Hint = ve.Kind.Error(), ve.Hint
			if ve.Detail != "" {
				out.Reason = ve.Detail
			}
		}
	}
	enc := json.NewEncoder(o.deps.IO.Out)
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
