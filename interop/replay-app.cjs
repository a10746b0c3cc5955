// replay-app.cjs: a webhook receiver that checks signatures with the
// providers' official SDKs, for hookctl replay's tests (replay/sdk_test.go).
// It listens on 127.0.0.1 (port 0 unless PORT is set), prints
// "listening PORT" once ready, and answers 200 "ok" when the SDK accepts a
// request, 400 with the SDK's error otherwise. Secrets come from
// STRIPE_SECRET, STANDARD_SECRET, GITHUB_SECRET and TWILIO_TOKEN.
const http = require('node:http');
const Stripe = require('stripe');
const { Webhook } = require('standardwebhooks');
const twilio = require('twilio');

const stripe = Stripe('sk_test_unused');

async function check(req, body) {
  const path = req.url.split('?')[0];
  const h = req.headers;
  switch (path) {
    case '/webhooks/stripe':
      stripe.webhooks.constructEvent(body, h['stripe-signature'], process.env.STRIPE_SECRET);
      return;
    case '/webhooks/billing':
      new Webhook(process.env.STANDARD_SECRET).verify(body.toString('utf8'), {
        'webhook-id': h['webhook-id'], 'webhook-timestamp': h['webhook-timestamp'], 'webhook-signature': h['webhook-signature'],
      });
      return;
    case '/webhooks/github': {
      const { verify } = await import('@octokit/webhooks-methods');
      if (!(await verify(process.env.GITHUB_SECRET, body.toString('utf8'), h['x-hub-signature-256']))) {
        throw new Error('@octokit/webhooks-methods: signature does not match');
      }
      return;
    }
    case '/twilio/sms': {
      const url = `http://${h.host}${req.url}`;
      const params = Object.fromEntries(new URLSearchParams(body.toString('utf8')));
      if (!twilio.validateRequest(process.env.TWILIO_TOKEN, h['x-twilio-signature'], url, params)) {
        throw new Error('twilio.validateRequest: signature does not match');
      }
      return;
    }
  }
  throw new Error(`no check for ${path}`);
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', async () => {
    try {
      await check(req, Buffer.concat(chunks));
      res.writeHead(200).end('ok');
    } catch (e) {
      res.writeHead(400).end(String(e.message || e));
    }
  });
});
server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
