package cmd

import (
	"io"
	"os"

	"github.com/hookctl/hookctl/catalog"
	"github.com/hookctl/hookctl/sign"
	"github.com/hookctl/hookctl/webhook"
)

// sendSource makes the requests to send: a fresh render of the event each
// time, or the same given body.
type sendSource struct {
	o    *sendOptions
	body []byte // the body from --data, --file or stdin
	dest string // the full URL requests go to, which some schemes sign
}

func newSendSource(o *sendOptions) (*sendSource, error) {
	s := &sendSource{o: o}
	if o.URL != "" {
		u, err := webhook.ParseTarget(o.URL)
		if err != nil {
			return nil, usageErrorf("%v", err)
		}
		s.dest = webhook.JoinURL(u, "/").String()
	}
	var err error
	switch {
	case o.Event != nil:
		return s, nil
	case o.File != "":
		if s.body, err = os.ReadFile(o.File); err != nil {
			return nil, usageErrorf("--file %s: %s", o.File, cleanOSError(err))
		}
	case o.Stdin:
		if s.body, err = io.ReadAll(o.deps.IO.In); err != nil {
			return nil, usageErrorf("reading the body from standard input: %v", err)
		}
	default:
		s.body = []byte(o.Data)
	}
	if len(o.Sets) > 0 {
		if s.body, err = catalog.ApplySets(s.body, o.Sets, ""); err != nil {
			return nil, usageErrorf("%v", err)
		}
	}
	return s, nil
}

// next builds one request, signed with a fresh timestamp (and id, for
// schemes that sign one) when there is a secret.
func (s *sendSource) next() (*webhook.Request, error) {
	o := s.o
	now := o.deps.Now()
	var req *webhook.Request
	if o.Event != nil {
		r, err := o.Event.Render(now, o.Sets)
		if err != nil {
			return nil, usageErrorf("%v", err)
		}
		req = r
	} else {
		req = &webhook.Request{ID: webhook.NewID(), ReceivedAt: now, Path: "/", Body: s.body}
		if ct := guessContentType(s.body); ct != "" {
			req.Headers.Set("Content-Type", ct)
		}
	}
	req.Method = o.Method
	if o.ContentType != "" {
		req.Headers.Set("Content-Type", o.ContentType)
	}
	for _, kv := range o.Headers {
		req.Headers.Set(kv.Name, kv.Value)
	}
	if o.Scheme == nil {
		return req, nil
	}
	info := o.Scheme.Info()
	req.Provider = info.Name
	if o.Secret == "" {
		return req, nil
	}
	sigs, err := o.Scheme.Sign(sign.SignParams{
		Secret: o.Secret, Body: req.Body, Timestamp: now, URL: s.dest, Method: req.Method,
	})
	if err != nil {
		return nil, sendSignError(info.Title, err)
	}
	for _, h := range sigs {
		req.Headers.Set(h.Name, h.Value)
	}
	return req, nil
}
