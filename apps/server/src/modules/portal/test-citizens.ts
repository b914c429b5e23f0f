import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import sharp from 'sharp';
import type { Db } from '../../platform/db/connect.js';

/** Test helpers (this module's tests only): a citizen through the portal's API, as a phone would be. */

/** A small PNG photo; the colour makes each one different. */
export async function photo(width = 64, height = 48, colour = '#3a7'): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: colour } })
    .png()
    .toBuffer();
}

export async function requestCode(
  app: FastifyInstance,
  phone: string,
  options: { purpose?: string; ip?: string } = {},
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/api/public/sms-codes',
    payload: { phone, purpose: options.purpose ?? 'report' },
    ...(options.ip ? { remoteAddress: options.ip } : {}),
  });
}

/** The code in the newest verification SMS queued for a number (what the log provider would show). */
export async function codeSentTo(db: Db, phone: string): Promise<string> {
  const row = await db
    .selectFrom('outbox_message')
    .select('payload')
    .where('template', '=', 'verification_code')
    .where('recipient', '=', phone)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  return (JSON.parse(row.payload) as { code: string }).code;
}

/** Verifies a phone and returns the Cookie header of its citizen session. */
export async function citizenCookieFor(app: FastifyInstance, db: Db, phone: string): Promise<string> {
  const sent = await requestCode(app, phone);
  if (sent.statusCode !== 202) throw new Error(`code request failed: ${sent.statusCode} ${sent.body}`);
  const response = await app.inject({
    method: 'POST',
    url: '/api/public/sessions',
    payload: { phone, code: await codeSentTo(db, phone) },
  });
  const cookie = response.cookies.find((c) => c.name === 'citydesk_citizen');
  if (response.statusCode !== 201 || !cookie)
    throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  return `citydesk_citizen=${cookie.value}`;
}

/** Uploads a photo for a report not yet sent. */
export async function uploadPublicPhoto(
  app: FastifyInstance,
  uploadKey: string,
  body?: Buffer,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: 'POST',
    url: '/api/public/attachments',
    headers: { 'content-type': 'image/png', 'x-upload-key': uploadKey },
    payload: body ?? (await photo()),
  });
}

export async function submitPublic(
  app: FastifyInstance,
  path: '/api/public/cases' | '/api/public/mailbox',
  body: Record<string, unknown>,
  options: { cookie?: string | null; key?: string | null } = {},
): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = options.cookie;
  if (options.key !== null) headers['idempotency-key'] = options.key ?? `k-${Math.random().toString(36).slice(2)}`;
  return app.inject({ method: 'POST', url: path, headers, payload: body });
}
