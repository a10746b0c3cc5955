package sign

import "time"

// tableSchemes are the providers fully described by one row each. Each
// row's source is its Docs link; its test vectors are in testdata/.
func tableSchemes() []Scheme {
	body := mustTemplate("{body}")
	bodyHex := func(name, title, docs, header, prefix string, alg algorithm, markers ...string) *hmacScheme {
		return &hmacScheme{name: name, title: title, docs: docs, header: header, prefix: prefix, alg: alg, enc: hexEnc, signed: body, markers: markers}
	}
	bodyB64 := func(name, title, docs, header string, markers ...string) *hmacScheme {
		return &hmacScheme{name: name, title: title, docs: docs, header: header, alg: sha256Alg, enc: base64Enc, signed: body, markers: markers}
	}
	stripeLike := func(name, title, docs, header string, tol time.Duration) *hmacScheme {
		return &hmacScheme{name: name, title: title, docs: docs, header: header, alg: sha256Alg, enc: hexEnc, list: stripeList,
			signed: mustTemplate("{timestamp}.{body}"), window: window{tolerance: tol}}
	}
	return []Scheme{
		decorate(&hmacScheme{
			name: "paddle", title: "Paddle Billing", docs: "https://developer.paddle.com/webhooks/signature-verification",
			header: "Paddle-Signature", alg: sha256Alg, enc: hexEnc,
			// One h1 only: Paddle's Node SDK keeps just the last one it reads.
			list:   listFormat{kv: true, sep: ";", tsKey: "ts", sigKey: "h1"},
			signed: mustTemplate("{timestamp}:{body}"),
			window: window{tolerance: 5 * time.Second, pastOnly: true},
		}, bodyField("event_type"), nil),
		decorate(&hmacScheme{
			name: "zoom", title: "Zoom", docs: "https://developers.zoom.us/docs/api/webhooks/#verify-webhook-events",
			header: "x-zm-signature", prefix: "v0=", alg: sha256Alg, enc: hexEnc,
			signed: mustTemplate("v0:{timestamp}:{body}"), tsHeader: "x-zm-request-timestamp",
		}, bodyField("event"), zoomHandshake),
		decorate(&hmacScheme{
			name: "square", title: "Square", docs: "https://developer.squareup.com/docs/webhooks/step3validate",
			header: "x-square-hmacsha256-signature", alg: sha256Alg, enc: base64Enc, signed: mustTemplate("{url}{body}"),
			fallback: &hmacScheme{name: "square", header: "x-square-signature", alg: sha1Alg, enc: base64Enc, signed: mustTemplate("{url}{body}")},
		}, bodyField("type"), nil),
		decorate(bodyHex("intercom", "Intercom", "https://developers.intercom.com/docs/references/webhooks/webhook-models#signed-notifications", "X-Hub-Signature", "sha1=", sha1Alg), bodyField("topic"), nil),
		decorate(&hmacScheme{
			name: "twitch", title: "Twitch EventSub", docs: "https://dev.twitch.tv/docs/eventsub/handling-webhook-events/#verifying-the-event-message",
			header: "Twitch-Eventsub-Message-Signature", prefix: "sha256=", alg: sha256Alg, enc: hexEnc,
			// Twitch signs the timestamp header's exact text, not a number.
			signed: mustTemplate("{id}{timestamp}{body}"), tsHeader: "Twitch-Eventsub-Message-Timestamp", tsUnit: rfc3339,
			idHeader: "Twitch-Eventsub-Message-Id", window: window{tolerance: 10 * time.Minute},
		}, headerValue("Twitch-Eventsub-Subscription-Type"), twitchHandshake),
		decorate(bodyHex("dropbox", "Dropbox", "https://www.dropbox.com/developers/reference/webhooks#documentation", "X-Dropbox-Signature", "", sha256Alg), nil, dropboxHandshake),
		decorate(&hmacScheme{name: "typeform", title: "Typeform", docs: "https://www.typeform.com/developers/webhooks/secure-your-webhooks/",
			header: "Typeform-Signature", prefix: "sha256=", alg: sha256Alg, enc: base64Enc, signed: body}, bodyField("event_type"), nil),
		decorate(bodyHex("vercel", "Vercel", "https://vercel.com/docs/webhooks/webhooks-api#securing-webhooks", "x-vercel-signature", "", sha1Alg), bodyField("type"), nil),
		decorate(bodyHex("sentry", "Sentry", "https://docs.sentry.io/organization/integrations/integration-platform/webhooks/#sentry-hook-signature", "Sentry-Hook-Signature", "", sha256Alg, "Sentry-Hook-Resource"),
			joined(headerValue("Sentry-Hook-Resource"), bodyField("action")), nil),
		decorate(stripeLike("calendly", "Calendly", "https://developer.calendly.com/api-docs/4c305798a61d3-webhook-signatures", "Calendly-Webhook-Signature", 3*time.Minute), bodyField("event"), nil),
		decorate(&hmacScheme{name: "pagerduty", title: "PagerDuty (v3)", docs: "https://developer.pagerduty.com/docs/28e906a0de6a1-verifying-signatures",
			header: "X-PagerDuty-Signature", alg: sha256Alg, enc: hexEnc, list: listFormat{kv: true, sep: ",", sigKey: "v1", multi: true}, signed: body},
			bodyField("event.event_type"), nil),
		decorate(bodyHex("bitbucket", "Bitbucket", "https://support.atlassian.com/bitbucket-cloud/docs/manage-webhooks/#Secure-webhooks", "X-Hub-Signature", "sha256=", sha256Alg, "X-Event-Key", "X-Request-UUID"),
			headerValue("X-Event-Key"), nil),
		decorate(bodyHex("jira", "Jira (Atlassian admin webhooks)", "https://developer.atlassian.com/cloud/jira/platform/webhooks/#secure-admin-webhooks", "X-Hub-Signature", "sha256=", sha256Alg, "X-Atlassian-Webhook-Identifier"),
			bodyField("webhookEvent"), nil),
		decorate(&hmacScheme{
			name: "hubspot", title: "HubSpot (v3)", docs: "https://developers.hubspot.com/docs/guides/apps/authentication/validating-requests#validate-the-v3-request-signature",
			header: "X-HubSpot-Signature-v3", alg: sha256Alg, enc: base64Enc,
			signed: mustTemplate("{method}{url}{body}{timestamp}"), tsHeader: "X-HubSpot-Request-Timestamp", tsUnit: unixMillis,
			// Past only, as @hubspot/api-client checks it.
			window: window{tolerance: 5 * time.Minute, pastOnly: true},
		}, nil, nil),
		decorate(bodyHex("meta", "Meta (Facebook, Instagram, WhatsApp)", "https://developers.facebook.com/docs/graph-api/webhooks/getting-started#validate-payloads", "X-Hub-Signature-256", "sha256=", sha256Alg),
			bodyField("object"), nil),
		decorate(bodyHex("lemonsqueezy", "Lemon Squeezy", "https://docs.lemonsqueezy.com/help/webhooks/signing-requests", "X-Signature", "", sha256Alg, "X-Event-Name"),
			firstOf(headerValue("X-Event-Name"), bodyField("meta.event_name")), nil),
		decorate(bodyHex("coinbase-commerce", "Coinbase Commerce", "https://docs.cdp.coinbase.com/commerce-onchain/docs/webhooks-security", "X-CC-Webhook-Signature", "", sha256Alg), bodyField("event.type"), nil),
		decorate(bodyHex("razorpay", "Razorpay", "https://razorpay.com/docs/webhooks/validate-test/", "X-Razorpay-Signature", "", sha256Alg, "X-Razorpay-Event-Id"), bodyField("event"), nil),
		decorate(bodyHex("cal-com", "Cal.com", "https://cal.com/docs/developing/guides/automation/webhooks#verifying-the-authenticity-of-the-received-payload", "X-Cal-Signature-256", "", sha256Alg), bodyField("triggerEvent"), nil),
		decorate(stripeLike("mux", "Mux", "https://docs.mux.com/core/verify-webhook-signatures", "Mux-Signature", 300*time.Second), bodyField("type"), nil),
		decorate(bodyHex("asana", "Asana", "https://developers.asana.com/docs/webhooks-guide#security", "X-Hook-Signature", "", sha256Alg), nil, asanaHandshake),
		decorate(&hmacScheme{name: "zendesk", title: "Zendesk", docs: "https://developer.zendesk.com/documentation/webhooks/verifying/",
			header: "X-Zendesk-Webhook-Signature", alg: sha256Alg, enc: base64Enc, signed: mustTemplate("{timestamp}{body}"),
			tsHeader: "X-Zendesk-Webhook-Signature-Timestamp", tsUnit: rfc3339}, bodyField("type"), nil),
		decorate(&hmacScheme{name: "trello", title: "Trello", docs: "https://developer.atlassian.com/cloud/trello/guides/rest-api/webhooks/#webhook-signatures",
			header: "X-Trello-Webhook", alg: sha1Alg, enc: base64Enc, signed: mustTemplate("{body}{url}")}, bodyField("action.type"), nil),
		decorate(bodyHex("gitea", "Gitea", "https://docs.gitea.com/usage/webhooks", "X-Gitea-Signature", "", sha256Alg, "X-Gitea-Event"), headerValue("X-Gitea-Event"), nil),
		decorate(bodyHex("gogs", "Gogs", "https://gogs.io/docs/features/webhook", "X-Gogs-Signature", "", sha256Alg, "X-Gogs-Event"), headerValue("X-Gogs-Event"), nil),
		decorate(bodyB64("woocommerce", "WooCommerce", "https://woocommerce.github.io/woocommerce-rest-api-docs/#webhooks", "X-WC-Webhook-Signature", "X-WC-Webhook-Topic"), headerValue("X-WC-Webhook-Topic"), nil),
		decorate(bodyB64("xero", "Xero", "https://developer.xero.com/documentation/guides/webhooks/configuring-your-server/#signature", "x-xero-signature"), nil, nil),
		decorate(bodyB64("docusign", "DocuSign Connect", "https://developers.docusign.com/platform/webhooks/connect/hmac/", "X-DocuSign-Signature-1"), bodyField("event"), nil),
		decorate(bodyHex("gocardless", "GoCardless", "https://developer.gocardless.com/getting-started/staying-up-to-date-with-webhooks#validating-webhooks", "Webhook-Signature", "", sha256Alg), nil, nil),
		decorate(&hmacScheme{name: "airtable", title: "Airtable", docs: "https://airtable.com/developers/web/api/webhooks-overview#webhook-notification-delivery",
			header: "X-Airtable-Content-MAC", prefix: "hmac-sha256=", alg: sha256Alg, enc: hexEnc, signed: body, secret: secretBase64}, nil, nil),
		decorate(&hmacScheme{name: "webflow", title: "Webflow", docs: "https://developers.webflow.com/data/docs/working-with-webhooks#validating-request-signatures",
			header: "x-webflow-signature", alg: sha256Alg, enc: hexEnc, signed: mustTemplate("{timestamp}:{body}"),
			tsHeader: "x-webflow-timestamp", tsUnit: unixMillis, window: window{tolerance: 5 * time.Minute}}, bodyField("triggerType"), nil),
		decorate(&hmacScheme{name: "customerio", title: "Customer.io", docs: "https://docs.customer.io/journeys/webhooks/#securely-verify-requests",
			header: "X-CIO-Signature", alg: sha256Alg, enc: hexEnc, signed: mustTemplate("v0:{timestamp}:{body}"),
			tsHeader: "X-CIO-Timestamp"}, bodyField("metric"), nil),
		decorate(bodyB64("hookdeck", "Hookdeck", "https://hookdeck.com/docs/authentication#hookdeck-webhook-signature-verification", "x-hookdeck-signature"), nil, nil),
		decorate(bodyHex("segment", "Segment", "https://segment.com/docs/connections/destinations/catalog/webhooks/#authentication", "X-Signature", "", sha1Alg), bodyField("type"), nil),
		decorate(&hmacScheme{name: "box", title: "Box", docs: "https://developer.box.com/guides/webhooks/v2/signatures-v2/",
			header: "BOX-SIGNATURE-PRIMARY", alsoHeaders: []string{"BOX-SIGNATURE-SECONDARY"}, alg: sha256Alg, enc: base64Enc,
			signed: mustTemplate("{body}{timestamp}"), tsHeader: "BOX-DELIVERY-TIMESTAMP", tsUnit: rfc3339,
			window: window{tolerance: 10 * time.Minute}}, bodyField("trigger"), nil),
		decorate(&hmacScheme{name: "tiktok", title: "TikTok", docs: "https://developers.tiktok.com/doc/webhooks-verification",
			header: "TikTok-Signature", alg: sha256Alg, enc: hexEnc, list: listFormat{kv: true, sep: ",", tsKey: "t", sigKey: "s"},
			signed: mustTemplate("{timestamp}.{body}"), window: window{tolerance: 300 * time.Second}}, bodyField("event"), nil),
		// Rootly concatenates the timestamp and body with no separator.
		decorate(&hmacScheme{name: "rootly", title: "Rootly", docs: "https://docs.rootly.com/configuration/webhooks",
			header: "X-Rootly-Signature", alg: sha256Alg, enc: hexEnc, list: stripeList,
			signed: mustTemplate("{timestamp}{body}"), window: window{tolerance: 300 * time.Second}}, bodyField("event.type"), nil),
		decorate(bodyHex("notion", "Notion", "https://developers.notion.com/reference/webhooks#step-3-validating-event-payloads-recommended", "X-Notion-Signature", "sha256=", sha256Alg), bodyField("type"), nil),
	}
}
