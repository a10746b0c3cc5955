// Package replay sends saved fixtures to an endpoint again: in order or
// concurrently, paced, re-signed with fresh timestamps, and checked against
// expectations, so that a folder of captured webhooks becomes a test suite.
// It reports through return values and callbacks and never prints.
package replay

import (
	"context"
	"strings"
	"time"

	"github.com/hookctl/hookctl/webhook"
)

// Options controls a run.
type Options struct {
	// Target is the base URL each fixture's path is joined onto. Empty
	// means the URL the fixture was sent to (its Host), for dry runs.
	Target string
	// Deliver carries the client, timeout and retries for each request.
	Deliver webhook.DeliverOptions
	// Concurrency is how many requests may be in flight; below 1 means 1.
	Concurrency int
	// Pace spaces the sends out.
	Pace Pace
	// Resign, if set, replaces recorded signatures with fresh ones.
	Resign *Resigner
	// Expect is what every answer must satisfy; a fixture's own expect
	// fields override it.
	Expect Expectation
	// DryRun prepares and re-signs each request but does not send it.
	DryRun bool
	// Prepare, if set, may change a request before it is re-signed and
	// sent (hookctl replay --edit). It is called from the workers, one at a
	// time only when Concurrency is 1.
	Prepare func(source string, req *webhook.Request) error
	// OnResult, if set, is called once per item as it finishes, in the
	// order they finish, from the goroutine that called Run.
	OnResult func(Result)
}

// Result is what happened to one item.
type Result struct {
	Item
	// Sent is the request as sent (or as it would be, in a dry run):
	// edited and re-signed. Nil for a bad fixture.
	Sent *webhook.Request
	// URL is where it went.
	URL string
	// Response is the answer; nil when none came.
	Response *webhook.Response
	// Signing says what re-signing did.
	Signing Outcome
	// Passed is set when the answer met every expectation.
	Passed bool
	// Reason says why it did not pass, in one line.
	Reason   string
	Duration time.Duration
	Attempts int
}

// Summary is the outcome of a run: every result in plan order.
type Summary struct {
	Results  []Result
	Passed   int
	Failed   int
	Duration time.Duration
}

// OK reports whether every item passed.
func (s Summary) OK() bool { return s.Failed == 0 }

// Run sends the planned items and checks each answer. Bad fixtures are
// reported as failures without stopping the run. When ctx ends, items not
// yet sent are reported as failed with the reason "not sent".
func Run(ctx context.Context, items []Item, opts Options) Summary {
	start := time.Now()
	items = append([]Item(nil), items...)
	for i := range items {
		items[i].Index = i // results are placed by it
	}
	n := max(opts.Concurrency, 1)
	jobs := make(chan Item)
	results := make(chan Result)
	for range n {
		go func() {
			for it := range jobs {
				results <- process(ctx, it, &opts)
			}
		}()
	}
	go dispatch(ctx, items, jobs, results, opts.Pace)

	sum := Summary{Results: make([]Result, len(items))}
	for range items {
		r := <-results
		sum.Results[r.Index] = r
		if r.Passed {
			sum.Passed++
		} else {
			sum.Failed++
		}
		if opts.OnResult != nil {
			opts.OnResult(r)
		}
	}
	sum.Duration = time.Since(start)
	return sum
}

// dispatch hands out good items at the pace asked for; bad fixtures and
// items left when ctx ends are answered at once.
func dispatch(ctx context.Context, items []Item, jobs chan<- Item, results chan<- Result, pace Pace) {
	defer close(jobs)
	p := pace.start()
	for _, it := range items {
		if it.Err != nil {
			// Load errors start with the source, which the result names anyway.
			results <- failed(it, "bad fixture: "+strings.TrimPrefix(it.Err.Error(), it.Source+": "))
			continue
		}
		err := context.Cause(ctx)
		if err == nil {
			err = p.wait(ctx, it.Request)
		}
		if err == nil {
			select {
			case jobs <- it:
				p.sent()
				continue
			case <-ctx.Done():
				err = context.Cause(ctx)
			}
		}
		results <- failed(it, "not sent: "+err.Error())
	}
}

func failed(it Item, reason string) Result {
	return Result{Item: it, Reason: reason}
}
