package sign

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// tsUnit is how a provider writes its timestamp.
type tsUnit int

const (
	unixSeconds tsUnit = iota
	unixMillis
	rfc3339 // Twitch and Box: the exact header text is what gets signed
)

func (u tsUnit) format(t time.Time) string {
	switch u {
	case unixMillis:
		return strconv.FormatInt(t.UnixMilli(), 10)
	case rfc3339:
		return t.UTC().Format(time.RFC3339Nano)
	}
	return strconv.FormatInt(t.Unix(), 10)
}

func (u tsUnit) parse(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if u == rfc3339 {
		return time.Parse(time.RFC3339Nano, s)
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}, err
	}
	if u == unixMillis {
		return time.UnixMilli(n), nil
	}
	return time.Unix(n, 0), nil
}

// window is a provider's timestamp check.
type window struct {
	tolerance time.Duration
	// pastOnly: a timestamp from the future is accepted (Stripe, Paddle).
	pastOnly bool
}

// check judges ts against now. Tolerance in p overrides the default; a
// negative one turns the check off.
func (w window) check(provider string, ts time.Time, p VerifyParams) error {
	tol := w.tolerance
	if p.Tolerance != 0 {
		tol = p.Tolerance
	}
	if tol <= 0 || p.Now.IsZero() {
		return nil
	}
	age := p.Now.Sub(ts)
	switch {
	case age > tol:
		return &VerifyError{Provider: provider, Kind: ErrTimestampTooOld,
			Detail: fmt.Sprintf("timestamp %s is %s old, %s past the %s tolerance", ts.UTC().Format(time.RFC3339), round(age), round(age-tol), round(tol)),
			Hint:   "a replayed or delayed request; re-sign it (replay does with a secret), or widen the tolerance"}
	case -age > tol && !w.pastOnly:
		return &VerifyError{Provider: provider, Kind: ErrTimestampTooNew,
			Detail: fmt.Sprintf("timestamp %s is %s in the future, %s past the %s tolerance", ts.UTC().Format(time.RFC3339), round(-age), round(-age-tol), round(tol)),
			Hint:   "the sender's or this machine's clock is off; check both"}
	}
	return nil
}

func round(d time.Duration) time.Duration {
	if d > time.Minute {
		return d.Round(time.Second)
	}
	return d.Round(time.Millisecond)
}
