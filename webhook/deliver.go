package webhook

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DeliverOptions tunes Deliver. The zero value is usable: one attempt with a
// 10 s timeout through the shared client.
type DeliverOptions struct {
	// Client sends the requests; nil means DefaultClient().
	Client *http.Client
	// Timeout bounds each attempt, from dialing to reading the whole answer.
	Timeout time.Duration
	// Retries is how many more attempts may follow a failed first one. An
	// attempt fails on a connection error, a timeout, a 5xx or a 429.
	Retries int
	// MaxElapsed bounds all attempts and waits together; 0 means no bound
	// beyond the context's.
	MaxElapsed time.Duration
	// Backoff sets the waits between attempts.
	Backoff Backoff
	// MaxResponseBody caps how much of an answer's body is kept; the rest is
	// read and dropped. 0 means 10 MiB.
	MaxResponseBody int64
	// Headers are added to (or replace) the request's own for this delivery
	// only, e.g. X-Forwarded-For from the relay.
	Headers Headers
	// OnAttempt, if set, is called after every attempt, before any wait.
	OnAttempt func(Attempt)
}

// Backoff is jittered exponential backoff: the n-th wait is drawn uniformly
// from [d/2, d] where d = Initial·Multiplier^(n-1), capped at Max.
type Backoff struct {
	Initial    time.Duration // default 500 ms
	Max        time.Duration // default 30 s
	Multiplier float64       // default 2
}

func (b Backoff) wait(n int) time.Duration {
	initial, max, mult := b.Initial, b.Max, b.Multiplier
	if initial <= 0 {
		initial = 500 * time.Millisecond
	}
	if max <= 0 {
		max = 30 * time.Second
	}
	if mult < 1 {
		mult = 2
	}
	d := float64(initial)
	for i := 1; i < n && d < float64(max); i++ {
		d *= mult
	}
	if d > float64(max) {
		d = float64(max)
	}
	return time.Duration(d/2 + rand.Float64()*d/2)
}

// Attempt describes one try at a delivery.
type Attempt struct {
	Number   int
	Status   int   // 0 when no answer came
	Err      error // the connection or timeout error, if any
	Duration time.Duration
	// Wait is how long Deliver waits before the next attempt; 0 if none follows.
	Wait time.Duration
	// RetryAfter is the wait the server asked for with Retry-After, if any.
	RetryAfter time.Duration
}

// Response is the answer to the last attempt of a delivery.
type Response struct {
	Status  int
	Proto   string
	Headers Headers
	Body    []byte
	// Truncated is set when the body was longer than MaxResponseBody.
	Truncated bool
	// Duration is the last attempt's; Total spans every attempt and wait.
	Duration time.Duration
	Total    time.Duration
	Attempts []Attempt
	// URL is where the request went.
	URL string
}

// OK reports whether the answer was 2xx.
func (r *Response) OK() bool { return r != nil && r.Status >= 200 && r.Status < 300 }

// DeliveryError is returned when no attempt got an answer. Attempts lists
// what happened to each.
type DeliveryError struct {
	URL      string
	Attempts []Attempt
	Err      error
}

func (e *DeliveryError) Error() string {
	n := len(e.Attempts)
	tries := "1 attempt"
	if n != 1 {
		tries = fmt.Sprintf("%d attempts", n)
	}
	return fmt.Sprintf("no answer from %s after %s: %v", e.URL, tries, describeNetError(e.Err))
}

func (e *DeliveryError) Unwrap() error { return e.Err }

var defaultClient = sync.OnceValue(func() *http.Client { return NewClient() })

// DefaultClient is the client Deliver uses when none is given. It is shared
// so that connections are reused across deliveries.
func DefaultClient() *http.Client { return defaultClient() }

// NewClient returns a client fit for delivering webhooks: it never follows
// redirects (providers do not), never asks for or undoes compression (the
// body must arrive as sent, and the answer is shown as received), and keeps
// enough idle connections for concurrent replays.
func NewClient() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.DisableCompression = true
	tr.MaxIdleConns = 256
	tr.MaxIdleConnsPerHost = 128
	return &http.Client{
		Transport: tr,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// Deliver sends req to target: the method, the target's path joined with the
// request's path and query (see JoinURL), the headers less hop-by-hop ones,
// and the body byte for byte. It retries as opts says and returns the last
// answer. A 5xx or 429 answer is returned as a Response, not an error; an
// error means no attempt got an answer, or the context ended.
func Deliver(ctx context.Context, req *Request, target string, opts DeliverOptions) (*Response, error) {
	u, err := ParseTarget(target)
	if err != nil {
		return nil, err
	}
	dest := JoinURL(u, req.Path).String()
	if opts.MaxElapsed > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, opts.MaxElapsed)
		defer cancel()
	}
	start := time.Now()
	var attempts []Attempt
	for n := 1; ; n++ {
		resp, a := attempt(ctx, req, dest, n, opts)
		retry := n <= opts.Retries && retryable(a) && ctx.Err() == nil
		if retry {
			a.Wait = opts.Backoff.wait(n)
			if a.RetryAfter > 0 {
				a.Wait = a.RetryAfter
			}
			if dl, ok := ctx.Deadline(); ok && time.Until(dl) < a.Wait {
				retry = false
				a.Wait = 0
			}
		}
		attempts = append(attempts, a)
		if opts.OnAttempt != nil {
			opts.OnAttempt(a)
		}
		if !retry {
			if resp == nil {
				err := a.Err
				if ctxErr := context.Cause(ctx); ctxErr != nil && errors.Is(err, ctxErr) {
					err = ctxErr
				}
				return nil, &DeliveryError{URL: dest, Attempts: attempts, Err: err}
			}
			resp.Attempts = attempts
			resp.Total = time.Since(start)
			return resp, nil
		}
		t := time.NewTimer(a.Wait)
		select {
		case <-ctx.Done():
			t.Stop()
			if resp != nil {
				resp.Attempts = attempts
				resp.Total = time.Since(start)
				return resp, nil
			}
			return nil, &DeliveryError{URL: dest, Attempts: attempts, Err: context.Cause(ctx)}
		case <-t.C:
		}
	}
}

func retryable(a Attempt) bool {
	return a.Err != nil || a.Status >= 500 || a.Status == http.StatusTooManyRequests
}

func attempt(ctx context.Context, req *Request, dest string, n int, opts DeliverOptions) (*Response, Attempt) {
	timeout := opts.Timeout
	if timeout <= 0 {
		timeout = 10 * time.Second
	}
	actx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	a := Attempt{Number: n}
	start := time.Now()
	hreq, err := buildRequest(actx, req, dest, opts.Headers)
	if err != nil {
		a.Err = err
		return nil, a
	}
	client := opts.Client
	if client == nil {
		client = DefaultClient()
	}
	hresp, err := client.Do(hreq)
	if err != nil {
		a.Err, a.Duration = err, time.Since(start)
		return nil, a
	}
	defer hresp.Body.Close()
	limit := opts.MaxResponseBody
	if limit <= 0 {
		limit = 10 << 20
	}
	body, err := io.ReadAll(io.LimitReader(hresp.Body, limit+1))
	truncated := int64(len(body)) > limit
	if truncated {
		body = body[:limit]
		_, err = io.Copy(io.Discard, hresp.Body)
	}
	a.Duration = time.Since(start)
	if err != nil {
		a.Err = fmt.Errorf("reading the answer: %w", err)
		return nil, a
	}
	a.Status = hresp.StatusCode
	a.RetryAfter = parseRetryAfter(hresp.Header.Get("Retry-After"), time.Now())
	return &Response{
		Status: hresp.StatusCode, Proto: hresp.Proto, Headers: FromHTTP(hresp.Header),
		Body: body, Truncated: truncated, Duration: a.Duration, URL: dest,
	}, a
}

func parseRetryAfter(v string, now time.Time) time.Duration {
	if v == "" {
		return 0
	}
	if secs, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && secs >= 0 {
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// describeNetError shortens Go's nested network errors to what a person
// needs: "connection refused", "timed out after 10s".
func describeNetError(err error) string {
	var ne net.Error
	switch {
	case err == nil:
		return "unknown error"
	case errors.Is(err, context.DeadlineExceeded):
		return "timed out"
	case errors.Is(err, context.Canceled):
		return "cancelled"
	case strings.Contains(err.Error(), "connection refused"):
		return "connection refused (is the app running and listening on that port?)"
	case errors.As(err, &ne) && ne.Timeout():
		return "timed out"
	case strings.Contains(err.Error(), "EOF"), strings.Contains(err.Error(), "connection reset"):
		return "the connection closed before a whole answer arrived"
	}
	return err.Error()
}

// DescribeError returns a short reason for an attempt's error.
func DescribeError(err error) string { return describeNetError(err) }
