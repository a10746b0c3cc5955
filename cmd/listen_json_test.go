package cmd

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/hookctl/hookctl/listen"
	"github.com/hookctl/hookctl/webhook"
)

// The spliced request line must be exactly what encoding the whole event
// with encoding/json gives, whatever the bodies hold.
func TestWriteListenEventMatchesEncodingJSON(t *testing.T) {
	bodies := [][]byte{
		nil,
		[]byte(`{"a":"<b>&</b>","request":null}`),
		[]byte("\"request\":null \u2028 zoë"),
		{0xff, 0x00, 0x1b},
	}
	for i, body := range bodies {
		ev := &listen.Event{
			Seq: i + 1,
			Request: &webhook.Request{ID: "req_1", ReceivedAt: time.Unix(1795435200, 0), Method: "POST", Path: "/x?y=1",
				Headers: webhook.NewHeaders("Content-Type", "application/json", "X-Note", `"request":null`), Body: body},
			Answer:       listen.Answer{Status: 200, Body: body},
			Verification: &listen.Verification{Provider: "stripe", Valid: true},
		}
		var spliced, plain bytes.Buffer
		writeListenEvent(&spliced, ev)
		writeJSONLine(&plain, listenEventLine(ev))
		if !bytes.Equal(spliced.Bytes(), plain.Bytes()) {
			t.Fatalf("body %d:\nspliced %s\nplain   %s", i, spliced.Bytes(), plain.Bytes())
		}
		if !json.Valid(spliced.Bytes()) {
			t.Fatalf("body %d: not valid JSON: %s", i, spliced.Bytes())
		}
	}
	var out bytes.Buffer
	writeListenEvent(&out, &listen.Event{Seq: 1})
	if !bytes.Contains(out.Bytes(), []byte(`"request":null`)) {
		t.Fatalf("an event with no request: %s", out.Bytes())
	}
}
