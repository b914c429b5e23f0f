import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, randomInt } from 'node:crypto';

/**
 * How the portal keeps citizens' phone numbers and secrets: a keyed hash (HMAC with the server
 * secret) to match a number without storing it, the number itself sealed (AES-256-GCM) where it
 * must be read back, and only hashes of codes and session tokens. Pure: no I/O.
 */

const hmac = (secret: Buffer, ...parts: string[]) => createHmac('sha256', secret).update(parts.join('\n'));

/** The lookup form of a phone number: equal numbers give equal hashes, the number cannot be read back. */
export function hashPhone(secret: Buffer, phone: string): string {
  return hmac(secret, 'citizen-phone', phone).digest('hex');
}

/** The key that seals phone numbers, derived from the server secret (never stored). */
function sealKey(secret: Buffer): Buffer {
  return hmac(secret, 'citizen-phone-seal').digest();
}

/** A phone number encrypted for storage: `v1.<iv>.<ciphertext>.<tag>` (base64url). */
export function sealPhone(secret: Buffer, phone: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealKey(secret), iv);
  const body = Buffer.concat([cipher.update(phone, 'utf8'), cipher.final()]);
  return ['v1', iv, body, cipher.getAuthTag()]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

/** The phone number of a sealed value; throws when it was not sealed with this secret or was altered. */
export function openPhone(secret: Buffer, sealed: string): string {
  const [version, iv, body, tag] = sealed.split('.');
  if (version !== 'v1' || !iv || body === undefined || !tag) throw new Error('not a sealed phone number');
  const decipher = createDecipheriv('aes-256-gcm', sealKey(secret), Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

/** A 6-digit verification code, uniformly random. */
export function newVerificationCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** The stored form of a code: bound to its code row, so equal codes of two numbers differ. */
export function hashVerificationCode(secret: Buffer, codeId: string, code: string): string {
  return hmac(secret, 'sms-code', codeId, code).digest('hex');
}

/** A new citizen session token (for the cookie) and the id stored for it (its sha256). */
export function newSessionToken(): { token: string; id: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, id: sessionIdOf(token) };
}

export function sessionIdOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * The tracking token of a report sent with an idempotency key: derived from the key with the
 * server secret, so a replayed answer shows the same secret link while the database keeps only
 * its hash (a stored answer never holds it).
 */
export function trackingTokenFor(secret: Buffer, scope: string, idempotencyKey: string): string {
  return hmac(secret, 'tracking-token', scope, idempotencyKey).digest().subarray(0, 18).toString('base64url');
}

/** The lookup form of a client address in rate-limit keys (addresses are personal data too). */
export function hashAddress(secret: Buffer, ip: string): string {
  return hmac(secret, 'client-address', ip).digest('hex').slice(0, 32);
}
