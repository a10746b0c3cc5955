package check

import "fmt"

// whyFailed explains a failed result: first what went wrong with the
// answers themselves (none, a redirect, a 5xx where a rejection belongs),
// then what the check is about.
func (r *runner) whyFailed(res Result) string {
	title := r.info.Title
	for _, d := range res.Deliveries {
		switch {
		case res.Name == Timing:
		case d.Status == 0:
			return fmt.Sprintf("no answer (%s): %s counts that as a failed delivery and retries it; make sure the app is up and answers within %s",
				d.Error, title, r.limit)
		case d.Status >= 300 && d.Status < 400:
			return fmt.Sprintf("the app answered a redirect (%d), which %s does not follow: give %s the final URL", d.Status, title, title)
		case d.Status >= 500 && res.Expected == "4xx":
			return fmt.Sprintf("the app answered %d, so %s would keep retrying this request: reject a bad signature or an old timestamp with 400 or 401, not an error",
				d.Status, title)
		}
	}
	return r.why(res.Name)
}

// why returns, for a failed check, one line on why it matters and how to
// fix it, in the provider's terms.
func (r *runner) why(name string) string {
	title, id, window := r.info.Title, r.prof.idWhere(), r.info.Tolerance.String()
	switch name {
	case Handshake:
		fix := "answer it as the provider documents"
		if r.prof.handshake != nil {
			fix = r.prof.handshake.fix
		}
		return title + " sends no events until the endpoint answers its handshake: " + fix
	case Valid:
		return "a correctly signed event was refused, so real deliveries fail too: check the secret, and verify the raw body bytes, not re-serialised JSON"
	case Duplicate:
		return fmt.Sprintf("%s delivers at least once and retries: answer 2xx to an event you already processed (remember %s)", title, id)
	case Idempotency:
		return fmt.Sprintf("a retried event took effect twice (a double charge, a second email): record %s and skip repeats", id)
	case Tampered:
		return "the app accepted a body its signature does not match, so anyone can forge events: verify the signature over the raw body and answer 400 when it fails"
	case Unsigned:
		return "the app accepted a request with no signature, so anyone who finds the URL can send events: reject requests without a valid signature with 400 or 401"
	case WrongSecret:
		return "the app accepted a signature made with another secret, so it is not checking the MAC: compare with the HMAC under your secret, in constant time"
	case Stale:
		return fmt.Sprintf("the app accepted a signed request older than %s's %s window, so a captured request can be replayed: reject timestamps outside the window", title, window)
	case Replay:
		return fmt.Sprintf("a captured valid request was accepted again after the window: reject old timestamps and remember %s", id)
	case OutOfOrder:
		return title + " does not promise order and retries a 5xx: accept a later event first (fetch the current state, or store and reconcile) and answer 2xx"
	case Timing:
		return fmt.Sprintf("%s gives up after %s and retries, which makes duplicates: answer 2xx first and do slow work in a background job (limit: %s)",
			title, r.limit, r.prof.TimeoutSource)
	}
	return ""
}
