// Known-answer vectors for the key-pair schemes, computed independently
// of hookctl's Go code with Node's crypto. Run from this folder:
//   node vectors_keypair.js > vectors_keypair.json
const crypto = require("crypto");

const TS = 1795435200;
const BODY = '{"type":2,"data":{"name":"caf\u00e9 \u2713"}}';
const C = "computed independently (sign/testdata/vectors_keypair.js, Node crypto) from ";

// An Ed25519 key from a fixed seed: PKCS#8 is a fixed prefix plus the seed.
const seed = Buffer.from("28b20646421407a21c4e60b95bbec55c24c08a215044f7bc19a7d6bbff043af9", "hex");
const edPriv = crypto.createPrivateKey({
  key: Buffer.concat([Buffer.from("302e020100300506032b657004220420", "hex"), seed]),
  format: "der", type: "pkcs8",
});
const edPub = crypto.createPublicKey(edPriv).export({ format: "der", type: "spki" }).subarray(12);

const ecPrivB64 = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgPEPOs3iSYQNb3hEqWLIn7Z6i5GxXPqOX18fowh1ubRehRANCAASlHuF2+pZSMDkeLbjv5QkjUdqpFl1D5MuHCTS1/iogzULDBdiPaTcjf0QvqvyQiFP69hUP7vbBw/8g5Qwx9i2k";
const ecPriv = crypto.createPrivateKey({ key: Buffer.from(ecPrivB64, "base64"), format: "der", type: "pkcs8" });
const ecPub = crypto.createPublicKey(ecPriv).export({ format: "der", type: "spki" }).toString("base64");

const out = [];
const discordSig = crypto.sign(null, Buffer.from(TS + BODY), edPriv).toString("hex");
out.push({
  provider: "discord", source: C + "Discord's docs: Ed25519 over timestamp+body, hex",
  secret: seed.toString("hex"), verify_key: edPub.toString("hex"), timestamp: TS, body: BODY,
  headers: [["X-Signature-Ed25519", discordSig], ["X-Signature-Timestamp", String(TS)]],
});
const sgBody = '[{"email":"a@example.com","event":"delivered","sg_event_id":"sg_1"}]\r\n';
const sgSig = crypto.sign("sha256", Buffer.from(TS + sgBody), ecPriv).toString("base64");
out.push({
  provider: "sendgrid", source: C + "SendGrid's docs: ECDSA P-256 SHA-256 over timestamp+body, base64 DER",
  secret: ecPrivB64, verify_key: ecPub, timestamp: TS, body: sgBody, no_resign: true,
  headers: [["X-Twilio-Email-Event-Webhook-Signature", sgSig], ["X-Twilio-Email-Event-Webhook-Timestamp", String(TS)]],
});
const id = "msg_vector_v1a";
const v1a = crypto.sign(null, Buffer.from(`${id}.${TS}.${BODY}`), edPriv).toString("base64");
out.push({
  provider: "standard-webhooks", source: C + "the Standard Webhooks spec (v1a, Ed25519)",
  secret: "whsk_" + Buffer.concat([seed, edPub]).toString("base64"), verify_key: "whpk_" + edPub.toString("base64"),
  id, timestamp: TS, body: BODY,
  headers: [["webhook-signature", "v1a," + v1a], ["webhook-id", id], ["webhook-timestamp", String(TS)]],
});
// Plaid: an ES256 JWT (r||s signature) whose claims hold iat and the
// body's SHA-256; verified with the key as a JWK, as Plaid hands it out.
const b64url = (b) => Buffer.from(b).toString("base64url");
const plaidBody = '{"webhook_type":"TRANSACTIONS","webhook_code":"SYNC_UPDATES_AVAILABLE","item_id":"café"}';
const jose = b64url('{"alg":"ES256","kid":"6c5516e1-92dc-479e-a8ff-5a51992e0001","typ":"JWT"}');
const claims = b64url(JSON.stringify({ iat: TS, request_body_sha256: crypto.createHash("sha256").update(plaidBody).digest("hex") }));
const jwtSig = crypto.sign("sha256", Buffer.from(jose + "." + claims), { key: ecPriv, dsaEncoding: "ieee-p1363" });
out.push({
  provider: "plaid", source: C + "Plaid's webhook verification docs: ES256 JWT with iat and request_body_sha256",
  secret: ecPrivB64, verify_key: JSON.stringify(crypto.createPublicKey(ecPriv).export({ format: "jwk" })),
  timestamp: TS, body: plaidBody, no_resign: true,
  headers: [["Plaid-Verification", jose + "." + claims + "." + b64url(jwtSig)]],
});
console.log(JSON.stringify(out, null, 1));
