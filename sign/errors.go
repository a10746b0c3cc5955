package sign

import "errors"

// Sentinel errors. Verification failures wrap one of these in a
// *VerifyError; test with errors.Is.
var (
	// ErrMissingHeader: a header the scheme needs is absent.
	ErrMissingHeader = errors.New("signature header missing")
	// ErrMalformedHeader: a header is present but cannot be parsed.
	ErrMalformedHeader = errors.New("signature header malformed")
	// ErrTimestampTooOld and ErrTimestampTooNew: the signed time is outside
	// the tolerance window, in the past or the future.
	ErrTimestampTooOld = errors.New("timestamp too old")
	ErrTimestampTooNew = errors.New("timestamp too far in the future")
	// ErrNoMatchingSignature: no signature matched any secret.
	ErrNoMatchingSignature = errors.New("no matching signature")
	// ErrNoSecret: no secret or key was given.
	ErrNoSecret = errors.New("no secret given")
	// ErrBadSecret: a secret or key is not in a form the scheme can use.
	ErrBadSecret = errors.New("secret not usable")
	// ErrNoTimestamp: signing a timestamped scheme without a time.
	ErrNoTimestamp = errors.New("no timestamp given")
	// ErrNeedURL: the scheme signs the URL and none was given.
	ErrNeedURL = errors.New("the scheme signs the URL and none was given")
	// ErrUnknownProvider: no scheme has that name.
	ErrUnknownProvider = errors.New("unknown provider")
)

// VerifyError explains a failed verification in one line: Kind is one of
// the sentinels, Detail says what exactly (which header, by how much), and
// Hint names a likely cause when one can be told.
type VerifyError struct {
	Provider string
	Kind     error
	Detail   string
	Hint     string
}

func (e *VerifyError) Error() string {
	msg := e.Kind.Error()
	if e.Detail != "" {
		msg = e.Detail
	}
	if e.Provider != "" {
		msg = e.Provider + ": " + msg
	}
	if e.Hint != "" {
		msg += " (" + e.Hint + ")"
	}
	return msg
}

func (e *VerifyError) Unwrap() error { return e.Kind }
