package check

import (
	"time"

	"github.com/hookctl/hookctl/sign"
	"github.com/hookctl/hookctl/webhook"
)

// Profile is what check knows about how one provider delivers: how long it
// waits for an answer, where it puts the id that its retries repeat, what
// its events look like, and its endpoint handshake, if any.
type Profile struct {
	// Provider is the sign package's scheme name.
	Provider string
	// Timeout is how long the provider waits for an answer before it counts
	// the delivery as failed (and retries); TimeoutSource says where that
	// is documented.
	Timeout       time.Duration
	TimeoutSource string
	// IDHeaders are the headers carrying the id a retry repeats; IDField is
	// the top-level body field carrying it. Either may be empty.
	IDHeaders []string
	IDField   string
	// RetryHeaders are added when the provider marks a redelivery.
	RetryHeaders webhook.Headers
	// DefaultType is the event sent when none is chosen. Pair is two event
	// types of one object in the order they happen, for out-of-order; when
	// empty, two DefaultType events with different dates are used.
	DefaultType string
	Pair        [2]string

	newID     func() string
	build     func(eventSpec) Event
	handshake *handshakeSpec
}

// defaultTimeout is used for providers that document no limit.
const defaultTimeout = 10 * time.Second

// profiles lists the providers check knows in detail; the timeouts are the
// providers' documented limits, with where each is written.
func profiles() []Profile {
	return []Profile{
		{Provider: "stripe", Timeout: 10 * time.Second, TimeoutSource: "https://docs.stripe.com/webhooks#acknowledge-events-immediately",
			IDField: "id", DefaultType: "payment_intent.succeeded",
			Pair: [2]string{"customer.subscription.created", "customer.subscription.updated"}, newID: prefixedID("evt_", 24), build: stripeEvent},
		{Provider: "github", Timeout: 10 * time.Second, TimeoutSource: "https://docs.github.com/en/webhooks/using-webhooks/best-practices-for-using-webhooks#respond-within-10-seconds",
			IDHeaders: []string{"X-GitHub-Delivery"}, DefaultType: "pull_request.opened",
			Pair: [2]string{"pull_request.opened", "pull_request.closed"}, newID: newUUID, build: githubEvent},
		{Provider: "standard-webhooks", Timeout: 15 * time.Second, TimeoutSource: "https://docs.svix.com/receiving/introduction (15 s per attempt)",
			IDHeaders: []string{"webhook-id"}, DefaultType: "invoice.paid",
			Pair: [2]string{"invoice.created", "invoice.paid"}, newID: prefixedID("msg_", 27), build: standardEvent},
		{Provider: "slack", Timeout: 3 * time.Second, TimeoutSource: "https://api.slack.com/apis/events-api#responding (3 s)",
			IDField: "event_id", RetryHeaders: webhook.NewHeaders("X-Slack-Retry-Num", "1", "X-Slack-Retry-Reason", "http_timeout"),
			DefaultType: "message", newID: prefixedID("Ev0", 9), build: slackEvent, handshake: slackHandshake()},
		{Provider: "shopify", Timeout: 5 * time.Second, TimeoutSource: "https://shopify.dev/docs/apps/build/webhooks/subscribe/https (1 s to connect, 5 s in all)",
			IDHeaders: []string{"X-Shopify-Webhook-Id", "X-Shopify-Event-Id"}, DefaultType: "orders/create",
			Pair: [2]string{"orders/create", "orders/updated"}, newID: newUUID, build: shopifyEvent},
		{Provider: "twilio", Timeout: 15 * time.Second, TimeoutSource: "https://www.twilio.com/docs/usage/webhooks/webhooks-connection-overrides (15 s default)",
			IDHeaders: []string{"I-Twilio-Idempotency-Token"}, DefaultType: "message.received",
			newID: func() string { return "SM" + randomToken(lowerHex, 32) }, build: twilioEvent},
		{Provider: "zoom", Timeout: 3 * time.Second, TimeoutSource: "https://developers.zoom.us/docs/api/webhooks/ (3 s)",
			DefaultType: "meeting.started", newID: prefixedID("", 22), build: zoomEvent, handshake: zoomHandshake()},
		{Provider: "twitch", Timeout: defaultTimeout, TimeoutSource: "https://dev.twitch.tv/docs/eventsub/handling-webhook-events/ (\"a few seconds\"; hookctl allows 10 s)",
			IDHeaders: []string{"Twitch-Eventsub-Message-Id"}, DefaultType: "channel.follow",
			newID: newUUID, build: twitchEvent, handshake: twitchHandshake()},
		{Provider: "paddle", Timeout: 5 * time.Second, TimeoutSource: "https://developer.paddle.com/webhooks/respond-to-webhooks (5 s)",
			IDField: "event_id", DefaultType: "transaction.completed", newID: prefixedID("evt_", 26), build: genericEvent},
	}
}

// ProfileFor returns the profile of a scheme: a known provider's, or a
// generic one (a JSON event with an "id" field, a 10 s timeout) for the rest.
func ProfileFor(info sign.Info) Profile {
	for _, p := range profiles() {
		if p.Provider == info.Name {
			return p
		}
	}
	return Profile{
		Provider: info.Name, Timeout: defaultTimeout,
		TimeoutSource: "hookctl's default: " + info.Title + " documents no limit hookctl knows of",
		IDField:       "id", DefaultType: "test.event", newID: prefixedID("evt_", 24), build: genericEvent,
	}
}

func prefixedID(prefix string, n int) func() string {
	return func() string { return prefix + randomToken(alnum, n) }
}

// event renders the provider's built-in payload of one type.
func (p *Profile) event(typ string, at time.Time) Event {
	return p.build(eventSpec{Type: typ, ID: p.newID(), Object: randomToken("123456789", 6), At: at})
}

// idWhere says in words where the provider keeps its event id, for the
// "why this matters" lines.
func (p *Profile) idWhere() string {
	switch {
	case len(p.IDHeaders) > 0:
		return "the " + p.IDHeaders[0] + " header"
	case p.IDField != "":
		return "the body's \"" + p.IDField + "\" field"
	}
	return "a hash of the body"
}
