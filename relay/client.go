package relay

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"strings"
	"time"

	"github.com/gorilla/websocket"
	"github.com/hookctl/hookctl/webhook"
)

// Handler delivers one relayed request locally and returns the app's
// answer; an error means no answer came (the app is down, say). The relay
// client calls it for every request, so `relay connect` (which forwards)
// and `listen --relay` (which captures) share one client.
type Handler func(ctx context.Context, req *webhook.Request) (*webhook.Response, error)

// ClientConfig holds the tunnel client's settings and tunables.
type ClientConfig struct {
	// RelayURL is the relay's base URL (http or https), without /c/CHANNEL.
	RelayURL string
	// Channel and Token name the channel to subscribe to; with no Channel
	// the relay creates one and Session reports its name and token.
	Channel, Token string
	// CreateKey is the operator's key, for relays that require one to
	// create channels.
	CreateKey string
	// Handler delivers each request. Required.
	Handler Handler
	// Dialer opens the websocket; tests may replace it. Nil means a dialer
	// with a 10 s handshake timeout.
	Dialer *websocket.Dialer
	// Backoff sets the waits between reconnects (jittered, exponential);
	// defaults 1 s growing to 30 s.
	Backoff Backoff
	// WriteWait bounds each write; default 10 s. MaxMessage caps a frame
	// from the relay; default 256 MiB.
	WriteWait  time.Duration
	MaxMessage int64
	// Seen is how many request ids are remembered to drop duplicates;
	// default 10,000. Concurrency bounds live deliveries at once; default 32.
	Seen, Concurrency int
	// CatchUpConcurrency is how many stored requests are delivered at once.
	// 1, the default, keeps their order: each waits for the app's answer to
	// the one before, so a catch-up runs at the app's round-trip rate.
	// More is faster but gives up the order (providers do not promise one
	// either). The relay's window (32 unacknowledged) also bounds it.
	CatchUpConcurrency int
	// Visitor hears about state changes and deliveries; any field may be nil.
	Visitor Visitor
}

// Backoff is jittered exponential backoff: the n-th wait is drawn from
// [d/2, d] with d = Initial·2^(n-1), capped at Max.
type Backoff struct {
	Initial, Max time.Duration
}

// Wait returns the n-th wait (n from 1).
func (b Backoff) Wait(n int) time.Duration {
	initial, max := b.Initial, b.Max
	if initial <= 0 {
		initial = time.Second
	}
	if max <= 0 {
		max = 30 * time.Second
	}
	d := initial
	for i := 1; i < n && d < max; i++ {
		d *= 2
	}
	d = min(d, max)
	return d/2 + rand.N(d/2+1)
}

// RefusedError is a refusal retrying cannot fix: a wrong token, a channel
// name the relay will not accept, a URL that is not a relay.
type RefusedError struct {
	Code    string
	Message string
}

func (e *RefusedError) Error() string { return "the relay refused the connection: " + e.Message }

// Client is the tunnel client: it keeps a websocket to the relay open,
// reconnecting as needed, and hands each request to its Handler.
type Client struct {
	cfg   ClientConfig
	wsURL string
	seen  *seenSet
}

// NewClient checks cfg and returns a client; Run starts it.
func NewClient(cfg ClientConfig) (*Client, error) {
	if cfg.Handler == nil {
		return nil, errors.New("relay client needs a handler")
	}
	ws, err := WebsocketURL(cfg.RelayURL)
	if err != nil {
		return nil, err
	}
	if cfg.Channel != "" && !ValidChannelName(cfg.Channel) {
		return nil, fmt.Errorf("channel %q is not valid: use 1 to 64 letters, digits, '-' or '_'", cfg.Channel)
	}
	if cfg.Dialer == nil {
		cfg.Dialer = &websocket.Dialer{HandshakeTimeout: 10 * time.Second, Subprotocols: []string{Subprotocol}}
	}
	if cfg.WriteWait <= 0 {
		cfg.WriteWait = 10 * time.Second
	}
	if cfg.MaxMessage <= 0 {
		cfg.MaxMessage = 256 << 20
	}
	if cfg.Seen <= 0 {
		cfg.Seen = 10000
	}
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 32
	}
	if cfg.CatchUpConcurrency <= 0 {
		cfg.CatchUpConcurrency = 1
	}
	return &Client{cfg: cfg, wsURL: ws, seen: newSeenSet(cfg.Seen)}, nil
}

// WebsocketURL returns the relay's websocket endpoint for its base URL.
func WebsocketURL(relay string) (string, error) {
	u, err := webhook.ParseTarget(relay)
	if err != nil {
		return "", fmt.Errorf("relay URL: %v", err)
	}
	u.Scheme = map[string]string{"http": "ws", "https": "wss"}[u.Scheme]
	u.Path = strings.TrimRight(u.Path, "/") + "/ws"
	u.RawPath, u.RawQuery, u.Fragment = "", "", ""
	return u.String(), nil
}

// SplitRelayURL splits RELAY/c/CHANNEL into the relay's base URL and the
// channel; a URL with no /c/ part has no channel.
func SplitRelayURL(s string) (base, channel string, err error) {
	u, err := url.Parse(s)
	if err != nil {
		return "", "", fmt.Errorf("relay URL %q is not valid: %v", s, err)
	}
	if i := strings.Index(u.Path, "/c/"); i >= 0 {
		channel = strings.Trim(u.Path[i+3:], "/")
		u.Path = u.Path[:i]
		if !ValidChannelName(channel) {
			return "", "", fmt.Errorf("channel %q in %s is not valid: use 1 to 64 letters, digits, '-' or '_'", channel, s)
		}
	}
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath, u.RawQuery, u.Fragment = "", "", ""
	return u.String(), channel, nil
}

// Run keeps the tunnel up until ctx ends (then it returns nil) or the relay
// refuses the channel (then it returns a *RefusedError).
func (c *Client) Run(ctx context.Context) error {
	attempt := 0
	for {
		established, err := c.session(ctx)
		if ctx.Err() != nil {
			return nil
		}
		var refused *RefusedError
		if errors.As(err, &refused) {
			return err
		}
		if established {
			attempt = 0
		}
		attempt++
		wait := c.cfg.Backoff.Wait(attempt)
		c.cfg.Visitor.reconnecting(wait, err)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}
