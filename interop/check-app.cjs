// check-app.cjs: a careful webhook endpoint for hookctl check's tests
// (check/sdk_test.go), written as the providers' docs say an app should
// be: each request is verified by the provider's official Node SDK (which
// also rejects stale timestamps), Slack's url_verification is answered,
// and events are de-duplicated by the id the provider's retries repeat.
// Paths: /stripe, /github, /standard-webhooks, /slack. GET /effects?id=ID
// answers {"count": N}, how many times that event took effect. It listens
// on 127.0.0.1 (port 0) and prints "listening PORT" once ready. Secrets:
// STRIPE_SECRET, GITHUB_SECRET, STANDARD_SECRET, SLACK_SECRET.
const http = require('node:http');
const Stripe = require('stripe');
const { Webhook: StandardWebhook } = require('standardwebhooks');
const { verifySlackRequest } = require('@slack/bolt');

const env = process.env;
const stripe = Stripe('sk_test_unused');
const effects = new Map();

// Each check verifies a request and returns the event id to de-duplicate
// by, or an answer to give at once (a handshake).
const checks = {
  async stripe(req, body) {
    return { id: stripe.webhooks.constructEvent(body, req.headers['stripe-signature'], env.STRIPE_SECRET).id };
  },
  async github(req, body) {
    const { verify } = await import('@octokit/webhooks-methods');
    if (!(await verify(env.GITHUB_SECRET, body.toString('utf8'), req.headers['x-hub-signature-256'] || ''))) {
      throw new Error('@octokit/webhooks-methods: signature does not match');
    }
    return { id: req.headers['x-github-delivery'] };
  },
  async 'standard-webhooks'(req, body) {
    new StandardWebhook(env.STANDARD_SECRET).verify(body.toString('utf8'), req.headers);
    return { id: req.headers['webhook-id'] };
  },
  async slack(req, body) {
    verifySlackRequest({ signingSecret: env.SLACK_SECRET, body: body.toString('utf8'), headers: {
      'x-slack-signature': req.headers['x-slack-signature'],
      'x-slack-request-timestamp': Number(req.headers['x-slack-request-timestamp']),
    } });
    const payload = JSON.parse(body);
    if (payload.type === 'url_verification') {
      return { answer: JSON.stringify({ challenge: payload.challenge }) };
    }
    return { id: payload.event_id };
  },
};

function handle(req, res, body) {
  const url = new URL(req.url, 'http://localhost');
  if (req.method === 'GET' && url.pathname === '/effects') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ count: effects.get(url.searchParams.get('id')) || 0 }));
    return;
  }
  const check = checks[url.pathname.slice(1)];
  if (!check) {
    res.writeHead(404).end();
    return;
  }
  check(req, body).then(({ id, answer }) => {
    if (answer) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(answer);
      return;
    }
    if (!effects.has(id)) effects.set(id, 1);
    res.writeHead(200).end();
  }, (err) => {
    res.writeHead(400, { 'Content-Type': 'text/plain' });
    res.end(String(err && err.message ? err.message : err));
  });
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => handle(req, res, Buffer.concat(chunks)));
});

server.listen(0, '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
process.stdin.on('end', () => process.exit(0));
process.stdin.resume();
