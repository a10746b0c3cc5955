package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/hookctl/hookctl/relay"
	"github.com/hookctl/hookctl/render"
	"github.com/hookctl/hookctl/webhook"
	"github.com/spf13/cobra"
)

type relayConnectOptions struct {
	IO     *IOStreams
	Getenv func(string) string
	deps   *Deps

	RelayURL  string // base, without /c/CHANNEL
	Channel   string
	Token     string
	CreateKey string
	ForwardTo string
	Timeout   time.Duration
	JSON      bool
	NoSave    bool
	ReadyFile string
	Drain     bool
	CatchUp   int
}

func newRelayConnectCmd(deps *Deps, runF func(*relayConnectOptions) error) *cobra.Command {
	opts := &relayConnectOptions{IO: deps.IO, Getenv: deps.Getenv, deps: deps}
	c := &cobra.Command{
		Use:   "connect RELAY_URL[/c/CHANNEL] --forward-to URL",
		Short: "Tunnel a relay channel's webhooks to a local URL",
		Example: `  # Create a channel (or resume the one saved for this relay) and forward it
  hookctl relay connect https://relay.example.com --forward-to http://localhost:3000

  # Connect to a named channel with its token
  hookctl relay connect https://relay.example.com/c/my-team-hooks --token "$TOKEN" --forward-to http://localhost:3000/webhooks

  # Deliver what arrived while the laptop was closed, then exit
  hookctl relay connect https://relay.example.com --forward-to http://localhost:3000 --drain

  # Catch up on a big backlog faster, 8 at a time (order is not kept)
  hookctl relay connect https://relay.example.com --forward-to http://localhost:3000 --drain --catch-up-concurrency 8`,
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if err := opts.parse(args[0]); err != nil {
				return err
			}
			if runF != nil {
				return runF(opts)
			}
			return relayConnectRun(c.Context(), opts)
		},
	}
	f := c.Flags()
	f.StringVar(&opts.ForwardTo, "forward-to", "", "deliver each request to this URL plus the path after /c/CHANNEL (required)")
	f.StringVar(&opts.Token, "token", "", "the channel's token (also HOOKCTL_RELAY_TOKEN); a free name is claimed with it")
	f.StringVar(&opts.CreateKey, "create-key", "", "the operator's key, for relays that require one to create channels (also HOOKCTL_RELAY_CREATE_KEY)")
	f.DurationVar(&opts.Timeout, "timeout", 30*time.Second, "how long to wait for the local app's answer")
	f.BoolVar(&opts.JSON, "json", false, "print one JSON object per event on stdout")
	f.BoolVar(&opts.NoSave, "no-save", false, "do not save the channel and token for the next connect")
	f.StringVar(&opts.ReadyFile, "ready-file", "", "write the webhook URL to this file once connected (for scripts)")
	f.BoolVar(&opts.Drain, "drain", false, "deliver what the relay stored while you were away, then exit (for scripts and cron jobs)")
	f.IntVar(&opts.CatchUp, "catch-up-concurrency", 1, "deliver up to N stored requests at once; above 1 they may reach the app out of order")
	return c
}

func (o *relayConnectOptions) parse(arg string) error {
	base, channel, err := relay.SplitRelayURL(arg)
	if err != nil {
		return usageErrorf("%v", err)
	}
	if _, err := relay.WebsocketURL(base); err != nil {
		return usageErrorf("%v", err)
	}
	o.RelayURL, o.Channel = base, channel
	if o.ForwardTo == "" {
		return usageErrorf("--forward-to is required: pass your app's URL, such as http://localhost:3000")
	}
	if _, err := webhook.ParseTarget(o.ForwardTo); err != nil {
		return usageErrorf("--forward-to: %v", err)
	}
	if o.Token == "" {
		o.Token = o.Getenv("HOOKCTL_RELAY_TOKEN")
	}
	if o.CreateKey == "" {
		o.CreateKey = o.Getenv("HOOKCTL_RELAY_CREATE_KEY")
	}
	if o.Timeout <= 0 {
		return usageErrorf("--timeout must be a positive duration such as 30s")
	}
	if o.CatchUp < 1 || o.CatchUp > 256 {
		return usageErrorf("--catch-up-concurrency must be from 1 to 256 (1 keeps stored requests in order)")
	}
	return nil
}

func relayConnectRun(ctx context.Context, o *relayConnectOptions) error {
	tuneServeGC(o.Getenv)
	savePath, err := relaysFile(o.Getenv)
	if err != nil && !o.NoSave {
		return failError(fmt.Errorf("cannot find the user config folder to save the channel: %v (pass --no-save)", err))
	}
	resumed := false
	if o.Channel == "" && !o.NoSave {
		sc, ok, err := relay.LoadSaved(savePath, o.RelayURL)
		if err != nil {
			return failError(err)
		}
		if ok {
			o.Channel, o.Token, resumed = sc.Channel, sc.Token, true
		}
	}
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	out := newOutQueue(o.IO.Out)
	defer out.Close()
	p := &relayPrinter{o: o, out: out, errOut: SyncWriter(o.IO.ErrOut), r: o.deps.renderer(out), savePath: savePath, stop: stop}
	client, err := relay.NewClient(relay.ClientConfig{
		RelayURL: o.RelayURL, Channel: o.Channel, Token: o.Token, CreateKey: o.CreateKey, CatchUpConcurrency: o.CatchUp,
		Handler: relay.ForwardHandler(o.ForwardTo, webhook.DeliverOptions{Client: o.deps.HTTPClient, Timeout: o.Timeout}),
		Visitor: relay.Visitor{OnConnected: p.connected, OnReconnecting: p.reconnecting, OnCaughtUp: p.caughtUp, OnDelivered: p.delivered},
	})
	if err != nil {
		return usageErrorf("%v", err)
	}
	if err := client.Run(ctx); err != nil {
		var refused *relay.RefusedError
		if errors.As(err, &refused) && resumed && refused.Code == relay.CodeUnauthorized {
			return failError(fmt.Errorf("%v (the channel saved in %s was refused; delete that entry to create a new one)", err, savePath))
		}
		return failError(err)
	}
	if p.drainErr != nil {
		return failError(fmt.Errorf("--drain: lost the relay at %s: %v (what it stored stays there; run again later)", o.RelayURL, p.drainErr))
	}
	return nil
}

// relayPrinter turns the client's events into status lines on stderr and
// one line per delivery on stdout (or JSON lines with --json).
type relayPrinter struct {
	o           *relayConnectOptions
	out, errOut io.Writer
	r           *render.Renderer
	savePath    string
	saved       bool
	connects    int
	// stop ends the run; --drain calls it once the stored events are in.
	stop func()
	// drainErr is why a --drain run stopped early: a script waits for
	// its exit status, so --drain does not reconnect forever.
	drainErr error
}

func (p *relayPrinter) connected(s relay.Session) {
	p.connects++
	if !p.o.NoSave && !p.saved {
		if err := relay.Save(p.savePath, relay.SavedChannel{Relay: p.o.RelayURL, Channel: s.Channel, Token: s.Token}); err != nil {
			fmt.Fprintf(p.errOut, "warning: %v\n", err)
		} else {
			p.saved = true
		}
	}
	if p.o.JSON {
		writeJSONLine(p.out, struct {
			Type    string `json:"type"`
			URL     string `json:"url"`
			Channel string `json:"channel"`
			Created bool   `json:"created"`
			Pending int    `json:"pending"`
		}{"connected", s.URL, s.Channel, s.Created, s.Pending})
	} else if p.connects == 1 {
		fmt.Fprintf(p.out, "Webhook URL: %s\n", s.URL)
	}
	if p.connects == 1 {
		p.explain(s)
		if p.o.ReadyFile != "" {
			if err := webhook.WriteAtomic(p.o.ReadyFile, []byte(s.URL+"\n"), 0o644); err != nil {
				fmt.Fprintf(p.errOut, "warning: --ready-file: %v\n", err)
			}
		}
	}
	fmt.Fprintf(p.errOut, "connected to %s, forwarding to %s (%d stored events waiting)\n", p.o.RelayURL, p.o.ForwardTo, s.Pending)
	if p.o.Drain && s.Pending == 0 {
		// The relay says caught_up only after acknowledging something.
		p.stop()
	}
}

// explain says, on the first connect, how to come back to this channel.
func (p *relayPrinter) explain(s relay.Session) {
	if s.Created && s.Token != p.o.Token {
		// The relay made this token (a --token given without a channel
		// name is not used); it is shown once, as nobody else has it.
		fmt.Fprintf(p.errOut, "Created channel %s. Token: %s\n", s.Channel, s.Token)
		fmt.Fprintf(p.errOut, "Reconnect from anywhere with: hookctl relay connect %s --token %s --forward-to %s\n", s.URL, s.Token, p.o.ForwardTo)
	}
	if p.saved {
		fmt.Fprintf(p.errOut, "Saved in %s: 'hookctl relay connect %s --forward-to ...' resumes this URL\n", p.savePath, p.o.RelayURL)
	}
}

func (p *relayPrinter) reconnecting(wait time.Duration, err error) {
	if p.o.Drain {
		p.drainErr = err
		p.stop()
		return
	}
	fmt.Fprintf(p.errOut, "disconnected (%v); reconnecting in %s\n", err, wait.Round(100*time.Millisecond))
}

func (p *relayPrinter) caughtUp(n int) {
	if p.o.JSON {
		writeJSONLine(p.out, struct {
			Type  string `json:"type"`
			Count int    `json:"count"`
		}{"caught_up", n})
	}
	fmt.Fprintf(p.errOut, "caught up %d stored events\n", n)
	if p.o.Drain {
		p.stop()
	}
}

func (p *relayPrinter) delivered(d relay.Delivery) {
	if p.o.JSON {
		p.deliveryJSON(d)
		return
	}
	line := p.r.RequestLine(d.Request)
	switch {
	case d.Duplicate:
		fmt.Fprintf(p.out, "%s  duplicate, dropped\n", line)
	case d.Err != nil && d.RetryIn > 0:
		fmt.Fprintf(p.out, "%s  %s; retrying in %s\n", line, webhook.DescribeError(d.Err), d.RetryIn.Round(100*time.Millisecond))
	case d.Err != nil:
		fmt.Fprintf(p.out, "%s  %s; the relay keeps it\n", line, webhook.DescribeError(d.Err))
	default:
		fmt.Fprintf(p.out, "%s  %s\n", line, p.r.ResponseLine(d.Response))
	}
}

// relayDeliveryJSON is one delivery in relay connect --json.
type relayDeliveryJSON struct {
	Type       string           `json:"type"`
	Request    *webhook.Request `json:"request"`
	Stored     bool             `json:"stored"`
	Duplicate  bool             `json:"duplicate"`
	Status     int              `json:"status,omitempty"`
	DurationMS *int64           `json:"duration_ms,omitempty"`
	Error      string           `json:"error,omitempty"`
}

// deliveryJSON writes a delivery line with the request's fixture as it
// came from the relay, not encoded again.
func (p *relayPrinter) deliveryJSON(d relay.Delivery) {
	line := relayDeliveryJSON{Type: "delivery", Stored: d.Stored, Duplicate: d.Duplicate}
	if d.Response != nil {
		ms := d.Response.Duration.Milliseconds()
		line.Status, line.DurationMS = d.Response.Status, &ms
	}
	if d.Err != nil {
		line.Error = webhook.DescribeError(d.Err)
	}
	fixture := d.Fixture
	if fixture == nil && d.Request != nil {
		var err error
		if fixture, err = webhook.MarshalFixtureLine(d.Request); err != nil {
			return
		}
	}
	writeJSONLineWithFixture(p.out, line, fixture)
}
