package cmd

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"sync"
	"time"

	"github.com/hookctl/hookctl/webhook"
)

// sendResult is what became of one request.
type sendResult struct {
	N    int
	Req  *webhook.Request
	Resp *webhook.Response
	Err  error
}

func sendRun(ctx context.Context, o *sendOptions) error {
	src, err := newSendSource(o)
	if err != nil {
		return err
	}
	// Build the first request before anything is sent, so a signing or
	// --set mistake is a usage error, not N failed deliveries.
	first, err := src.next()
	if err != nil {
		return err
	}
	if o.Scheme != nil && o.Secret == "" {
		fmt.Fprintf(o.deps.IO.ErrOut, "hookctl: no secret given: sending unsigned (pass --secret to sign as %s does)\n", o.Scheme.Info().Title)
	}
	if o.Print {
		return sendPrint(o, src, first)
	}
	rep := newSendReport(o, src.dest)
	rep.start(first)
	results := sendAll(ctx, o, src, first, rep.attempt)
	for res := range results {
		rep.result(res)
	}
	if err := ctx.Err(); err != nil {
		return err // interrupted: exit 130, not a failed check
	}
	return rep.finish()
}

// sendAll delivers o.Repeat requests, o.Concurrency at a time, each built
// fresh just before it goes. Results arrive in the order they finish; the
// channel closes when all are done or ctx ends.
func sendAll(ctx context.Context, o *sendOptions, src *sendSource, first *webhook.Request, onAttempt func(int, webhook.Attempt)) <-chan sendResult {
	jobs := make(chan int)
	results := make(chan sendResult)
	var wg sync.WaitGroup
	for w := 0; w < min(o.Concurrency, o.Repeat); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := range jobs {
				results <- sendOne(ctx, o, src, n, first, onAttempt)
			}
		}()
	}
	go func() {
		defer close(jobs)
		for n := 1; n <= o.Repeat; n++ {
			select {
			case jobs <- n:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() {
		wg.Wait()
		close(results)
	}()
	return results
}

func sendOne(ctx context.Context, o *sendOptions, src *sendSource, n int, first *webhook.Request, onAttempt func(int, webhook.Attempt)) sendResult {
	req := first
	if n > 1 {
		var err error
		if req, err = src.next(); err != nil {
			return sendResult{N: n, Err: err}
		}
	}
	resp, err := webhook.Deliver(ctx, req, o.URL, webhook.DeliverOptions{
		Client: o.deps.HTTPClient, Timeout: o.Timeout, Retries: o.Retries,
		OnAttempt: func(a webhook.Attempt) { onAttempt(n, a) },
	})
	return sendResult{N: n, Req: req, Resp: resp, Err: err}
}

// sendPrint writes the requests as they would go on the wire, or as
// fixture lines with --json, without sending them.
func sendPrint(o *sendOptions, src *sendSource, first *webhook.Request) error {
	out := o.deps.IO.Out
	for n := 1; n <= o.Repeat; n++ {
		req := first
		if n > 1 {
			var err error
			if req, err = src.next(); err != nil {
				return err
			}
		}
		req = recordedAs(req, src.dest)
		if o.JSON {
			line, err := webhook.MarshalFixtureLine(req)
			if err != nil {
				return err
			}
			_, _ = out.Write(line)
			continue
		}
		if n > 1 {
			fmt.Fprintln(out)
		}
		writeWire(out, req)
	}
	return nil
}

// recordedAs returns a copy of req whose path and host say where it went,
// for output: the request itself keeps "/" so delivery posts to the URL as
// given.
func recordedAs(req *webhook.Request, dest string) *webhook.Request {
	c := req.Clone()
	if u, err := url.Parse(dest); err == nil && dest != "" {
		c.Path, c.Host = u.RequestURI(), u.Host
	}
	return c
}

func writeWire(w io.Writer, req *webhook.Request) {
	fmt.Fprintf(w, "%s %s HTTP/1.1\n", req.Method, req.Path)
	if req.Host != "" {
		fmt.Fprintf(w, "Host: %s\n", req.Host)
	}
	for _, kv := range req.Headers {
		fmt.Fprintf(w, "%s: %s\n", kv.Name, kv.Value)
	}
	fmt.Fprintf(w, "Content-Length: %d\n\n", len(req.Body))
	_, _ = w.Write(req.Body)
	if n := len(req.Body); n > 0 && req.Body[n-1] != '\n' {
		fmt.Fprintln(w)
	}
}

func sendMillis(d time.Duration) float64 {
	return float64(d.Microseconds()) / 1000
}
