package check

import (
	"fmt"
	"strings"
	"time"

	"github.com/hookctl/hookctl/webhook"
)

// The built-in payloads are small but shaped like each provider's own, so
// an app that parses them finds the fields it looks for. They are used
// until an event comes from --event or --file.

const jsonType = "application/json"

func stripeEvent(s eventSpec) Event {
	object, prefix := "payment_intent", "pi_"
	for _, o := range []struct{ typ, object, prefix string }{
		{"customer.subscription.", "subscription", "sub_"}, {"invoice.", "invoice", "in_"},
		{"charge.", "charge", "ch_"}, {"checkout.session.", "checkout.session", "cs_"}, {"customer.", "customer", "cus_"},
	} {
		if strings.HasPrefix(s.Type, o.typ) {
			object, prefix = o.object, o.prefix
			break
		}
	}
	status := s.Type[strings.LastIndex(s.Type, ".")+1:]
	body := fmt.Sprintf(`{"id":%q,"object":"event","api_version":"2024-06-20","created":%d,`+
		`"data":{"object":{"id":"%shookctl%s","object":%q,"amount":2000,"currency":"usd","status":%q}},`+
		`"livemode":false,"pending_webhooks":1,"request":{"id":null,"idempotency_key":null},"type":%q}`,
		s.ID, s.At.Unix(), prefix, s.Object, object, status, s.Type)
	return Event{Type: s.Type, ID: s.ID, At: s.At, Body: []byte(body), Headers: webhook.NewHeaders(
		"Content-Type", "application/json; charset=utf-8", "User-Agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")}
}

func githubEvent(s eventSpec) Event {
	event, action, _ := strings.Cut(s.Type, ".")
	state := "open"
	if action == "closed" {
		state = "closed"
	}
	body := fmt.Sprintf(`{"action":%q,"number":%s,"pull_request":{"id":%s01,"number":%s,"state":%q,`+
		`"title":"Check webhook handling","updated_at":%q},"repository":{"id":1296269,"full_name":"octo-org/hookctl-check"},`+
		`"sender":{"login":"octocat","id":1}}`,
		action, s.Object, s.Object, s.Object, state, s.At.UTC().Format(time.RFC3339))
	return Event{Type: s.Type, ID: s.ID, At: s.At, Body: []byte(body), Headers: webhook.NewHeaders(
		"Content-Type", jsonType, "User-Agent", "GitHub-Hookshot/hookctl", "X-GitHub-Event", event,
		"X-GitHub-Delivery", s.ID, "X-GitHub-Hook-ID", "470012345", "X-GitHub-Hook-Installation-Target-Type", "repository")}
}

func standardEvent(s eventSpec) Event {
	status := s.Type[strings.LastIndex(s.Type, ".")+1:]
	body := fmt.Sprintf(`{"type":%q,"timestamp":%q,"data":{"id":"inv_hookctl%s","amount":2000,"status":%q}}`,
		s.Type, s.At.UTC().Format(time.RFC3339), s.Object, status)
	return Event{Type: s.Type, ID: s.ID, At: s.At, Body: []byte(body), Headers: webhook.NewHeaders(
		"Content-Type", jsonType, "webhook-id", s.ID)}
}

func slackEvent(s eventSpec) Event {
	ts := fmt.Sprintf("%d.000%s", s.At.Unix(), s.Object)
	body := fmt.Sprintf(`{"token":"hookctlVerificationToken","team_id":"T0HOOKCTL","api_app_id":"A0HOOKCTL",`+
		`"event":{"type":%q,"channel":"C0HOOKCTL","user":"U0HOOKCTL","text":"hookctl check","ts":%q,"event_ts":%q},`+
		`"type":"event_callback","event_id":%q,"event_time":%d}`, s.Type, ts, ts, s.ID, s.At.Unix())
	return Event{Type: s.Type, ID: s.ID, At: s.At, Body: []byte(body), Headers: webhook.NewHeaders(
		"Content-Type", jsonType, "User-Agent", "Slackbot 1.0 (+https://api.slack.com/robots)")}
}

func shopifyEvent(s eventSpec) Event {
	at := s.At.UTC().Format(time.RFC3339)
	body := fmt.Sprintf(`{"id":%s00,"admin_graphql_api_id":"gid://shopify/Order/%s00","name":"#1001","currency":"USD",`+
		`"total_price":"20.00","financial_status":"paid","updated_at":%q}`, s.Object, s.Object, at)
	return Event{Type: s.Type, ID: s.ID, At: s.At, Body: []byte(body), Headers: webhook.NewHeaders(
		"Content-Type", jsonType, "X-Shopify-Topic", s.Type, "X-Shopify-Shop-Domain", "hookctl-check.myshopify.com",
		"X-Shopify-API-Version", "2025-10", "X-Shopify-Webhook-Id", s.ID, "X-Shopify-Event-Id", s.ID,
		"X-Shopify-Triggered-At", at)}
}

func twilioEvent(s eventSpec) Event {
	// Twilio posts a form, its fields sorted as its signature sorts them.
	body := "AccountSid=AC0123456789abcdef0123456789abcdef&ApiVersion=2010-04-01&Body=hookctl+check+" + s.Object +
		"&From=%2B15005550006&MessageSid=" + s.ID + "&NumMedia=0&SmsStatus=received&To=%2B15005550001"
	return Event{Type: s.Type, ID: s.ID, At: s.At, Body: []byte(body), Headers: webhook.NewHeaders(
		"Content-Type", "application/x-www-form-urlencoded", "I-Twilio-Idempotency-Token", s.ID,
		"User-Agent", "TwilioProxy/1.1")}
}

func zoomEvent(s eventSpec) Event {
	// Zoom's SDK re-serialises JSON before checking, so the body is compact.
	body := fmt.Sprintf(`{"event":%q,"payload":{"account_id":"hookctlAccount","object":{"id":"%s","uuid":"%s==",`+
		`"topic":"hookctl check","start_time":%q}},"event_ts":%d}`,
		s.Type, s.Object, s.ID, s.At.UTC().Format(time.RFC3339), s.At.UnixMilli())
	return Event{Type: s.Type, ID: s.ID, At: s.At, Body: []byte(body), Headers: webhook.NewHeaders(
		"Content-Type", jsonType, "User-Agent", "Zoom Marketplace/1.0a")}
}

func twitchEvent(s eventSpec) Event {
	at := s.At.UTC().Format(time.RFC3339Nano)
	body := fmt.Sprintf(`{"subscription":{"id":"f1c2a387-161a-49f9-a165-0f21d7a4e1c4","status":"enabled","type":%q,"version":"2",`+
		`"condition":{"broadcaster_user_id":"%s"},"transport":{"method":"webhook","callback":"https://example.com/webhooks/twitch"},`+
		`"created_at":%q},"event":{"user_id":"1234","user_login":"hookctl","broadcaster_user_id":"%s","followed_at":%q}}`,
		s.Type, s.Object, at, s.Object, at)
	return Event{Type: s.Type, ID: s.ID, At: s.At, Body: []byte(body), Headers: webhook.NewHeaders(
		"Content-Type", jsonType, "Twitch-Eventsub-Message-Id", s.ID, "Twitch-Eventsub-Message-Type", "notification",
		"Twitch-Eventsub-Subscription-Type", s.Type, "Twitch-Eventsub-Subscription-Version", "2")}
}

// genericEvent serves providers without a payload of their own: an event
// with an id, a type and a date, as most providers send. Paddle's field
// names are used when the id field is event_id.
func genericEvent(s eventSpec) Event {
	body := fmt.Sprintf(`{"id":%q,"event_id":%q,"type":%q,"event_type":%q,"created":%d,"occurred_at":%q,`+
		`"data":{"id":"obj_hookctl%s","amount":2000}}`,
		s.ID, s.ID, s.Type, s.Type, s.At.Unix(), s.At.UTC().Format(time.RFC3339), s.Object)
	return Event{Type: s.Type, ID: s.ID, At: s.At, Body: []byte(body), Headers: webhook.NewHeaders("Content-Type", jsonType)}
}
