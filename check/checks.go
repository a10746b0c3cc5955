package check

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/hookctl/hookctl/render"
	"github.com/hookctl/hookctl/sign"
)

// plan returns the selected checks in order. The handshake is left out for
// providers that have none, unless asked for by name.
func (r *runner) plan() []planned {
	run := map[string]func(context.Context) Result{
		Handshake: r.handshake, Valid: r.checkValid, Duplicate: r.checkDuplicate, Idempotency: r.checkIdempotency,
		Tampered: r.checkTampered, Unsigned: r.checkUnsigned, WrongSecret: r.checkWrongSecret,
		Stale: r.checkStale, Replay: r.checkReplay, OutOfOrder: r.checkOutOfOrder, Timing: r.checkTiming,
	}
	var out []planned
	for _, s := range Specs() {
		if !Selected(s.Name, r.opts.Only, r.opts.Skip) {
			continue
		}
		if s.Name == Handshake && r.prof.handshake == nil && !slices.Contains(r.opts.Only, Handshake) {
			continue
		}
		out = append(out, planned{s.Name, s.Required, run[s.Name]})
	}
	return out
}

func is2xx(d Delivery) bool { return d.Status >= 200 && d.Status < 300 }
func is4xx(d Delivery) bool { return d.Status >= 400 && d.Status < 500 }

// answer is a delivery's outcome in a few words: "200 OK", "no answer:
// timed out".
func answer(d Delivery) string {
	if d.Status == 0 {
		return "no answer: " + d.Error
	}
	return strings.TrimSpace(fmt.Sprintf("%d %s", d.Status, http.StatusText(d.Status)))
}

// grade makes a result from deliveries that must each satisfy ok.
func grade(expected string, ok func(Delivery) bool, ds ...Delivery) Result {
	res := Result{Expected: expected, Passed: true, Deliveries: ds}
	var got []string
	for _, d := range ds {
		res.Passed = res.Passed && ok(d)
		got = append(got, answer(d))
	}
	res.Got = strings.Join(got, ", then ")
	return res
}

func skipped(why string) Result { return Result{Skipped: true, Why: why} }

func (r *runner) checkValid(ctx context.Context) Result {
	return grade("2xx", is2xx, r.send(ctx, "signed event", r.valid, how{}))
}

// checkDuplicate sends the main event again with the same id, as a
// provider's retry would, re-signed as providers re-sign retries.
func (r *runner) checkDuplicate(ctx context.Context) Result {
	var ds []Delivery
	if !r.delivered[r.valid.ID] {
		ds = append(ds, r.send(ctx, "original", r.valid, how{}))
	}
	ds = append(ds, r.send(ctx, "retry, same id", r.valid, how{extra: r.prof.RetryHeaders}))
	return grade("2xx", is2xx, ds...)
}

func (r *runner) checkTampered(ctx context.Context) Result {
	ev, h := r.fresh(), how{secret: r.opts.Secret, tamper: true}
	if r.verifies(ev, h) {
		return skipped(r.info.Title + "'s signature does not cover the whole body, so a changed body cannot be told from the original")
	}
	return grade("4xx", is4xx, r.send(ctx, "body changed by one byte", ev, h))
}

// verifies reports whether the request for ev would pass the scheme's own
// check: a tampered request that does shows the scheme leaves the body
// unsigned (Mailgun signs only a timestamp and a token).
func (r *runner) verifies(ev Event, h how) bool {
	req, err := r.request(ev, h)
	if err != nil {
		return false
	}
	_, err = r.opts.Scheme.Verify(sign.VerifyParams{Headers: req.Headers, Body: req.Body, URL: r.target,
		Method: http.MethodPost, Secrets: []string{r.opts.Secret}, Now: r.clock()})
	return err == nil
}

func (r *runner) checkUnsigned(ctx context.Context) Result {
	return grade("4xx", is4xx, r.send(ctx, "no signature header", r.fresh(), how{unsigned: true}))
}

func (r *runner) checkWrongSecret(ctx context.Context) Result {
	if r.info.KeyPair {
		return skipped(r.info.Title + " signs with a key pair: a wrong key would need a second private key")
	}
	if _, _, err := r.sign(r.valid, r.now, r.wrong); err != nil {
		return skipped("hookctl could not make a wrong secret of the same form: " + err.Error())
	}
	return grade("4xx", is4xx, r.send(ctx, "signed with another secret", r.fresh(), how{secret: r.wrong}))
}

// staleAge is how old the stale and replayed requests are: well past the
// window, so clock skew between hookctl and the app cannot excuse them.
func (r *runner) staleAge() time.Duration { return r.info.Tolerance + 5*time.Minute }

// noWindow says why stale and replay do not apply, or "" when they do.
func (r *runner) noWindow() string {
	switch {
	case !r.info.Timestamp:
		return fmt.Sprintf("%s signs no timestamp, so an old request cannot be told from a new one: de-duplicate by %s instead",
			r.info.Title, r.prof.idWhere())
	case r.info.Tolerance <= 0:
		return r.info.Title + " signs a timestamp but documents no tolerance, so there is no window to test"
	}
	return ""
}

func (r *runner) checkStale(ctx context.Context) Result {
	if why := r.noWindow(); why != "" {
		return skipped(why)
	}
	ev := r.fresh()
	if r.opts.Event == nil || r.bodyDated() {
		// A built-in event can be dated back in its body too, which
		// schemes that sign a timestamp in the body need.
		ev = r.prof.event(r.prof.DefaultType, r.now.Add(-r.staleAge()))
	}
	return grade("4xx", is4xx, r.send(ctx, "signed "+r.staleAge().String()+" ago", ev, how{age: r.staleAge()}))
}

// checkReplay sends the main event, same id and body, as if captured and
// sent again after the window: signed with a timestamp that old.
func (r *runner) checkReplay(ctx context.Context) Result {
	if why := r.noWindow(); why != "" {
		return skipped(why)
	}
	if r.opts.Event != nil && r.bodyDated() {
		return skipped(r.info.Title + " signs the time inside the body, so this event cannot be replayed dated back: run without --event or --file to check replays")
	}
	return grade("4xx", is4xx, r.send(ctx, "valid request replayed after the window", r.valid, how{age: r.staleAge()}))
}

// bodyDated reports whether the scheme keeps its signed time in the body
// (Linear's webhookTimestamp), where only hookctl's own events leave room.
func (r *runner) bodyDated() bool {
	_, ok := r.opts.Scheme.(sign.BodySigner)
	return ok && r.info.Timestamp
}

// checkOutOfOrder sends two events of one object, the later one first.
func (r *runner) checkOutOfOrder(ctx context.Context) Result {
	types := r.prof.Pair
	if types[0] == "" {
		types = [2]string{r.prof.DefaultType, r.prof.DefaultType}
	}
	object := randomToken("123456789", 6)
	earlier := r.prof.build(eventSpec{Type: types[0], ID: r.prof.newID(), Object: object, At: r.now.Add(-time.Minute)})
	later := r.prof.build(eventSpec{Type: types[1], ID: r.prof.newID(), Object: object, At: r.now})
	noServerError := func(d Delivery) bool { return d.Status != 0 && d.Status < 500 }
	return grade("no 5xx", noServerError,
		r.send(ctx, "later: "+later.Type, later, how{}),
		r.send(ctx, "earlier: "+earlier.Type, earlier, how{}))
}

// checkTiming looks at every delivery made so far; run alone, it sends the
// main event to have one.
func (r *runner) checkTiming(ctx context.Context) Result {
	if len(r.sent) == 0 {
		r.send(ctx, "signed event", r.valid, how{})
	}
	res := Result{Expected: "under " + r.limit.String(), Passed: true, Deliveries: slices.Clone(r.sent)}
	var slowest Delivery
	answered := 0
	for _, d := range r.sent {
		if d.Error != "" && !d.TimedOut {
			continue // no answer at all: nothing to time
		}
		answered++
		if d.TimedOut || d.Duration > r.limit {
			res.Passed = false
			res.Got = fmt.Sprintf("%s (%s): no answer within %s", d.Check, d.Label, r.limit)
			res.Duration = d.Duration
			return res
		}
		if d.Duration >= slowest.Duration {
			slowest = d
		}
	}
	if answered == 0 {
		res.Passed = false
		res.Got = "no answer to any delivery, so no time to judge"
		return res
	}
	res.Duration = slowest.Duration
	res.Got = fmt.Sprintf("slowest %s (%s)", render.Duration(slowest.Duration), slowest.Check)
	return res
}
