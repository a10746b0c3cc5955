package cmd

import (
	"context"
	"fmt"

	"github.com/hookctl/hookctl/replay"
	"github.com/hookctl/hookctl/sign"
	"github.com/hookctl/hookctl/webhook"
)

// replayRun loads, plans and either sends the fixtures, shows them
// (--dry-run) or prints commands that send them (--as).
func replayRun(ctx context.Context, o *replayOptions) error {
	items := replay.Plan(o.load(), o.Filter, o.Order, o.Limit)
	if len(items) == 0 {
		return failError(fmt.Errorf("no fixture to replay: none matched the filters"))
	}
	run := replay.Options{
		Target:      o.To,
		Concurrency: o.Concurrency,
		Pace:        o.Pace,
		Expect:      o.Expect,
		DryRun:      o.DryRun || o.As != "",
		Deliver: webhook.DeliverOptions{
			Client: o.deps.HTTPClient, Timeout: o.Timeout, Retries: o.Retries,
		},
	}
	if run.DryRun {
		run.Pace = replay.Pace{} // nothing is sent, so nothing to space out
	}
	if !o.Keep {
		run.Resign = &replay.Resigner{Scheme: o.Scheme, Lookup: sign.Lookup, SecretFor: o.SecretFor, Now: o.deps.Now}
	}
	if o.Edit {
		run.Prepare = o.editBody
	}
	rep := newReplayReport(o, len(items))
	run.OnResult = rep.result
	sum := replay.Run(ctx, items, run)
	if err := ctx.Err(); err != nil {
		// Show what was done before Ctrl-C; the exit code says interrupted.
		if !run.DryRun {
			rep.finish(sum)
		}
		return err
	}
	switch {
	case o.As != "":
		return rep.export(sum)
	case o.DryRun:
		return rep.dryRun(sum)
	}
	return rep.finish(sum)
}

// load reads every argument; one that cannot be read becomes a bad fixture
// named after it, so the others still run.
func (o *replayOptions) load() []webhook.Loaded {
	var out []webhook.Loaded
	for _, arg := range o.Args {
		if arg == "-" {
			out = append(out, webhook.ReadStream(o.deps.IO.In, "stdin")...)
			continue
		}
		l, err := webhook.Load([]string{arg})
		if err != nil {
			l = []webhook.Loaded{{Source: arg, Err: err}}
		}
		out = append(out, l...)
	}
	return out
}
