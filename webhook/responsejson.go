package webhook

import "encoding/base64"

// ResponseJSON is an HTTP answer in the fixture's encoding: the status,
// the headers as ["Name", "value"] pairs, and a body that is text, or
// base64 with body_encoding "base64". The relay carries apps' answers in it.
type ResponseJSON struct {
	Status       int     `json:"status"`
	Headers      Headers `json:"headers"`
	BodyEncoding string  `json:"body_encoding,omitempty"`
	Body         string  `json:"body"`
}

// NewResponseJSON returns r's status, headers and body in that encoding.
func NewResponseJSON(r *Response) ResponseJSON {
	a := ResponseJSON{Status: r.Status, Headers: r.Headers}
	if a.Headers == nil {
		a.Headers = Headers{}
	}
	a.Body, a.BodyEncoding = EncodeBody(r.Body)
	return a
}

// BodyBytes returns the body as the app sent it.
func (a *ResponseJSON) BodyBytes() ([]byte, error) {
	if a.BodyEncoding == BodyBase64 {
		return base64.StdEncoding.DecodeString(a.Body)
	}
	return []byte(a.Body), nil
}

// DecodeResponseJSON reads a ResponseJSON object in one pass, as
// encoding/json would fill it, where encoding/json walks it several times.
// It says ok=false for anything whose handling it does not repeat exactly
// (the same cases as the fixture decoder, plus a status that is not a
// plain non-negative integer): decode those with encoding/json.
func DecodeResponseJSON(data []byte) (r ResponseJSON, ok bool) {
	d := fixtureDecoder{data: data}
	ok = d.object(func(key []byte) (bit uint16, ok bool) {
		switch string(key) {
		case "status":
			r.Status, ok = d.uint()
			return 1 << 0, ok
		case "headers":
			r.Headers, ok = d.headers()
			return 1 << 1, ok
		case "body_encoding":
			r.BodyEncoding, ok = d.string()
			return 1 << 2, ok
		case "body":
			r.Body, ok = d.string()
			return 1 << 3, ok
		}
		return 0, false
	})
	return r, ok
}
