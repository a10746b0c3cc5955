// oracle.cjs: the providers' official Node SDKs as signature oracles for
// interop_test.go. It reads one JSON case per line on stdin and writes one
// JSON answer per line on stdout, in order:
//   {"op":"verify", "provider", "secret", "body" (base64), "headers", "url"}
//     → {"ok": true} when the SDK accepts the request, else {"ok": false, "error"}
//   {"op":"sign", "provider", "secret", "body", "url", "id", "timestamp"}
//     → {"ok": true, "headers": {...}} as the SDK signs it
// One process serves every case: loading the SDKs is the slow part.
const readline = require('node:readline');
const Stripe = require('stripe');
const { Webhook: StandardWebhook } = require('standardwebhooks');
const { Webhook: SvixWebhook } = require('svix');
const { verifySlackRequest } = require('@slack/bolt');
const twilio = require('twilio');
const { LinearWebhookClient } = require('@linear/sdk/webhooks');
const { Paddle, Environment } = require('@paddle/paddle-node-sdk');
const { verifyKey } = require('discord-interactions');
const { WebhooksHelper } = require('square');
const { EventWebhook } = require('@sendgrid/eventwebhook');
const { Signature: HubSpotSignature } = require('@hubspot/api-client/lib/src/utils/signature');
require('@shopify/shopify-api/adapters/node');
const { shopifyApi, ApiVersion, LogSeverity } = require('@shopify/shopify-api');

const stripe = Stripe('sk_test_unused');
const paddle = new Paddle('pdl_sdbx_apikey_unused', { environment: Environment.sandbox });
const shopifyFor = new Map();

function shopify(secret) {
  if (!shopifyFor.has(secret)) {
    shopifyFor.set(secret, shopifyApi({
      apiKey: 'unused', apiSecretKey: secret, scopes: [], hostName: '127.0.0.1',
      apiVersion: ApiVersion.July26, isEmbeddedApp: false, logger: { level: LogSeverity.Error },
    }));
  }
  return shopifyFor.get(secret);
}

function must(ok, what) {
  if (!ok) throw new Error(`${what} rejected the signature`);
}

// jsonTail lets the SDKs that parse the body after checking the signature
// (Standard Webhooks, Svix) accept a body that is not JSON: the signature
// was already accepted when JSON.parse throws.
function jsonTail(fn) {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
  }
}

const verify = {
  async stripe(c, body, h) {
    stripe.webhooks.signature.verifyHeader(body, h['stripe-signature'], c.secret, 300);
  },
  async 'standard-webhooks'(c, body, h) {
    jsonTail(() => new StandardWebhook(c.secret).verify(body, h));
  },
  async svix(c, body, h) {
    jsonTail(() => new SvixWebhook(c.secret).verify(body, h));
  },
  async github(c, body, h) {
    const { verify: octoVerify } = await import('@octokit/webhooks-methods');
    must(await octoVerify(c.secret, body, h['x-hub-signature-256']), '@octokit/webhooks-methods verify');
  },
  async twilio(c, body, h) {
    if (new URL(c.url).searchParams.has('bodySHA256')) {
      must(twilio.validateRequestWithBody(c.secret, h['x-twilio-signature'], c.url, body), 'twilio.validateRequestWithBody');
      return;
    }
    const params = Object.fromEntries(new URLSearchParams(body));
    must(twilio.validateRequest(c.secret, h['x-twilio-signature'], c.url, params), 'twilio.validateRequest');
  },
  async paddle(c, body, h) {
    must(await paddle.webhooks.isSignatureValid(body, c.secret, h['paddle-signature']), 'paddle isSignatureValid');
  },
  async slack(c, body, h) {
    verifySlackRequest({ signingSecret: c.secret, body, headers: {
      'x-slack-signature': h['x-slack-signature'], 'x-slack-request-timestamp': Number(h['x-slack-request-timestamp']),
    } });
  },
  async square(c, body, h) {
    must(await WebhooksHelper.verifySignature({ requestBody: body, signatureHeader: h['x-square-hmacsha256-signature'],
      signatureKey: c.secret, notificationUrl: c.url }), 'square WebhooksHelper.verifySignature');
  },
  async linear(c, body, h, raw) {
    must(new LinearWebhookClient(c.secret).verify(raw, h['linear-signature']), '@linear/sdk verify');
  },
  async discord(c, body, h, raw) {
    must(await verifyKey(raw, h['x-signature-ed25519'], h['x-signature-timestamp'], c.secret), 'discord-interactions verifyKey');
  },
  async sendgrid(c, body, h) {
    const ew = new EventWebhook();
    must(ew.verifySignature(ew.convertPublicKeyToECDSA(c.secret), body,
      h['x-twilio-email-event-webhook-signature'], h['x-twilio-email-event-webhook-timestamp']), '@sendgrid/eventwebhook verifySignature');
  },
  async shopify(c, body, h) {
    const rawRequest = { method: 'POST', url: '/webhooks', headers: { host: '127.0.0.1', ...h } };
    const r = await shopify(c.secret).webhooks.validate({ rawBody: body, rawRequest, rawResponse: {} });
    if (!r.valid) throw new Error(`shopify.webhooks.validate: ${r.reason} ${(r.missingHeaders || []).join(', ')}`);
  },
  async hubspot(c, body, h) {
    must(HubSpotSignature.isValid({ signatureVersion: 'v3', signature: h['x-hubspot-signature-v3'], clientSecret: c.secret,
      requestBody: body, url: c.url, method: 'POST', timestamp: Number(h['x-hubspot-request-timestamp']) }), '@hubspot/api-client Signature.isValid');
  },
};

const sign = {
  async stripe(c, body) {
    return { 'Stripe-Signature': stripe.webhooks.generateTestHeaderString({ payload: body, secret: c.secret, timestamp: c.timestamp }) };
  },
  async 'standard-webhooks'(c, body) {
    const sig = new StandardWebhook(c.secret).sign(c.id, new Date(c.timestamp * 1000), body);
    return { 'webhook-id': c.id, 'webhook-timestamp': String(c.timestamp), 'webhook-signature': sig };
  },
  async svix(c, body) {
    const sig = new SvixWebhook(c.secret).sign(c.id, new Date(c.timestamp * 1000), body);
    return { 'svix-id': c.id, 'svix-timestamp': String(c.timestamp), 'svix-signature': sig };
  },
  async github(c, body) {
    const { sign: octoSign } = await import('@octokit/webhooks-methods');
    return { 'X-Hub-Signature-256': await octoSign(c.secret, body) };
  },
  async twilio(c, body) {
    const params = new URL(c.url).searchParams.has('bodySHA256') ? {} : Object.fromEntries(new URLSearchParams(body));
    return { 'X-Twilio-Signature': twilio.getExpectedTwilioSignature(c.secret, c.url, params) };
  },
  async hubspot(c, body) {
    const ts = c.timestamp * 1000;
    const sig = HubSpotSignature.getSignature('POST', 'v3', { clientSecret: c.secret, requestBody: body, url: c.url, timestamp: ts });
    return { 'X-HubSpot-Signature-v3': sig, 'X-HubSpot-Request-Timestamp': String(ts) };
  },
};

async function answer(c) {
  const raw = Buffer.from(c.body, 'base64');
  const body = raw.toString('utf8');
  const table = c.op === 'sign' ? sign : verify;
  const fn = table[c.provider];
  if (!fn) throw new Error(`no ${c.op} oracle for ${c.provider}`);
  if (c.op === 'sign') return { ok: true, headers: await fn(c, body) };
  const h = {};
  for (const [k, v] of Object.entries(c.headers || {})) h[k.toLowerCase()] = v;
  await fn(c, body, h, raw);
  return { ok: true };
}

(async () => {
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    if (!line.trim()) continue;
    let out;
    try {
      out = await answer(JSON.parse(line));
    } catch (err) {
      out = { ok: false, error: String(err && err.message ? err.message : err) };
    }
    process.stdout.write(JSON.stringify(out) + '\n');
  }
})();
