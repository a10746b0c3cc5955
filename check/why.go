package check

import "fmt"

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
