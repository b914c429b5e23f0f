import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newSigningSecret, openSecret, sealSecret, secretBoxKey } from './secret-box.js';

describe('secrets sealed at rest', () => {
  const key = secretBoxKey(randomBytes(32));

  it('opens what it sealed, and the sealed text does not contain the secret', () => {
    const secret = newSigningSecret();
    const sealed = sealSecret(key, secret);
    expect(sealed).toMatch(/^v1:[\w-]+:[\w-]+:[\w-]+$/);
    expect(sealed).not.toContain(secret.slice(4));
    expect(openSecret(key, sealed)).toBe(secret);
    expect(sealSecret(key, secret)).not.toBe(sealed);
  });

  it('refuses another key, a changed byte and malformed text', () => {
    const sealed = sealSecret(key, 'EXT-KEY');
    expect(openSecret(secretBoxKey(randomBytes(32)), sealed)).toBeNull();
    const parts = sealed.split(':');
    const body = Buffer.from(parts[3] ?? '', 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    expect(openSecret(key, [parts[0], parts[1], parts[2], body.toString('base64url')].join(':'))).toBeNull();
    expect(openSecret(key, 'plain text')).toBeNull();
  });

  it('derives the same key from the same signing secret', () => {
    const signing = randomBytes(32);
    expect(secretBoxKey(signing).equals(secretBoxKey(Buffer.from(signing)))).toBe(true);
    expect(newSigningSecret()).toMatch(/^cds_[\w-]{43}$/);
  });
});
