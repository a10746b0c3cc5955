package listen

import (
	"context"
	"fmt"
	"net/http"

	"github.com/hookctl/hookctl/webhook"
)

// forward delivers the original request (never the redacted copy: the app
// needs its credentials) through the one delivery path, and makes the
// app's answer the sender's unless a fixed answer was asked for.
func (s *Server) forward(ctx context.Context, req *webhook.Request, ev *Event) {
	resp, err := webhook.Deliver(ctx, req, s.cfg.ForwardTo, s.cfg.Deliver)
	if err != nil {
		ev.ForwardErr = err
		ev.Answer = Answer{
			Status:  http.StatusBadGateway,
			Headers: webhook.NewHeaders("Content-Type", "text/plain; charset=utf-8"),
			Body:    []byte(fmt.Sprintf("hookctl: the app at %s did not answer: %s\n", s.cfg.ForwardTo, webhook.DescribeError(err))),
		}
	} else {
		ev.Forwarded = resp
		ev.Answer = Answer{Status: resp.Status, Headers: webhook.ForwardHeaders(resp.Headers), Body: resp.Body}
		if s.cfg.Redact {
			shown := *resp
			shown.Headers = Redact(resp.Headers)
			ev.Forwarded = &shown
		}
	}
	if s.cfg.AnswerFixed {
		ev.Answer = s.cfg.Answer
	}
}
