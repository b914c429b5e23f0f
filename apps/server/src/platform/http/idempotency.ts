import { createHash } from 'node:crypto';
import { isErrorCode } from '@citydesk/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toDbTime, type Clock } from '../clock.js';
import type { Db } from '../db/connect.js';
import { AppError } from '../errors.js';

export interface IdempotencyKeyTable {
  scope: string;
  key: string;
  request_hash: string;
  status: 'in_progress' | 'done';
  response_status: number | null;
  response_body: string | null;
  created_at: string;
  expires_at: string;
}

declare module '../db/schema.js' {
  interface Database {
    idempotency_key: IdempotencyKeyTable;
  }
}

/** Keys are kept at least this long: grid workers' phones sync days late. */
const keepMs = 8 * 24 * 3600_000;
/** An "in progress" key older than this belongs to a request that died; it may be taken over. */
const abandonedAfterMs = 2 * 60_000;
const keyPattern = /^[\x21-\x7e]{1,200}$/;

export interface IdempotentResult {
  status: number;
  body: unknown;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The Idempotency-Key header of a request, validated; null when absent. */
export function idempotencyKeyOf(request: FastifyRequest): string | null {
  const raw = request.headers['idempotency-key'];
  if (raw === undefined) return null;
  const key = Array.isArray(raw) ? raw[0] : raw;
  if (!key || !keyPattern.test(key)) {
    throw new AppError('VALIDATION_FAILED', {
      fields: [{ field: 'Idempotency-Key', reason: '1–200 printable ASCII characters' }],
    });
  }
  return key;
}

/**
 * Runs a create at most once per (scope, key): the same key with the same request replays the
 * stored response; with a different request it is refused (422); while the first request is still
 * running a repeat gets 409. Failures the client caused (4xx) are stored and replayed too; server
 * failures free the key so a retry can succeed.
 */
export async function runIdempotent(
  db: Db,
  clock: Clock,
  options: { scope: string; key: string | null; request: unknown },
  work: () => Promise<IdempotentResult>,
): Promise<IdempotentResult & { replayed: boolean }> {
  if (options.key === null) return { ...(await work()), replayed: false };
  const { scope, key } = options;
  const hash = createHash('sha256').update(canonical(options.request)).digest('hex');
  const now = clock.now();
  const claim = await db
    .insertInto('idempotency_key')
    .values({
      scope,
      key,
      request_hash: hash,
      status: 'in_progress',
      response_status: null,
      response_body: null,
      created_at: toDbTime(now),
      expires_at: toDbTime(new Date(now.getTime() + keepMs)),
    })
    .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
    .executeTakeFirst();
  if (Number(claim.numInsertedOrUpdatedRows ?? 0) === 0) {
    const existing = await db
      .selectFrom('idempotency_key')
      .selectAll()
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    if (existing.request_hash !== hash) throw new AppError('IDEMPOTENCY_KEY_REUSED', { key });
    if (existing.status === 'done') {
      return {
        status: existing.response_status ?? 200,
        body: existing.response_body === null ? null : (JSON.parse(existing.response_body) as unknown),
        replayed: true,
      };
    }
    const abandoned = now.getTime() - Date.parse(existing.created_at) > abandonedAfterMs;
    if (!abandoned) throw new AppError('IDEMPOTENCY_IN_PROGRESS', { key });
    const taken = await db
      .updateTable('idempotency_key')
      .set({ created_at: toDbTime(now) })
      .where('scope', '=', scope)
      .where('key', '=', key)
      .where('created_at', '=', existing.created_at)
      .executeTakeFirst();
    if (Number(taken.numUpdatedRows) === 0) throw new AppError('IDEMPOTENCY_IN_PROGRESS', { key });
  }
  let result: IdempotentResult;
  try {
    result = await work();
  } catch (error) {
    if (error instanceof AppError && error.status < 500) {
      result = { status: error.status, body: { error: { code: error.code, details: error.details } } };
      await store(db, scope, key, result);
    } else {
      await db.deleteFrom('idempotency_key').where('scope', '=', scope).where('key', '=', key).execute();
    }
    throw error;
  }
  await store(db, scope, key, result);
  return { ...result, replayed: false };
}

async function store(db: Db, scope: string, key: string, result: IdempotentResult): Promise<void> {
  await db
    .updateTable('idempotency_key')
    .set({ status: 'done', response_status: result.status, response_body: JSON.stringify(result.body) })
    .where('scope', '=', scope)
    .where('key', '=', key)
    .execute();
}

/** Deletes keys past their keeping period. */
export async function purgeExpiredIdempotencyKeys(db: Db, now: Date): Promise<number> {
  const result = await db.deleteFrom('idempotency_key').where('expires_at', '<', toDbTime(now)).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Answers a create route idempotently: the first request runs `work`; a repeat with the same
 * Idempotency-Key gets the same status and body (or the same error), marked with the
 * `Idempotent-Replayed: true` header.
 */
export async function replyIdempotent(
  request: FastifyRequest,
  reply: FastifyReply,
  db: Db,
  clock: Clock,
  scope: string,
  work: () => Promise<IdempotentResult>,
): Promise<FastifyReply> {
  const outcome = await runIdempotent(
    db,
    clock,
    {
      scope,
      key: idempotencyKeyOf(request),
      request: { method: request.method, url: request.url, body: request.body },
    },
    work,
  );
  if (outcome.replayed) {
    void reply.header('idempotent-replayed', 'true');
    const stored = outcome.body as { error?: { code?: string; details?: Record<string, unknown> } } | null;
    if (outcome.status >= 400 && stored?.error?.code && isErrorCode(stored.error.code)) {
      throw new AppError(stored.error.code, stored.error.details ?? {});
    }
  }
  return reply.status(outcome.status).send(outcome.body);
}
