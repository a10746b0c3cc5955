package check

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/hookctl/hookctl/webhook"
)

// checkIdempotency delivers one event twice under the same id, then asks
// the app's side-effect endpoint how many times it took effect: once is
// right, twice means a retry charges the customer again.
func (r *runner) checkIdempotency(ctx context.Context) Result {
	if r.opts.SideEffectURL == "" {
		return skipped("pass --side-effect-url with an endpoint of your app that counts an event's effects, to check that a retry does not act twice")
	}
	if len(r.prof.IDHeaders) == 0 && r.prof.IDField == "" {
		return skipped(r.info.Title + " events carry no id, so hookctl cannot ask the app about one event")
	}
	ev := r.fresh()
	res := grade("2xx", is2xx,
		r.send(ctx, "first delivery", ev, how{}),
		r.send(ctx, "retry, same id", ev, how{extra: r.prof.RetryHeaders}))
	res.Expected = "1 effect"
	n, err := r.effects(ctx, ev.ID)
	switch {
	case err != nil:
		res.Passed, res.Got = false, "cannot read the side-effect count: "+err.Error()
		res.Why = "hookctl asked " + r.opts.SideEffectURL + " and could not read a count: answer a number or {\"count\": N}"
	case n == 0:
		res.Passed, res.Got = false, "0 effects after "+res.Got
		res.Why = "the side-effect endpoint counted nothing for the event: count effects by " + r.prof.idWhere() + ", the id hookctl asks about"
	case n != 1:
		res.Passed, res.Got = false, fmt.Sprintf("%d effects after %s", n, res.Got)
	default:
		res.Passed, res.Got = true, "1 effect after "+res.Got
	}
	return res
}

// effects asks the side-effect endpoint how many times the event with id
// took effect. The answer is a bare number or a JSON object with "count".
func (r *runner) effects(ctx context.Context, id string) (int, error) {
	u := r.opts.SideEffectURL
	if strings.Contains(u, "{id}") {
		u = strings.ReplaceAll(u, "{id}", url.QueryEscape(id))
	} else {
		sep := "?"
		if strings.Contains(u, "?") {
			sep = "&"
		}
		u += sep + "id=" + url.QueryEscape(id)
	}
	ctx, cancel := context.WithTimeout(ctx, r.limit)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return 0, err
	}
	req.Header = r.opts.Headers.HTTP()
	client := r.opts.Client
	if client == nil {
		client = webhook.DefaultClient()
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, fmt.Errorf("%s", webhook.DescribeError(err))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	if err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("it answered %d", resp.StatusCode)
	}
	return parseCount(body)
}

func parseCount(body []byte) (int, error) {
	text := strings.TrimSpace(string(body))
	if n, err := strconv.Atoi(text); err == nil {
		return n, nil
	}
	var v struct {
		Count *int `json:"count"`
	}
	if json.Unmarshal(body, &v) == nil && v.Count != nil {
		return *v.Count, nil
	}
	if len(text) > 40 {
		text = text[:40] + "…"
	}
	return 0, fmt.Errorf("the answer %q is neither a number nor {\"count\": N}", text)
}
