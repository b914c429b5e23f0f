import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The server's signing secret, kept in DATA_DIR so signed links survive restarts (servers sharing
 * one PostgreSQL set URL_SIGNING_SECRET to the same value instead).
 */
export function loadSigningSecret(dataDir: string, fromEnv?: string): Buffer {
  if (fromEnv) return Buffer.from(fromEnv, 'utf8');
  const file = path.join(dataDir, 'signing.key');
  if (fs.existsSync(file)) return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32);
  fs.writeFileSync(file, secret.toString('base64'), { mode: 0o600 });
  return secret;
}

/** An HMAC over the parts, for links that must not be guessable (public photo URLs). */
export function sign(secret: Buffer, ...parts: string[]): string {
  return createHmac('sha256', secret).update(parts.join('\n')).digest('base64url').slice(0, 32);
}

export function verifySignature(secret: Buffer, signature: string, ...parts: string[]): boolean {
  const expected = Buffer.from(sign(secret, ...parts));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
