import { describe, expect, it } from 'vitest';
import {
  hashPhone,
  hashVerificationCode,
  newVerificationCode,
  openPhone,
  sealPhone,
  trackingTokenFor,
} from './citizen-identity.js';

const secret = Buffer.from('a-test-secret-of-at-least-thirty-two-bytes');
const otherSecret = Buffer.from('another-secret-of-at-least-thirty-two-bytes');

describe('citizen identity at rest', () => {
  it('hash a phone the same way every time, differently per server secret', () => {
    expect(hashPhone(secret, '13800138000')).toBe(hashPhone(secret, '13800138000'));
    expect(hashPhone(secret, '13800138000')).not.toBe(hashPhone(secret, '13800138001'));
    expect(hashPhone(otherSecret, '13800138000')).not.toBe(hashPhone(secret, '13800138000'));
    expect(hashPhone(secret, '13800138000')).not.toContain('138');
  });

  it('seal a phone so only the same secret opens it, and refuse an altered value', () => {
    const sealed = sealPhone(secret, '13800138000');
    expect(sealed).not.toContain('13800138000');
    expect(sealPhone(secret, '13800138000')).not.toBe(sealed);
    expect(openPhone(secret, sealed)).toBe('13800138000');
    expect(() => openPhone(otherSecret, sealed)).toThrow();
    const parts = sealed.split('.');
    const body = Buffer.from(parts[2] ?? '', 'base64url');
    body[0] = (body[0] ?? 0) ^ 0xff;
    const altered = [parts[0], parts[1], body.toString('base64url'), parts[3]].join('.');
    expect(() => openPhone(secret, altered)).toThrow();
  });

  it('make 6-digit codes whose hash depends on the code row', () => {
    for (let i = 0; i < 50; i++) expect(newVerificationCode()).toMatch(/^\d{6}$/);
    expect(hashVerificationCode(secret, 'a', '123456')).not.toBe(hashVerificationCode(secret, 'b', '123456'));
  });

  it('derive the same tracking token from the same key and scope only', () => {
    const token = trackingTokenFor(secret, 'public.case:x', 'key-1');
    expect(token).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(trackingTokenFor(secret, 'public.case:x', 'key-1')).toBe(token);
    expect(trackingTokenFor(secret, 'public.case:y', 'key-1')).not.toBe(token);
    expect(trackingTokenFor(otherSecret, 'public.case:x', 'key-1')).not.toBe(token);
  });
});
