package cmd

import (
	"context"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hookctl/hookctl/listen"
	"github.com/hookctl/hookctl/relay"
	"github.com/hookctl/hookctl/webhook"
)

// listenRelay receives a relay channel's requests through the tunnel
// client and hands each to the listener, so they are shown, checked, saved,
// answered and forwarded exactly like requests to the local port.
type listenRelay struct {
	o        *listenOptions
	srv      *listen.Server
	errOut   io.Writer
	base     string
	savePath string
	channel  atomic.Value // string: the subscribed channel, once known
	saved    bool
	// inFlight counts relayed requests being handled, so the tunnel is not
	// closed before their answers are on their way to the relay.
	inFlight sync.WaitGroup
}

// relayFlags checks --relay and --token; it runs with the other flags.
func (o *listenOptions) relayFlags() error {
	if o.Relay == "" {
		if o.RelayToken != "" {
			return usageErrorf("--token goes with --relay: pass the relay channel's URL too")
		}
		return nil
	}
	base, channel, err := relay.SplitRelayURL(o.Relay)
	if err != nil {
		return usageErrorf("--relay: %v", err)
	}
	if _, err := relay.WebsocketURL(base); err != nil {
		return usageErrorf("--relay: %v", err)
	}
	o.relayBase, o.relayChannel = base, channel
	if o.RelayToken == "" {
		o.RelayToken = o.deps.Getenv("HOOKCTL_RELAY_TOKEN")
	}
	return nil
}

// startRelay connects to the relay in the background. done receives nil
// when ctx ends, or the error that ended the tunnel (a refused token).
// drained waits (boundedly) until answers to relayed requests are sent.
func (o *listenOptions) startRelay(ctx context.Context, srv *listen.Server, errOut io.Writer) (done <-chan error, drained func(), err error) {
	lr := &listenRelay{o: o, srv: srv, errOut: errOut, base: o.relayBase}
	channel, token := o.relayChannel, o.RelayToken
	savePath, err := relaysFile(o.deps.Getenv)
	if err == nil && channel == "" {
		// The same URL as last time, as `relay connect` resumes it.
		sc, ok, err := relay.LoadSaved(savePath, o.relayBase)
		if err != nil {
			return nil, nil, failError(err)
		}
		if ok {
			channel, token = sc.Channel, sc.Token
		}
	}
	lr.savePath = savePath
	client, err := relay.NewClient(relay.ClientConfig{
		RelayURL: o.relayBase, Channel: channel, Token: token, Handler: lr.handle,
		Visitor: relay.Visitor{OnConnected: lr.connected, OnReconnecting: lr.reconnecting, OnCaughtUp: lr.caughtUp},
	})
	if err != nil {
		return nil, nil, usageErrorf("--relay: %v", err)
	}
	out := make(chan error, 1)
	go func() { out <- client.Run(ctx) }()
	return out, lr.drain, nil
}

// drain waits for relayed requests still being answered, then a moment for
// the client to write the last answer frame, at most 2 s in all: --count
// can end the listener while its last relayed answer is still on its way.
func (lr *listenRelay) drain() {
	done := make(chan struct{})
	go func() { lr.inFlight.Wait(); close(done) }()
	select {
	case <-done:
		time.Sleep(200 * time.Millisecond)
	case <-time.After(2 * time.Second):
	}
}

// handle is the tunnel's Handler: the request arrives with the headers a
// proxy in front of the listener would add, including the channel prefix,
// so a scheme that signs the URL checks the one the provider called.
func (lr *listenRelay) handle(ctx context.Context, req *webhook.Request) (*webhook.Response, error) {
	lr.inFlight.Add(1)
	defer lr.inFlight.Done()
	req = req.Clone()
	f := relay.ForwardedFrom(ctx)
	for _, h := range relay.ForwardedHeaders(f) {
		req.Headers.Set(h.Name, h.Value)
	}
	if ch, _ := lr.channel.Load().(string); ch != "" {
		req.Headers.Set("X-Forwarded-Prefix", "/c/"+ch)
	}
	if f.For != "" {
		req.RemoteAddr = f.For
	}
	start := time.Now()
	ev := lr.srv.Handle(ctx, req)
	status := ev.Answer.Status
	if status == 0 {
		status = 200
	}
	return &webhook.Response{Status: status, Headers: ev.Answer.Headers, Body: ev.Answer.Body, Duration: time.Since(start)}, nil
}

func (lr *listenRelay) connected(s relay.Session) {
	lr.channel.Store(s.Channel)
	if lr.savePath != "" && !lr.saved {
		if err := relay.Save(lr.savePath, relay.SavedChannel{Relay: lr.base, Channel: s.Channel, Token: s.Token}); err == nil {
			lr.saved = true
		}
	}
	fmt.Fprintf(lr.errOut, "Relay: webhooks sent to %s arrive here (%d stored events waiting)\n", s.URL, s.Pending)
	if s.Created && lr.o.RelayToken == "" {
		// The relay made this token; it is shown once, as nobody else has it.
		fmt.Fprintf(lr.errOut, "Created channel %s. Token: %s\n", s.Channel, s.Token)
	}
}

func (lr *listenRelay) reconnecting(wait time.Duration, err error) {
	fmt.Fprintf(lr.errOut, "relay disconnected (%v); reconnecting in %s\n", err, wait.Round(100*time.Millisecond))
}

func (lr *listenRelay) caughtUp(n int) {
	fmt.Fprintf(lr.errOut, "relay: caught up %d stored events\n", n)
}
