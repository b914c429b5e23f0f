import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';

/**
 * Secrets CityDesk must be able to use again (HMAC signing secrets, an external system's
 * api_key) are kept encrypted at rest with AES-256-GCM, under a key derived from the server's
 * signing secret (URL_SIGNING_SECRET or the generated DATA_DIR/signing.key): a copy of the
 * database alone does not give them away. Changing that secret makes stored secrets unreadable
 * (they must be rotated again).
 */

const format = 'v1';

/** The encryption key for integration secrets, derived from the server's signing secret. */
export function secretBoxKey(signingSecret: Buffer): Buffer {
  return createHmac('sha256', signingSecret).update('citydesk integration secrets v1').digest();
}

/** `v1:<iv>:<tag>:<ciphertext>` (base64url parts). */
export function sealSecret(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [format, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join(
    ':',
  );
}

/** The plaintext of a sealed secret, or null when it is not ours (another key, tampered, malformed). */
export function openSecret(key: Buffer, sealed: string): string | null {
  const [tag, iv, auth, body] = sealed.split(':');
  if (tag !== format || !iv || !auth || body === undefined) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(auth, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/** A new random signing secret (shown to the administrator once). */
export function newSigningSecret(): string {
  return `cds_${randomBytes(32).toString('base64url')}`;
}
