package webhook

// ResponseJSON is an HTTP answer in the fixture's encoding: the status,
// the headers as ["Name", "value"] pairs, and a body that is text, or
// base64 with body_encoding "base64". The relay carries apps' answers in it.
type ResponseJSON struct {
	Status       int     `json:"status"`
	Headers      Headers `json:"headers"`
	BodyEncoding string  `json:"body_encoding,omitempty"`
	Body         string  `json:"body"`
}

// DecodeResponseJSON reads a ResponseJSON object in one pass, as
// encoding/json would fill it, where encoding/json walks it several times.
// It says ok=false for anything whose handling it does not repeat exactly
// (the same cases as the fixture decoder, plus a status that is not a
// plain non-negative integer): decode those with encoding/json.
func DecodeResponseJSON(data []byte) (r ResponseJSON, ok bool) {
	d := fixtureDecoder{data: data}
	d.space()
	if !d.take('{') {
		return r, false
	}
	var seen uint8
	d.space()
	if !d.take('}') {
		for {
			d.space()
			key, ok := d.key()
			if !ok {
				return r, false
			}
			d.space()
			if !d.take(':') {
				return r, false
			}
			d.space()
			var bit uint8
			switch string(key) {
			case "status":
				bit = 1 << 0
				r.Status, ok = d.uint()
			case "headers":
				bit = 1 << 1
				r.Headers, ok = d.headers()
			case "body_encoding":
				bit = 1 << 2
				r.BodyEncoding, ok = d.string()
			case "body":
				bit = 1 << 3
				r.Body, ok = d.string()
			default:
				return r, false
			}
			if !ok || seen&bit != 0 {
				return r, false
			}
			seen |= bit
			d.space()
			if d.take('}') {
				break
			}
			if !d.take(',') {
				return r, false
			}
		}
	}
	d.space()
	return r, d.i == len(d.data)
}
