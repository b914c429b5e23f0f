import { createHash } from 'node:crypto';
import type { Permission } from '@citydesk/shared';
import { toDbTime } from '../../platform/clock.js';
import type { UseCaseContext } from '../../platform/context.js';
import { transact } from '../../platform/db/transaction.js';
import type { ModuleDeps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { maskPersonalData } from '../../platform/logging.js';
import { recordAudit } from '../audit/index.js';
import { apiClientActor, findApiClient, type ApiClientTable } from '../auth/index.js';
import { categoryNamesByIds } from '../catalogue/index.js';
import { assignmentsOfCase } from '../dispatch/index.js';
import { findCaseById, type CaseRecordTable } from '../intake/index.js';
import { claimLeaseMs, retryDelayMs } from '../notification/index.js';
import { unitRefsByIds } from '../org/index.js';
import { performAction } from '../workflow/index.js';
import { integrationSecretKey } from './integration-secrets.js';
import {
  claimDueSends,
  findExternalUnitByClient,
  findSendsByExternalIds,
  listActiveExternalUnits,
  listOpenSends,
  markUpdatePulled,
  updateExternalUnit,
  updateSend,
} from './integration.repository.js';
import type { ExternalUnitTable, Open311SendTable } from './integration.tables.js';
import { openSecret } from './secret-box.js';
import { isExternalClosed } from './status-map.js';

/**
 * The Open311 client: a unit handled in an external system that speaks GeoReport v2 gets the
 * cases dispatched to it POSTed there (their send_state, attempts and failures kept apart from
 * the case's state, like FixMyStreet's), and that system's updates are pulled back into the
 * case's timeline; its "closed" becomes the unit's feedback.
 */

export interface Open311ClientOptions {
  /** The HTTP client (tests may pass one that refuses everything); global fetch by default. */
  fetch?: typeof fetch;
  timeoutMs?: number;
  log?: { warn(data: object, message: string): void; info(data: object, message: string): void };
}

const requestTimeoutMs = 15_000;

/** What the external unit's handlers may do in CityDesk on its behalf: sign, feed back, note. */
const externalPermissions: Permission[] = ['case.read', 'case.handle', 'case.note'];

/** The context in which an external system acts: as its client, within its unit's scope. */
async function externalContext(deps: ModuleDeps, client: ApiClientTable): Promise<UseCaseContext> {
  const unit = (await unitRefsByIds(deps.db, [client.unit_id])).get(client.unit_id);
  const actor = apiClientActor(client, unit?.path ?? null);
  return {
    actor: { ...actor, permissions: new Set([...actor.permissions, ...externalPermissions]) },
    requestId: null,
    ip: null,
    channel: 'system',
    clock: deps.clock,
  };
}

/** A JSON scalar of an external answer as text ('' for anything else). */
function text(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}

class SendFailure extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

function apiKeyOf(deps: ModuleDeps, unit: ExternalUnitTable): string | null {
  return unit.api_key_cipher ? openSecret(integrationSecretKey(deps.signingSecret), unit.api_key_cipher) : null;
}

/** Reads an Open311 error body (JSON array or XML) into one line for the send's last_error. */
function errorText(status: number, body: string): string {
  try {
    const parsed = JSON.parse(body) as { code?: unknown; description?: unknown }[];
    if (Array.isArray(parsed) && parsed.length > 0) {
      return `HTTP ${status}: ${parsed.map((e) => `${text(e.code)} ${text(e.description)}`).join('; ')}`;
    }
  } catch {
    // not JSON
  }
  const descriptions = [...body.matchAll(/<description>([^<]*)<\/description>/g)].map((m) => m[1]);
  return `HTTP ${status}${descriptions.length > 0 ? `: ${descriptions.join('; ')}` : ''}`;
}

async function call(
  options: Open311ClientOptions,
  url: string,
  init: { method: 'GET' | 'POST'; body?: URLSearchParams },
): Promise<unknown> {
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, {
      method: init.method,
      ...(init.body
        ? {
            body: init.body.toString(),
            headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
          }
        : {}),
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? requestTimeoutMs),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    throw new SendFailure(`${init.method} failed: ${cause ?? (error instanceof Error ? error.name : 'error')}`, false);
  }
  const body = await response.text();
  if (response.status < 200 || response.status > 299) {
    // 400/403/404 will not mend by themselves (a mapping or a key must change): failed at once.
    throw new SendFailure(errorText(response.status, body), [400, 403, 404].includes(response.status));
  }
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new SendFailure('the answer is not JSON', false);
  }
}

/** The form of a case for the external system's POST requests. */
async function requestForm(
  deps: ModuleDeps,
  unit: ExternalUnitTable,
  row: CaseRecordTable,
): Promise<URLSearchParams | { skip: string }> {
  const codes = JSON.parse(unit.service_codes) as Record<string, string>;
  const category = row.category_id
    ? (await categoryNamesByIds(deps.db, [row.category_id])).get(row.category_id)
    : undefined;
  const serviceCode = (category ? codes[category.code] : undefined) ?? unit.default_service_code;
  if (!serviceCode) {
    return { skip: `no service_code for item ${category?.code ?? '(unclassified)'} and no default service_code` };
  }
  const form = new URLSearchParams();
  const apiKey = apiKeyOf(deps, unit);
  if (apiKey) form.set('api_key', apiKey);
  if (unit.jurisdiction_id) form.set('jurisdiction_id', unit.jurisdiction_id);
  form.set('service_code', serviceCode);
  if (row.lat !== null && row.lon !== null) {
    form.set('lat', String(Number(row.lat)));
    form.set('long', String(Number(row.lon)));
  }
  if (row.address) form.set('address_string', row.address);
  if (row.lat === null && !row.address) form.set('address_string', row.title);
  form.set('description', `${row.number} ${row.title}\n${row.description}`.slice(0, 4000));
  // Our case number: the external system's staff can quote it back.
  form.set('account_id', row.number);
  if (unit.send_contact === 1) {
    if (row.reporter_name) form.set('last_name', row.reporter_name);
    if (row.reporter_phone) form.set('phone', row.reporter_phone);
  }
  for (const [code, value] of Object.entries(JSON.parse(row.extra_answers) as Record<string, unknown>)) {
    if (Array.isArray(value)) for (const v of value as unknown[]) form.append(`attribute[${code}][]`, text(v));
    else form.set(`attribute[${code}]`, text(value));
  }
  return form;
}

/** Their answer to POST requests: service_request_id, or a token to look it up later. */
function readPosted(answer: unknown): { id: string | null; token: string | null } {
  const first = Array.isArray(answer) ? (answer[0] as Record<string, unknown> | undefined) : undefined;
  const id = text(first?.service_request_id) || null;
  const token = text(first?.token) || null;
  if (!id && !token) throw new SendFailure('the answer has neither service_request_id nor token', false);
  return { id, token };
}

async function signForUnit(deps: ModuleDeps, ctx: UseCaseContext, caseId: string, unitId: string): Promise<void> {
  const waiting = (await assignmentsOfCase(deps.db, caseId)).some(
    (a) => a.unit_id === unitId && a.status === 'dispatched',
  );
  const row = await findCaseById(deps.db, caseId);
  if (!waiting || !row) return;
  await performAction(deps, ctx, caseId, 'sign', { version: Number(row.version) });
}

/**
 * Posts the cases that are due to their external systems. Success records the external id (or
 * token), an audit event on the case (its timeline) and signs for the unit; a failure waits with
 * the outbox's backoff, and after OUTBOX_MAX_ATTEMPTS (or at once when the other side refuses the
 * request itself) the send is `failed` until an administrator retries it.
 */
export async function sendDueOpen311(
  deps: ModuleDeps,
  options: Open311ClientOptions = {},
): Promise<{ sent: number; retried: number; failed: number; skipped: number }> {
  const result = { sent: 0, retried: 0, failed: 0, skipped: 0 };
  const claimedAt = deps.clock.now();
  const leaseUntil = toDbTime(new Date(claimedAt.getTime() + claimLeaseMs));
  const claimed = await transact(deps.db, (trx) => claimDueSends(trx, toDbTime(claimedAt), leaseUntil, 20));
  for (const send of claimed) {
    const now = () => toDbTime(deps.clock.now());
    const [client, unit, row] = await Promise.all([
      findApiClient(deps.db, send.client_id),
      findExternalUnitByClient(deps.db, send.client_id),
      findCaseById(deps.db, send.case_id),
    ]);
    if (!client || !unit || !row || unit.active !== 1 || client.active !== 1) {
      await updateSend(deps.db, send.id, {
        send_state: 'skipped',
        next_attempt_at: null,
        last_error: 'the external unit is no longer configured or active',
        updated_at: now(),
      });
      result.skipped++;
      continue;
    }
    const form = await requestForm(deps, unit, row);
    if ('skip' in form) {
      await updateSend(deps.db, send.id, {
        send_state: 'skipped',
        next_attempt_at: null,
        last_error: form.skip,
        updated_at: now(),
      });
      result.skipped++;
      continue;
    }
    const attempts = Number(send.attempts) + 1;
    try {
      const posted = readPosted(await call(options, `${unit.endpoint}/requests.json`, { method: 'POST', body: form }));
      const ctx = await externalContext(deps, client);
      await transact(deps.db, async (trx) => {
        await updateSend(trx, send.id, {
          send_state: 'sent',
          attempts,
          next_attempt_at: null,
          external_id: posted.id,
          external_token: posted.token,
          sent_at: now(),
          external_status: 'open',
          updated_at: now(),
        });
        await recordAudit(trx, ctx, {
          action: 'case.sent_to_external',
          subjectType: 'case',
          subjectId: row.id,
          after: { system: client.name, endpoint: unit.endpoint, externalId: posted.id, token: posted.token, attempts },
        });
      });
      result.sent++;
      try {
        await signForUnit(deps, ctx, row.id, unit.unit_id);
      } catch (error) {
        options.log?.warn({ caseId: row.id, err: error }, 'could not sign for the external unit');
      }
    } catch (error) {
      const failure = error instanceof SendFailure ? error : new SendFailure(String(error), false);
      const dead = failure.permanent || attempts >= deps.config.notifications.maxAttempts;
      await updateSend(deps.db, send.id, {
        send_state: dead ? 'failed' : 'unprocessed',
        attempts,
        next_attempt_at: dead ? null : toDbTime(new Date(deps.clock.now().getTime() + retryDelayMs(attempts))),
        last_error: maskPersonalData(failure.message).slice(0, 500),
        updated_at: now(),
      });
      if (dead) result.failed++;
      else result.retried++;
      options.log?.warn(
        { caseId: row.id, attempts, error: failure.message },
        dead ? 'open311 send failed' : 'open311 send will retry',
      );
    }
  }
  return result;
}

interface ExternalRequest {
  service_request_id?: unknown;
  status?: unknown;
  status_notes?: unknown;
  updated_datetime?: unknown;
}

/**
 * Brings one external request's state into the case: a change of status, notes or update time
 * not seen before becomes an audit event on the case (so its timeline), and a first "closed"
 * becomes the unit's feedback with the notes as its result.
 */
async function applyExternalState(
  deps: ModuleDeps,
  ctx: UseCaseContext,
  client: ApiClientTable,
  unit: ExternalUnitTable,
  send: Open311SendTable,
  request: ExternalRequest,
): Promise<boolean> {
  const status = text(request.status);
  const notes = text(request.status_notes);
  const updated = text(request.updated_datetime);
  const key = createHash('sha256').update(`${updated}\n${status}\n${notes}`).digest('hex');
  const closed = isExternalClosed(status);
  const fresh = await transact(deps.db, async (trx) => {
    if (!(await markUpdatePulled(trx, send.id, key, toDbTime(deps.clock.now())))) return false;
    await updateSend(trx, send.id, {
      external_status: closed ? 'closed' : 'open',
      external_updated_at: updated || null,
      updated_at: toDbTime(deps.clock.now()),
    });
    // The request as it was received (still open, nothing said) is no news for the timeline.
    const news = notes !== '' || (closed ? 'closed' : 'open') !== (send.external_status ?? 'open');
    if (!news) return false;
    await recordAudit(trx, ctx, {
      action: 'case.external_updated',
      subjectType: 'case',
      subjectId: send.case_id,
      after: { system: client.name, externalId: send.external_id, status, updatedAt: updated || null },
      reason: notes ? maskPersonalData(notes).slice(0, 2000) : null,
    });
    return true;
  });
  if (!fresh || !closed) return fresh;
  const assignments = await assignmentsOfCase(deps.db, send.case_id);
  const open = assignments.find(
    (a) => a.unit_id === unit.unit_id && (a.status === 'dispatched' || a.status === 'signed'),
  );
  const row = await findCaseById(deps.db, send.case_id);
  if (!open || !row) return true;
  try {
    await performAction(deps, ctx, row.id, 'feedback', {
      version: Number(row.version),
      result: (notes || `${client.name}：已办结（${status}）`).slice(0, 4000),
    });
  } catch (error) {
    // The case moved on meanwhile (a dispatcher took it back): the update stays in the timeline.
    if (!(error instanceof AppError)) throw error;
  }
  return true;
}

/**
 * Pulls the state of the requests sent to each active external system (GET requests with their
 * service_request_ids, 50 at a time; tokens are resolved first) and brings changes into the
 * cases. A system that cannot be reached is noted on its configuration and tried at the next pull.
 */
export async function pullOpen311Updates(
  deps: ModuleDeps,
  options: Open311ClientOptions = {},
): Promise<{ systems: number; updates: number; errors: number }> {
  const result = { systems: 0, updates: 0, errors: 0 };
  for (const unit of await listActiveExternalUnits(deps.db)) {
    const client = await findApiClient(deps.db, unit.client_id);
    if (!client || client.active !== 1) continue;
    result.systems++;
    const ctx = await externalContext(deps, client);
    const jurisdiction = unit.jurisdiction_id ? `jurisdiction_id=${encodeURIComponent(unit.jurisdiction_id)}` : '';
    try {
      const sends = await listOpenSends(deps.db, unit.client_id, 500);
      for (const send of sends.filter((s) => !s.external_id && s.external_token)) {
        const token = encodeURIComponent(send.external_token ?? '');
        const answer = await call(
          options,
          `${unit.endpoint}/tokens/${token}.json${jurisdiction ? `?${jurisdiction}` : ''}`,
          {
            method: 'GET',
          },
        );
        const id = Array.isArray(answer) ? text((answer[0] as ExternalRequest | undefined)?.service_request_id) : '';
        if (id) {
          await updateSend(deps.db, send.id, { external_id: id, updated_at: toDbTime(deps.clock.now()) });
          send.external_id = id;
        }
      }
      const known = sends.filter((s) => s.external_id);
      for (let i = 0; i < known.length; i += 50) {
        const batch = known.slice(i, i + 50);
        const ids = batch.map((s) => s.external_id as string);
        const answer = await call(
          options,
          `${unit.endpoint}/requests.json?service_request_id=${ids.map(encodeURIComponent).join(',')}${jurisdiction ? `&${jurisdiction}` : ''}`,
          { method: 'GET' },
        );
        const requests = Array.isArray(answer) ? (answer as ExternalRequest[]) : [];
        const byExternal = new Map(
          (await findSendsByExternalIds(deps.db, unit.client_id, ids)).map((s) => [s.external_id, s]),
        );
        for (const request of requests) {
          const send = byExternal.get(text(request.service_request_id));
          if (send && (await applyExternalState(deps, ctx, client, unit, send, request))) result.updates++;
        }
      }
      await updateExternalUnit(deps.db, unit.client_id, {
        last_pulled_at: toDbTime(deps.clock.now()),
        last_pull_error: null,
      });
    } catch (error) {
      result.errors++;
      const message = error instanceof Error ? error.message : String(error);
      await updateExternalUnit(deps.db, unit.client_id, {
        last_pulled_at: toDbTime(deps.clock.now()),
        last_pull_error: maskPersonalData(message).slice(0, 500),
      });
      options.log?.warn({ clientId: unit.client_id, error: message }, 'open311 pull failed');
    }
  }
  return result;
}
