import { sign, verifySignature } from '../../platform/signing.js';

/** Where a citizen tracks a case by number (and the last four digits of the phone). */
export function publicTrackingUrl(baseUrl: string, number: string): string {
  return `${baseUrl}/portal/#/track?number=${encodeURIComponent(number)}`;
}

/** A public photo link valid until `expires` (epoch seconds), signed so it cannot be guessed. */
export function publicPhotoUrl(
  secret: Buffer,
  number: string,
  attachmentId: string,
  variant: 'original' | 'thumbnail',
  expires: number,
): string {
  const sig = sign(secret, number, attachmentId, variant, String(expires));
  return `/api/public/cases/${encodeURIComponent(number)}/photos/${attachmentId}?variant=${variant}&expires=${expires}&sig=${sig}`;
}

export function checkPhotoSignature(
  secret: Buffer,
  number: string,
  attachmentId: string,
  variant: string,
  expires: number,
  sig: string,
  nowSeconds: number,
): boolean {
  return expires >= nowSeconds && verifySignature(secret, sig, number, attachmentId, variant, String(expires));
}
