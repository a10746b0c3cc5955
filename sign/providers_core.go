package sign

import "time"

// coreSchemes are the most used providers, first in Detect's tie order.
func coreSchemes() []Scheme {
	return []Scheme{
		decorate(&hmacScheme{
			name: "stripe", title: "Stripe", docs: "https://docs.stripe.com/webhooks#verify-manually",
			header: "Stripe-Signature", alg: sha256Alg, enc: hexEnc, list: listFormat{kv: true, sep: ",", tsKey: "t", sigKey: "v1", multi: true},
			signed: mustTemplate("{timestamp}.{body}"),
			window: window{tolerance: 300 * time.Second, pastOnly: true},
		}, bodyField("type"), nil),
		decorate(&hmacScheme{
			name: "github", title: "GitHub", docs: "https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries",
			header: "X-Hub-Signature-256", alg: sha256Alg, enc: hexEnc, prefix: "sha256=",
			signed:  mustTemplate("{body}"),
			markers: []string{"X-GitHub-Event", "X-GitHub-Delivery"},
			// GitHub still sends the SHA-1 header; older receivers check only it.
			fallback: &hmacScheme{name: "github", header: "X-Hub-Signature", alg: sha1Alg, enc: hexEnc, prefix: "sha1=", signed: mustTemplate("{body}")},
		}, joined(headerValue("X-GitHub-Event"), bodyField("action")), nil),
		standardWebhooks("standard-webhooks", "Standard Webhooks", "webhook", []string{"svix", "standardwebhooks"}, "https://www.standardwebhooks.com/"),
		decorate(&hmacScheme{
			name: "slack", title: "Slack", docs: "https://api.slack.com/authentication/verifying-requests-from-slack",
			header: "X-Slack-Signature", alg: sha256Alg, enc: hexEnc, prefix: "v0=",
			signed:   mustTemplate("v0:{timestamp}:{body}"),
			tsHeader: "X-Slack-Request-Timestamp", window: window{tolerance: 300 * time.Second},
		}, slackEvent, slackHandshake),
		decorate(&hmacScheme{
			name: "shopify", title: "Shopify", docs: "https://shopify.dev/docs/apps/build/webhooks/subscribe/https#step-5-verify-the-webhook",
			header: "X-Shopify-Hmac-Sha256", alsoHeaders: []string{"Shopify-Hmac-Sha256"},
			alg: sha256Alg, enc: base64Enc, signed: mustTemplate("{body}"),
			markers: []string{"X-Shopify-Topic", "X-Shopify-Shop-Domain"},
		}, firstOf(headerValue("X-Shopify-Topic"), headerValue("Shopify-Topic")), nil),
		decorate(twilio{}, nil, nil),
	}
}
