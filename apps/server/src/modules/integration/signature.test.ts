import { describe, expect, it } from 'vitest';
import { checkSignature, signBody, signatureHeaders } from './signature.js';

const secret = 'cds_test-secret';
const now = new Date('2026-11-25T02:00:00Z');
const ts = Math.floor(now.getTime() / 1000);

describe('signed calls', () => {
  it('signs the timestamp and the raw body with HMAC-SHA256 (a known vector)', () => {
    // echo -n '1795572000.{"a":1}' | openssl dgst -sha256 -hmac 'cds_test-secret'
    expect(signBody(secret, ts, '{"a":1}')).toBe('v1=fbabc54fd0bee77b10f33e640ec6cfe8c887817a2a9ce91ebfa26e40627cbda6');
    expect(signBody(secret, ts, Buffer.from('{"a":1}'))).toBe(signBody(secret, ts, '{"a":1}'));
    expect(signBody(secret, ts, '{"a":1}')).not.toBe(signBody(secret, ts + 1, '{"a":1}'));
    expect(signBody(secret, ts, '{"a":1}')).not.toBe(signBody(`${secret}x`, ts, '{"a":1}'));
    expect(signatureHeaders('client-1', secret, '{}', now)).toEqual({
      'x-citydesk-client': 'client-1',
      'x-citydesk-timestamp': String(ts),
      'x-citydesk-signature': signBody(secret, ts, '{}'),
    });
  });

  it('accepts a matching signature within five minutes, also among several during a rotation', () => {
    const signature = signBody(secret, ts - 299, 'body');
    expect(checkSignature({ secret, body: 'body', timestamp: String(ts - 299), signature, now })).toEqual({ ok: true });
    expect(
      checkSignature({
        secret,
        body: Buffer.from('body'),
        timestamp: String(ts - 299),
        signature: `v1=00, ${signature}`,
        now,
      }),
    ).toEqual({ ok: true });
  });

  it('calls an old, future, missing or malformed timestamp expired, and any other mismatch invalid', () => {
    const at = (t: number) =>
      checkSignature({ secret, body: 'b', timestamp: String(t), signature: signBody(secret, t, 'b'), now });
    expect(at(ts - 301)).toEqual({ ok: false, problem: 'expired', skewSeconds: 301 });
    expect(at(ts + 301)).toEqual({ ok: false, problem: 'expired', skewSeconds: -301 });
    expect(checkSignature({ secret, body: 'b', timestamp: undefined, signature: 'v1=x', now })).toMatchObject({
      problem: 'expired',
    });
    expect(checkSignature({ secret, body: 'b', timestamp: '1.5e9', signature: 'v1=x', now })).toMatchObject({
      problem: 'expired',
    });
    expect(
      checkSignature({ secret, body: 'changed', timestamp: String(ts), signature: signBody(secret, ts, 'b'), now }),
    ).toMatchObject({
      problem: 'invalid',
    });
    expect(checkSignature({ secret, body: 'b', timestamp: String(ts), signature: undefined, now })).toMatchObject({
      problem: 'invalid',
    });
  });
});
