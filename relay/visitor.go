package relay

import (
	"context"
	"time"

	"github.com/hookctl/hookctl/webhook"
)

// Visitor receives the client's state changes and deliveries, for a
// command to print. Every field is optional: a nil field is skipped.
type Visitor struct {
	OnConnected    func(Session)
	OnReconnecting func(wait time.Duration, err error)
	OnCaughtUp     func(n int)
	OnDelivered    func(Delivery)
}

// Session describes a subscribed connection.
type Session struct {
	Channel string
	// Token is the channel's token: the one given, or the one the relay
	// made for a new channel.
	Token string
	// URL is the public webhook URL to give the provider.
	URL string
	// Created is set when this connection created (or claimed) the channel.
	Created bool
	// Pending is how many stored requests were waiting at connect.
	Pending int
}

// Delivery reports one request handled by the client.
type Delivery struct {
	Request *webhook.Request
	// Fixture is Request's fixture as it came over the wire, for printing
	// it without encoding it again.
	Fixture  []byte
	Response *webhook.Response
	// Err is set when the app gave no answer.
	Err error
	// Stored marks a request that waited in the relay's queue.
	Stored bool
	// Duplicate marks a request already delivered, dropped by id.
	Duplicate bool
	// RetryIn is set when a stored request will be tried again after Err.
	RetryIn time.Duration
}

func (v *Visitor) connected(s Session) {
	if v != nil && v.OnConnected != nil {
		v.OnConnected(s)
	}
}

func (v *Visitor) reconnecting(wait time.Duration, err error) {
	if v != nil && v.OnReconnecting != nil {
		v.OnReconnecting(wait, err)
	}
}

func (v *Visitor) caughtUp(n int) {
	if v != nil && v.OnCaughtUp != nil {
		v.OnCaughtUp(n)
	}
}

func (v *Visitor) delivered(d Delivery) {
	if v != nil && v.OnDelivered != nil {
		v.OnDelivered(d)
	}
}

type forwardedKey struct{}

// WithForwarded returns ctx carrying what the relay saw of the sender.
func WithForwarded(ctx context.Context, f Forwarded) context.Context {
	return context.WithValue(ctx, forwardedKey{}, f)
}

// ForwardedFrom returns what the relay saw of the sender of the request a
// Handler was called for.
func ForwardedFrom(ctx context.Context) Forwarded {
	f, _ := ctx.Value(forwardedKey{}).(Forwarded)
	return f
}

// ForwardHandler is the Handler of `relay connect`: it delivers each
// request to target through webhook.Deliver, the one delivery path, adding
// X-Forwarded-For, -Proto and -Host.
func ForwardHandler(target string, opts webhook.DeliverOptions) Handler {
	return func(ctx context.Context, req *webhook.Request) (*webhook.Response, error) {
		o := opts
		o.Headers = append(opts.Headers.Clone(), ForwardedHeaders(ForwardedFrom(ctx))...)
		return webhook.Deliver(ctx, req, target, o)
	}
}

// ForwardedHeaders returns the X-Forwarded-* headers for f.
func ForwardedHeaders(f Forwarded) webhook.Headers {
	var h webhook.Headers
	if f.For != "" {
		h.Add("X-Forwarded-For", f.For)
	}
	if f.Proto != "" {
		h.Add("X-Forwarded-Proto", f.Proto)
	}
	if f.Host != "" {
		h.Add("X-Forwarded-Host", f.Host)
	}
	return h
}
