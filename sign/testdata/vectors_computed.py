#!/usr/bin/env python3
"""Known-answer vectors computed independently of hookctl's Go code.

Each provider's documented scheme is written out here again, in Python's
hmac/hashlib, and the results written to vectors_computed.json, which
sign's Go tests verify and reproduce byte for byte. Run from this folder:
    python3 vectors_computed.py > vectors_computed.json
"""
import base64, hashlib, hmac, json

SECRET = "hookctl-vector-secret"
WHSEC = "whsec_" + base64.b64encode(b"hookctl independent vector key!!").decode()
BODY = '{"id":"evt_vector","amount":1234,"note":"caf\u00e9 \u2713"}'
TS = 1795435200
TS_MS = TS * 1000 + 123
TS_TEXT = "2026-11-23T12:00:00Z"
TS_NANO = "2026-11-23T12:00:00.123456789Z"
MSG_ID = "msg_vector_1"
URL = "https://hooks.example.com/in?x=1"


def mac(alg, key, msg):
    key = key if isinstance(key, bytes) else key.encode()
    return hmac.new(key, msg.encode(), getattr(hashlib, alg)).digest()


def hx(alg, msg, key=SECRET):
    return mac(alg, key, msg).hex()


def b64(alg, msg, key=SECRET):
    return base64.b64encode(mac(alg, key, msg)).decode()


def vec(provider, source, headers, **kw):
    v = {"provider": provider, "source": source, "secret": kw.pop("secret", SECRET), "body": kw.pop("body", BODY),
         "headers": headers}
    v.update(kw)
    return v


C = "computed independently (sign/testdata/vectors_computed.py) from "
out = [
    vec("stripe", C + "Stripe's docs: t.body, hex", [["Stripe-Signature", f"t={TS},v1={hx('sha256', f'{TS}.{BODY}')}"]], timestamp=TS),
    vec("paddle", C + "Paddle's docs: ts:body", [["Paddle-Signature", f"ts={TS};h1={hx('sha256', f'{TS}:{BODY}')}"]], timestamp=TS),
    vec("slack", C + "Slack's docs: v0:ts:body", [["X-Slack-Signature", "v0=" + hx("sha256", f"v0:{TS}:{BODY}")], ["X-Slack-Request-Timestamp", str(TS)]], timestamp=TS),
    vec("zoom", C + "Zoom's docs: v0:ts:body", [["x-zm-signature", "v0=" + hx("sha256", f"v0:{TS}:{BODY}")], ["x-zm-request-timestamp", str(TS)]], timestamp=TS),
    vec("customerio", C + "Customer.io's docs: v0:ts:body", [["X-CIO-Signature", hx("sha256", f"v0:{TS}:{BODY}")], ["X-CIO-Timestamp", str(TS)]], timestamp=TS),
    vec("shopify", C + "Shopify's docs: base64 of body", [["X-Shopify-Hmac-Sha256", b64("sha256", BODY)]]),
    vec("github", C + "GitHub's docs", [["X-Hub-Signature-256", "sha256=" + hx("sha256", BODY)], ["X-Hub-Signature", "sha1=" + hx("sha1", BODY)]]),
    vec("square", C + "Square's docs: url+body", [["x-square-hmacsha256-signature", b64("sha256", URL + BODY)], ["x-square-signature", b64("sha1", URL + BODY)]], url=URL),
    vec("intercom", C + "Intercom's docs", [["X-Hub-Signature", "sha1=" + hx("sha1", BODY)]]),
    vec("twitch", C + "Twitch's docs: id+timestamp text+body", [["Twitch-Eventsub-Message-Signature", "sha256=" + hx("sha256", MSG_ID + TS_NANO + BODY)], ["Twitch-Eventsub-Message-Id", MSG_ID], ["Twitch-Eventsub-Message-Timestamp", TS_NANO]], id=MSG_ID, time=TS_NANO),
    vec("dropbox", C + "Dropbox's docs", [["X-Dropbox-Signature", hx("sha256", BODY)]]),
    vec("typeform", C + "Typeform's docs", [["Typeform-Signature", "sha256=" + b64("sha256", BODY)]]),
    vec("vercel", C + "Vercel's docs", [["x-vercel-signature", hx("sha1", BODY)]]),
    vec("sentry", C + "Sentry's docs", [["Sentry-Hook-Signature", hx("sha256", BODY)]]),
    vec("calendly", C + "Calendly's docs: t.body", [["Calendly-Webhook-Signature", f"t={TS},v1={hx('sha256', f'{TS}.{BODY}')}"]], timestamp=TS),
    vec("pagerduty", C + "PagerDuty's docs", [["X-PagerDuty-Signature", "v1=" + hx("sha256", BODY)]]),
    vec("bitbucket", C + "Bitbucket's docs", [["X-Hub-Signature", "sha256=" + hx("sha256", BODY)]]),
    vec("jira", C + "Atlassian's docs", [["X-Hub-Signature", "sha256=" + hx("sha256", BODY)]]),
    vec("hubspot", C + "HubSpot's v3 docs: method+uri+body+timestamp(ms)", [["X-HubSpot-Signature-v3", b64("sha256", "POST" + URL + BODY + str(TS_MS))], ["X-HubSpot-Request-Timestamp", str(TS_MS)]], url=URL, method="POST", timestamp=TS_MS),
    vec("meta", C + "Meta's docs", [["X-Hub-Signature-256", "sha256=" + hx("sha256", BODY)]]),
    vec("lemonsqueezy", C + "Lemon Squeezy's docs", [["X-Signature", hx("sha256", BODY)]]),
    vec("coinbase-commerce", C + "Coinbase Commerce's docs", [["X-CC-Webhook-Signature", hx("sha256", BODY)]]),
    vec("razorpay", C + "Razorpay's docs", [["X-Razorpay-Signature", hx("sha256", BODY)]]),
    vec("cal-com", C + "Cal.com's docs", [["X-Cal-Signature-256", hx("sha256", BODY)]]),
    vec("mux", C + "Mux's docs: t.body", [["Mux-Signature", f"t={TS},v1={hx('sha256', f'{TS}.{BODY}')}"]], timestamp=TS),
    vec("tiktok", C + "TikTok's docs: t.body, s=", [["TikTok-Signature", f"t={TS},s={hx('sha256', f'{TS}.{BODY}')}"]], timestamp=TS),
    vec("rootly", C + "Rootly's docs: timestamp+body, no separator", [["X-Rootly-Signature", f"t={TS},v1={hx('sha256', f'{TS}{BODY}')}"]], timestamp=TS),
    vec("persona", C + "Persona's docs: t.body", [["Persona-Signature", f"t={TS},v1={hx('sha256', f'{TS}.{BODY}')}"]], timestamp=TS),
    vec("workos", C + "WorkOS's docs: t(ms).body", [["WorkOS-Signature", f"t={TS_MS}, v1={hx('sha256', f'{TS_MS}.{BODY}')}"]], timestamp=TS_MS),
    vec("asana", C + "Asana's docs", [["X-Hook-Signature", hx("sha256", BODY)]]),
    vec("zendesk", C + "Zendesk's docs: timestamp+body", [["X-Zendesk-Webhook-Signature", b64("sha256", TS_TEXT + BODY)], ["X-Zendesk-Webhook-Signature-Timestamp", TS_TEXT]], time=TS_TEXT),
    vec("trello", C + "Trello's docs: body+callback URL, SHA-1", [["X-Trello-Webhook", b64("sha1", BODY + URL)]], url=URL),
    vec("gitea", C + "Gitea's docs", [["X-Gitea-Signature", hx("sha256", BODY)]]),
    vec("gogs", C + "Gogs's docs", [["X-Gogs-Signature", hx("sha256", BODY)]]),
    vec("woocommerce", C + "WooCommerce's docs", [["X-WC-Webhook-Signature", b64("sha256", BODY)]]),
    vec("xero", C + "Xero's docs", [["x-xero-signature", b64("sha256", BODY)]]),
    vec("docusign", C + "DocuSign's docs", [["X-DocuSign-Signature-1", b64("sha256", BODY)]]),
    vec("gocardless", C + "GoCardless's docs", [["Webhook-Signature", hx("sha256", BODY)]]),
    vec("airtable", C + "Airtable's docs: key is base64-decoded", [["X-Airtable-Content-MAC", "hmac-sha256=" + hx("sha256", BODY, base64.b64decode("aG9va2N0bC1haXJ0YWJsZS1rZXk="))]], secret="aG9va2N0bC1haXJ0YWJsZS1rZXk="),
    vec("webflow", C + "Webflow's docs: timestamp(ms):body", [["x-webflow-signature", hx("sha256", f"{TS_MS}:{BODY}")], ["x-webflow-timestamp", str(TS_MS)]], timestamp=TS_MS),
    vec("hookdeck", C + "Hookdeck's docs", [["x-hookdeck-signature", b64("sha256", BODY)]]),
    vec("segment", C + "Segment's docs", [["X-Signature", hx("sha1", BODY)]]),
    vec("box", C + "Box's docs: body+timestamp", [["BOX-SIGNATURE-PRIMARY", b64("sha256", BODY + TS_TEXT)], ["BOX-DELIVERY-TIMESTAMP", TS_TEXT]], time=TS_TEXT),
    vec("notion", C + "Notion's docs", [["X-Notion-Signature", "sha256=" + hx("sha256", BODY)]]),
    vec("gitlab", C + "GitLab's docs: the token itself", [["X-Gitlab-Token", SECRET]]),
    vec("generic-hmac", C + "hookctl's generic-hmac default", [["X-Webhook-Signature", hx("sha256", BODY)]]),
]
def b64url(b):
    return base64.urlsafe_b64encode(b).decode().rstrip("=")


jose = b64url(b'{"alg":"HS256","typ":"JWT"}')
claims = b64url(json.dumps({"iss": "netlify", "sha256": hashlib.sha256(BODY.encode()).hexdigest()}, separators=(",", ":")).encode())
jws = jose + "." + claims + "." + b64url(mac("sha256", SECRET, jose + "." + claims))
out.append(vec("netlify", C + "Netlify's docs: JWS HS256 with iss and a body sha256 claim", [["X-Webhook-Signature", jws]]))
for name, prefix in [("clerk", "svix"), ("resend", "svix"), ("openai", "webhook"), ("replicate", "webhook")]:
    key = base64.b64decode(WHSEC[len("whsec_"):])
    sig = "v1," + base64.b64encode(mac("sha256", key, f"{MSG_ID}.{TS}.{BODY}")).decode()
    out.append(vec(name, C + "the Standard Webhooks spec", [[prefix + "-signature", sig], [prefix + "-id", MSG_ID], [prefix + "-timestamp", str(TS)]], secret=WHSEC, id=MSG_ID, timestamp=TS))
lin = '{"action":"create","type":"Issue","webhookTimestamp":%d}' % TS_MS
out.append(vec("linear", C + "Linear's docs: body with webhookTimestamp(ms)", [["Linear-Signature", hx("sha256", lin)], ["Linear-Timestamp", str(TS_MS)]], body=lin, timestamp=TS_MS))
mg_sig = hx("sha256", f"{TS}tok_vector")
mg = json.dumps({"event-data": {"event": "delivered"}, "signature": {"timestamp": str(TS), "token": "tok_vector", "signature": mg_sig}}, separators=(",", ":"))
out.append(vec("mailgun", C + "Mailgun's docs: timestamp+token", [], body=mg, id="tok_vector", timestamp=TS))
print(json.dumps(out, indent=1, ensure_ascii=False))
