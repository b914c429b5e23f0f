import type { DbOrTrx } from '../../platform/db/connect.js';
import type { WebhookSigner } from '../notification/index.js';
import { findProfile } from './integration.repository.js';
import { openSecret, secretBoxKey } from './secret-box.js';
import { signatureHeaders } from './signature.js';

const keys = new WeakMap<Buffer, Buffer>();

/** The key sealing integration secrets, derived once per signing secret. */
export function integrationSecretKey(signingSecret: Buffer): Buffer {
  let key = keys.get(signingSecret);
  if (!key) {
    key = secretBoxKey(signingSecret);
    keys.set(signingSecret, key);
  }
  return key;
}

/** A client's HMAC signing secret in clear, or null when it has none (or it cannot be opened). */
export async function clientSigningSecret(
  db: DbOrTrx,
  signingSecret: Buffer,
  clientId: string,
): Promise<string | null> {
  const profile = await findProfile(db, clientId);
  if (!profile?.secret_cipher) return null;
  return openSecret(integrationSecretKey(signingSecret), profile.secret_cipher);
}

/** Signs outbound webhooks with the client's secret at send time (the outbox worker calls it). */
export function integrationWebhookSigner(db: DbOrTrx, signingSecret: Buffer): WebhookSigner {
  return async (clientId, body, now) => {
    const secret = await clientSigningSecret(db, signingSecret, clientId);
    return secret ? signatureHeaders(clientId, secret, body, now) : null;
  };
}
