package replay

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/hookctl/hookctl/webhook"
)

// process prepares, re-signs, sends and checks one good item.
func process(ctx context.Context, it Item, opts *Options) Result {
	res := Result{Item: it}
	req := it.Request.Clone()
	base, err := baseURL(opts.Target, req)
	if err != nil {
		res.Reason = err.Error()
		return res
	}
	dest := webhook.JoinURL(base, req.Path).String()
	res.URL = dest
	if opts.Prepare != nil {
		if err := opts.Prepare(it.Source, req); err != nil {
			res.Reason = err.Error()
			return res
		}
	}
	res.Signing, err = opts.Resign.Apply(req, dest)
	if err != nil {
		res.Reason = err.Error()
		return res
	}
	res.Sent = req
	expect, err := opts.Expect.For(req.Expect)
	if err != nil {
		res.Reason = "bad fixture: " + err.Error()
		return res
	}
	if opts.DryRun {
		res.Passed = true
		return res
	}
	resp, err := webhook.Deliver(ctx, req, base.String(), opts.Deliver)
	if err != nil {
		var de *webhook.DeliveryError
		if errors.As(err, &de) {
			res.Attempts = len(de.Attempts)
			res.Reason = "no answer: " + webhook.DescribeError(de.Err)
		} else {
			res.Reason = err.Error()
		}
		return res
	}
	res.Response, res.Attempts, res.Duration = resp, len(resp.Attempts), resp.Total
	res.Passed, res.Reason = expect.Check(resp)
	return res
}

// Destination is the URL a request goes to: target joined with the
// request's path and query, or, with no target, the URL the request was
// originally sent to (its Host, over https when a proxy recorded that).
func Destination(target string, req *webhook.Request) (string, error) {
	base, err := baseURL(target, req)
	if err != nil {
		return "", err
	}
	return webhook.JoinURL(base, req.Path).String(), nil
}

func baseURL(target string, req *webhook.Request) (*url.URL, error) {
	if target != "" {
		return webhook.ParseTarget(target)
	}
	if req.Host == "" {
		return nil, fmt.Errorf("the fixture records no host: pass --to URL")
	}
	scheme := "http"
	if p := strings.ToLower(req.Headers.Get("X-Forwarded-Proto")); p == "https" {
		scheme = "https"
	}
	u, err := url.Parse(scheme + "://" + req.Host)
	if err != nil || u.Host == "" || u.Path != "" {
		return nil, fmt.Errorf("the fixture's host %q is not valid: pass --to URL", req.Host)
	}
	return u, nil
}
