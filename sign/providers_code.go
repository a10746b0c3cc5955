package sign

import "time"

// codeSchemes are the providers that need code beyond a table row, and
// the Standard Webhooks family under their own names.
func codeSchemes() []Scheme {
	def, _ := NewGenericHMAC(GenericOptions{})
	return []Scheme{
		standardWebhooks("clerk", "Clerk", "svix", nil, "https://clerk.com/docs/webhooks/sync-data#verify-webhooks"),
		standardWebhooks("resend", "Resend", "svix", nil, "https://resend.com/docs/dashboard/webhooks/verify-webhooks-requests"),
		standardWebhooks("openai", "OpenAI", "webhook", nil, "https://platform.openai.com/docs/guides/webhooks#verifying-webhook-signatures"),
		standardWebhooks("replicate", "Replicate", "webhook", nil, "https://replicate.com/docs/topics/webhooks/verify-webhook"),
		// Not decorated: a wrapper would hide their SignBody.
		linear{},
		mailgun{},
		decorate(gitlab{}, headerValue("X-Gitlab-Event"), nil),
		decorate(netlify{}, nil, nil),
		decorate(plaid{}, joined(bodyField("webhook_type"), bodyField("webhook_code")), nil),
		discordScheme(),
		sendgridScheme(),
		decorate(&hmacScheme{name: "workos", title: "WorkOS", docs: "https://workos.com/docs/events/data-syncing/webhooks/3-process-the-events/b-validate-the-requests-manually",
			header: "WorkOS-Signature", alg: sha256Alg, enc: hexEnc, list: listFormat{kv: true, sep: ", ", tsKey: "t", sigKey: "v1"},
			signed: mustTemplate("{timestamp}.{body}"), tsUnit: unixMillis, window: window{tolerance: 180 * time.Second}}, bodyField("event"), nil),
		decorate(&hmacScheme{name: "persona", title: "Persona", docs: "https://docs.withpersona.com/docs/webhooks-best-practices#checking-signatures",
			header: "Persona-Signature", alg: sha256Alg, enc: hexEnc, list: stripeList,
			signed: mustTemplate("{timestamp}.{body}"), window: window{tolerance: 300 * time.Second}}, bodyField("data.attributes.name"), nil),
		def,
	}
}
