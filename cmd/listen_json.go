package cmd

import (
	"io"
	"time"

	"github.com/hookctl/hookctl/listen"
	"github.com/hookctl/hookctl/webhook"
)

// listenEventJSON is one request in listen --json: the request in fixture
// form, its verification, the answer given and the app's answer.
type listenEventJSON struct {
	Type         string                  `json:"type"`
	Seq          int                     `json:"seq"`
	Request      *webhook.Request        `json:"request"`
	Verification *listenVerificationJSON `json:"verification"`
	Handshake    string                  `json:"handshake,omitempty"`
	Rejected     string                  `json:"rejected,omitempty"`
	Response     listenAnswerJSON        `json:"response"`
	Forwarded    *listenForwardedJSON    `json:"forwarded"`
	Saved        string                  `json:"saved,omitempty"`
	SaveError    string                  `json:"save_error,omitempty"`
}

type listenVerificationJSON struct {
	Provider    string `json:"provider"`
	Detected    bool   `json:"detected"`
	Valid       bool   `json:"valid"`
	Code        string `json:"code,omitempty"`
	Reason      string `json:"reason,omitempty"`
	Hint        string `json:"hint,omitempty"`
	SecretIndex *int   `json:"secret_index,omitempty"`
}

type listenAnswerJSON struct {
	Status       int             `json:"status"`
	Headers      webhook.Headers `json:"headers"`
	Body         string          `json:"body"`
	BodyEncoding string          `json:"body_encoding,omitempty"`
	Injected     bool            `json:"injected"`
	DelayMS      int64           `json:"delay_ms"`
}

type listenForwardedJSON struct {
	URL          string          `json:"url"`
	Status       int             `json:"status,omitempty"`
	DurationMS   float64         `json:"duration_ms"`
	Headers      webhook.Headers `json:"headers"`
	Body         string          `json:"body"`
	BodyEncoding string          `json:"body_encoding,omitempty"`
	Truncated    bool            `json:"truncated,omitempty"`
	Error        string          `json:"error,omitempty"`
}

func listenEventLine(ev *listen.Event) listenEventJSON {
	out := listenEventJSON{
		Type: "request", Seq: ev.Seq, Request: ev.Request, Handshake: ev.Handshake,
		Rejected: ev.Rejected, Saved: ev.Saved,
		Response: listenAnswerJSON{Status: ev.Answer.Status, Headers: listenHeaders(ev.Answer.Headers), Injected: ev.Injected, DelayMS: ev.Delay.Milliseconds()},
	}
	out.Response.Body, out.Response.BodyEncoding = webhook.EncodeBody(ev.Answer.Body)
	if ev.SaveErr != nil {
		out.SaveError = ev.SaveErr.Error()
	}
	if v := ev.Verification; v != nil {
		out.Verification = &listenVerificationJSON{Provider: v.Provider, Detected: v.Detected, Valid: v.Valid, Code: v.Code, Reason: v.Reason, Hint: v.Hint}
		if v.Valid {
			out.Verification.SecretIndex = &v.SecretIndex
		}
	}
	switch {
	case ev.Forwarded != nil:
		f := ev.Forwarded
		out.Forwarded = &listenForwardedJSON{URL: f.URL, Status: f.Status, DurationMS: listenMS(f.Duration), Headers: listenHeaders(f.Headers), Truncated: f.Truncated}
		out.Forwarded.Body, out.Forwarded.BodyEncoding = webhook.EncodeBody(f.Body)
	case ev.ForwardErr != nil:
		out.Forwarded = &listenForwardedJSON{Headers: webhook.Headers{}, Error: webhook.DescribeError(ev.ForwardErr)}
		if de, ok := ev.ForwardErr.(*webhook.DeliveryError); ok {
			out.Forwarded.URL = de.URL
			if n := len(de.Attempts); n > 0 {
				out.Forwarded.DurationMS = listenMS(de.Attempts[n-1].Duration)
			}
		}
	}
	return out
}

func listenHeaders(h webhook.Headers) webhook.Headers {
	if h == nil {
		return webhook.Headers{}
	}
	return h
}

func listenMS(d time.Duration) float64 {
	return float64(d.Microseconds()) / 1000
}

// writeListenEvent writes one request line, its fixture encoded once.
func writeListenEvent(w io.Writer, ev *listen.Event) {
	line := listenEventLine(ev)
	req := line.Request
	line.Request = nil
	var fixture []byte
	if req != nil {
		var err error
		if fixture, err = webhook.MarshalFixtureLine(req); err != nil {
			return
		}
	}
	writeJSONLineWithFixture(w, line, fixture)
}
