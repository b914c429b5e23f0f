import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed calls between CityDesk and other systems, both ways: the sender puts the Unix time in
 * `X-CityDesk-Timestamp` and `v1=<hex HMAC-SHA256(secret, "<timestamp>.<raw body>")>` in
 * `X-CityDesk-Signature`, and names itself in `X-CityDesk-Client`. The timestamp is inside the
 * signature, so an old request cannot be replayed with a fresh one.
 */

export const signatureHeader = 'x-citydesk-signature';
export const timestampHeader = 'x-citydesk-timestamp';
export const clientHeader = 'x-citydesk-client';
/** Requests whose timestamp is further than this from our clock are refused (5 minutes). */
export const maxSkewSeconds = 300;

const version = 'v1';

/** The signature of a body sent at `timestamp` (Unix seconds). */
export function signBody(secret: string, timestamp: number, body: string | Buffer): string {
  const mac = createHmac('sha256', secret);
  mac.update(`${timestamp}.`);
  mac.update(body);
  return `${version}=${mac.digest('hex')}`;
}

/** The headers that sign an outbound body for a client. */
export function signatureHeaders(clientId: string, secret: string, body: string, now: Date): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    [clientHeader]: clientId,
    [timestampHeader]: String(timestamp),
    [signatureHeader]: signBody(secret, timestamp, body),
  };
}

export type SignatureCheck =
  | { ok: true }
  | { ok: false; problem: 'expired'; skewSeconds: number | null }
  | { ok: false; problem: 'invalid'; reason: string };

/**
 * Checks a signed request: the timestamp first (missing, malformed or more than `maxSkewSeconds`
 * away: expired), then the signature in constant time. Several signatures may be given, comma
 * separated (a sender rotating its secret).
 */
export function checkSignature(input: {
  secret: string;
  body: Buffer | string;
  timestamp: string | undefined;
  signature: string | undefined;
  now: Date;
  maxSkew?: number;
}): SignatureCheck {
  const ts = input.timestamp?.trim() ?? '';
  if (!/^\d{9,11}$/.test(ts)) return { ok: false, problem: 'expired', skewSeconds: null };
  const skew = Math.floor(input.now.getTime() / 1000) - Number(ts);
  if (Math.abs(skew) > (input.maxSkew ?? maxSkewSeconds)) return { ok: false, problem: 'expired', skewSeconds: skew };
  if (!input.signature) return { ok: false, problem: 'invalid', reason: 'no signature header' };
  const expected = Buffer.from(signBody(input.secret, Number(ts), input.body));
  const matches = input.signature
    .split(',')
    .map((s) => Buffer.from(s.trim()))
    .some((given) => given.length === expected.length && timingSafeEqual(given, expected));
  return matches ? { ok: true } : { ok: false, problem: 'invalid', reason: 'the signature does not match the body' };
}
