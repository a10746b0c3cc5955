package sign

import (
	"encoding/json"
	"strings"
)

// jsonString reads a string at a dotted path of a JSON body ("event.type"),
// or "".
func jsonString(body []byte, path string) string {
	var v any
	if json.Unmarshal(body, &v) != nil {
		return ""
	}
	for _, key := range strings.Split(path, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return ""
		}
		v = m[key]
	}
	s, _ := v.(string)
	return s
}

// bodyField names the event by one JSON field of the body.
func bodyField(path string) eventFunc {
	return func(_ HeaderGetter, body []byte) string { return jsonString(body, path) }
}

// headerValue names the event by a header.
func headerValue(name string) eventFunc {
	return func(h HeaderGetter, _ []byte) string { return get(h, name) }
}

// joined names the event "kind.action" from two sources, or just the kind
// when there is no action (GitHub "pull_request.opened", "push").
func joined(kind, action eventFunc) eventFunc {
	return func(h HeaderGetter, body []byte) string {
		k := kind(h, body)
		if a := action(h, body); k != "" && a != "" {
			return k + "." + a
		}
		return k
	}
}

// firstOf tries several namers in turn.
func firstOf(fs ...eventFunc) eventFunc {
	return func(h HeaderGetter, body []byte) string {
		for _, f := range fs {
			if s := f(h, body); s != "" {
				return s
			}
		}
		return ""
	}
}

// slackEvent is event.type for the Events API, else the top-level type
// (url_verification, block_actions in a form-encoded payload is not JSON
// and gives "").
func slackEvent(h HeaderGetter, body []byte) string {
	return firstOf(bodyField("event.type"), bodyField("type"))(h, body)
}

// jsonRaw returns the raw JSON text of a top-level field, or "".
func jsonRaw(body []byte, key string) string {
	var m map[string]json.RawMessage
	if json.Unmarshal(body, &m) != nil {
		return ""
	}
	return string(m[key])
}

func jsonUnmarshal(body []byte, v any) error { return json.Unmarshal(body, v) }
