// send-app.cjs: a webhook receiver for hookctl send's tests
// (cmd/send_sdk_test.go). Each path is checked and parsed by that
// provider's official Node SDK, as an app would: /stripe, /github,
// /standard-webhooks, /slack, /clerk and /resend (svix), /twilio, /linear, /paddle,
// /discord, /square, /shopify. It listens on 127.0.0.1 (port 0), prints
// "listening PORT" once ready, and answers 200 {"type": "..."} with the
// event type the SDK parsed, or 400 with the SDK's error. Secrets:
// HMAC_SECRET (every HMAC scheme), STRIPE_SECRET, STANDARD_SECRET (also
// the svix secret of Clerk and Resend), DISCORD_PUBLIC_KEY.
const http = require('node:http');
const Stripe = require('stripe');
const { Webhook: StandardWebhook } = require('standardwebhooks');
const { Webhook: SvixWebhook } = require('svix');
const { verifySlackRequest } = require('@slack/bolt');
const twilio = require('twilio');
const { LinearWebhookClient } = require('@linear/sdk/webhooks');
const { Paddle, Environment } = require('@paddle/paddle-node-sdk');
const { verifyKey } = require('discord-interactions');
const { WebhooksHelper } = require('square');
require('@shopify/shopify-api/adapters/node');
const { shopifyApi, ApiVersion, LogSeverity } = require('@shopify/shopify-api');

const env = process.env;
const stripe = Stripe('sk_test_unused');
// The Paddle client sets up the Node runtime its webhook check needs.
const shopify = shopifyApi({
  apiKey: 'unused', apiSecretKey: env.HMAC_SECRET || 'unset', scopes: [], hostName: '127.0.0.1',
  apiVersion: ApiVersion.July26, isEmbeddedApp: false, logger: { level: LogSeverity.Error },
});
const paddle = new Paddle('pdl_sdbx_apikey_unused', { environment: Environment.sandbox });

function must(ok, what) {
  if (!ok) throw new Error(`${what}: signature does not match`);
}

const checks = {
  async stripe(req, body) {
    return stripe.webhooks.constructEvent(body, req.headers['stripe-signature'], env.STRIPE_SECRET).type;
  },
  async github(req, body) {
    const { verify } = await import('@octokit/webhooks-methods');
    must(await verify(env.HMAC_SECRET, body.toString('utf8'), req.headers['x-hub-signature-256']), '@octokit/webhooks-methods');
    const payload = JSON.parse(body);
    return req.headers['x-github-event'] + (payload.action ? `.${payload.action}` : '');
  },
  async 'standard-webhooks'(req, body) {
    return new StandardWebhook(env.STANDARD_SECRET).verify(body.toString('utf8'), req.headers).type;
  },
  async clerk(req, body) {
    return new SvixWebhook(env.STANDARD_SECRET).verify(body.toString('utf8'), req.headers).type;
  },
  async resend(req, body) {
    return new SvixWebhook(env.STANDARD_SECRET).verify(body.toString('utf8'), req.headers).type;
  },
  async slack(req, body) {
    verifySlackRequest({ signingSecret: env.HMAC_SECRET, body: body.toString('utf8'), headers: {
      'x-slack-signature': req.headers['x-slack-signature'],
      'x-slack-request-timestamp': Number(req.headers['x-slack-request-timestamp']),
    } });
    if ((req.headers['content-type'] || '').startsWith('application/x-www-form-urlencoded')) {
      return new URLSearchParams(body.toString('utf8')).get('command') ? 'slash_command' : 'form';
    }
    const payload = JSON.parse(body);
    return payload.type === 'event_callback' ? `event_callback.${payload.event.type}` : payload.type;
  },
  async twilio(req, body) {
    const url = `http://${req.headers.host}${req.url}`;
    const params = Object.fromEntries(new URLSearchParams(body.toString('utf8')));
    must(twilio.validateRequest(env.HMAC_SECRET, req.headers['x-twilio-signature'], url, params), 'twilio.validateRequest');
    return params.SmsStatus || params.CallStatus;
  },
  async linear(req, body) {
    const payload = new LinearWebhookClient(env.HMAC_SECRET).parseData(body, req.headers['linear-signature']);
    return `${payload.type}.${payload.action}`;
  },
  async paddle(req, body) {
    const event = await paddle.webhooks.unmarshal(body.toString('utf8'), env.HMAC_SECRET, req.headers['paddle-signature']);
    return event.eventType;
  },
  async discord(req, body) {
    must(await verifyKey(body, req.headers['x-signature-ed25519'], req.headers['x-signature-timestamp'], env.DISCORD_PUBLIC_KEY), 'discord-interactions verifyKey');
    return { 1: 'interaction.ping', 2: 'interaction.application_command', 3: 'interaction.message_component' }[JSON.parse(body).type];
  },
  async shopify(req, body, res) {
    const r = await shopify.webhooks.validate({ rawBody: body.toString('utf8'), rawRequest: req, rawResponse: res });
    if (!r.valid) throw new Error(`shopify.webhooks.validate: ${r.reason} ${(r.missingHeaders || []).join(', ')}`);
    return r.topic;
  },
  async square(req, body) {
    must(await WebhooksHelper.verifySignature({
      requestBody: body.toString('utf8'), signatureHeader: req.headers['x-square-hmacsha256-signature'],
      signatureKey: env.HMAC_SECRET, notificationUrl: `http://${req.headers.host}${req.url}`,
    }), 'square WebhooksHelper.verifySignature');
    return JSON.parse(body).type;
  },
};

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    const check = checks[req.url.split('?')[0].slice(1)];
    try {
      if (!check) throw new Error(`no check for ${req.url}`);
      const type = await check(req, Buffer.concat(chunks), res);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify({ type }));
    } catch (err) {
      res.writeHead(400, { 'Content-Type': 'text/plain' });
      res.end(String(err && err.message ? err.message : err));
    }
  });
});

server.listen(Number(env.PORT || 0), '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
