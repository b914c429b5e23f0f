import {
  createCaseSchema,
  errorMessage,
  type CaseNode,
  type CaseStatus,
  type CategoryItemView,
  type ErrorCode,
  type FieldIssue,
  type Locale,
} from '@citydesk/shared';
import { toDbTime } from '../../platform/clock.js';
import type { UseCaseContext } from '../../platform/context.js';
import { transact } from '../../platform/db/transaction.js';
import type { ModuleDeps } from '../../platform/deps.js';
import { AppError, fieldIssues } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { maskPersonalData } from '../../platform/logging.js';
import { sign, verifySignature } from '../../platform/signing.js';
import { listAuditEvents } from '../audit/index.js';
import { resolveApiClient } from '../auth/index.js';
import { categoryNamesByIds, getCategoryItemByCode, listActiveItemViews } from '../catalogue/index.js';
import {
  createCase,
  findCaseById,
  findCaseByNumber,
  findCasesByIds,
  listCasesForFeed,
  type CaseRecordTable,
} from '../intake/index.js';
import { storeUpload } from '../media/index.js';
import { districtCentre, getUnitByCode, unitRefsByIds } from '../org/index.js';
import { citizenCaseView, entriesOfCase, performAction, reopenByCitizen } from '../workflow/index.js';
import { clientActor } from './inbound.service.js';
import { withIntakeExtra } from './integration-reactions.js';
import { findOpen311Requests, findUpdateIn, insertUpdateIn } from './integration.repository.js';
import {
  answersFor,
  collectFields,
  locationOf,
  open311Datatype,
  open311FieldName,
  type Open311Fields,
} from './open311-input.js';
import { serviceNotice, updateText } from './open311-texts.js';
import { list, type SparkList, type SparkObject, type SparkValue } from './spark.js';
import { fmsStatusOf, open311StatusFilter, open311StatusOf, publicUpdateActions } from './status-map.js';
import { formatW3c, parseW3c } from './w3c-time.js';

/**
 * The Open311 GeoReport v2 server (https://wiki.open311.org/GeoReport_v2), with Service
 * Discovery, the pagination, update-history (`notes`) and media extensions, and FixMyStreet's
 * `servicerequestupdates`. Services are the catalogue's level-3 items; service requests are cases
 * (service_request_id: the case number). Answers never carry reporters' personal data.
 */

export const specification = 'http://wiki.open311.org/GeoReport_v2';

/** An answer Open311 defines as an error: the HTTP status and every problem found. */
export class Open311Error extends Error {
  constructor(
    readonly status: 400 | 403 | 404,
    readonly problems: readonly { code: ErrorCode; field?: string; reason: string }[],
  ) {
    super(problems.map((p) => `${p.field ?? ''} ${p.reason}`).join('; '));
    this.name = 'Open311Error';
  }
}

const badArguments = (issues: readonly FieldIssue[]) =>
  new Open311Error(
    400,
    issues.map((i) => ({ code: 'VALIDATION_FAILED' as const, field: i.field, reason: i.reason })),
  );
const notFound = (field: string, reason: string) => new Open311Error(404, [{ code: 'NOT_FOUND', field, reason }]);

/** The `errors` body: one error per problem, its code the HTTP status, its description localised. */
export function errorsValue(error: Open311Error, locale: Locale): SparkList {
  return list(
    'error',
    error.problems.map((p) => ({
      code: error.status,
      description: `${errorMessage(p.code, locale)}: ${p.field ? `${p.field} — ` : ''}${p.reason}`,
    })),
  );
}

/** The reason an AppError gives in its details, else its message. */
export function reasonOf(error: AppError): string {
  const reason = error.details.reason;
  return typeof reason === 'string' ? reason : error.message;
}

/** Channels whose cases never appear in the public answers (letters to the leaders are private). */
const privateChannels = ['mailbox'] as const;
const isListed = (row: CaseRecordTable) =>
  !(privateChannels as readonly string[]).includes(row.channel) && row.status !== 'voided';

// ---------------------------------------------------------------------------------------------
// Jurisdiction, discovery, services

let rootCode: string | null = null;

/** Our jurisdiction_id: configured, or the district centre's unit code (e.g. 440310). */
export async function jurisdictionOf(deps: Pick<ModuleDeps, 'db' | 'config'>): Promise<string> {
  if (deps.config.integration.jurisdictionId) return deps.config.integration.jurisdictionId;
  if (!rootCode) rootCode = (await districtCentre(deps.db))?.code ?? 'citydesk';
  return rootCode;
}

/** One district per server, so jurisdiction_id is optional; another value is a 404. */
export async function checkJurisdiction(
  deps: Pick<ModuleDeps, 'db' | 'config'>,
  /** The jurisdiction_id argument as given (absent or empty: ours). */
  given: string | undefined,
): Promise<void> {
  const text = given?.trim() ?? '';
  if (text === '') return;
  const ours = await jurisdictionOf(deps);
  if (text !== ours) throw notFound('jurisdiction_id', `this server serves jurisdiction ${ours} only`);
}

/** The discovery document (Service Discovery spec): our one production GeoReport v2 endpoint. */
export async function discovery(deps: ModuleDeps, baseUrl: string): Promise<SparkObject> {
  const items = await listActiveItemViews(deps.db);
  const changeset = items.reduce(
    (latest, i) => (i.updatedAt > latest ? i.updatedAt : latest),
    '1970-01-01T00:00:00.000Z',
  );
  const stamp = formatW3c(changeset);
  return {
    changeset: stamp,
    contact: `${baseUrl}/ — 12345 政务服务便民热线 / citizen request centre`,
    key_service:
      'api_key 由系统管理员在管理后台“系统对接”中签发 / keys are issued by the system administrator (console → integrations)',
    endpoints: list('endpoint', [
      {
        specification,
        url: `${baseUrl}/open311/v2`,
        changeset: stamp,
        type: 'production',
        formats: list('format', ['text/xml', 'application/json']),
      },
    ]),
  };
}

function groupOf(item: CategoryItemView): string {
  return item.path.map((p) => p.name).join(' / ');
}

function serviceOf(item: CategoryItemView): SparkObject {
  return {
    service_code: item.code,
    service_name: item.name,
    description: item.description,
    metadata: item.extraFields.length > 0,
    type: 'realtime',
    keywords: item.keywords.join(', '),
    group: groupOf(item),
  };
}

export async function services(deps: ModuleDeps): Promise<SparkList> {
  return list('service', (await listActiveItemViews(deps.db)).map(serviceOf));
}

async function activeItem(deps: ModuleDeps, code: string): Promise<CategoryItemView> {
  // Active like intake requires (an item under a deactivated group is left out of the list only).
  const item = await getCategoryItemByCode(deps.db, code);
  if (!item || !item.active || item.path.length === 0) throw notFound('service_code', `no service ${code}`);
  return item;
}

const datatypeDescriptions: Partial<Record<string, { zh: string; en: string }>> = {
  number: { zh: '数字', en: 'A number' },
  datetime: {
    zh: '日期时间，含时区，如 2026-11-25T10:00:00+08:00',
    en: 'A date and time with its zone, e.g. 2026-11-25T10:00:00+08:00',
  },
  multivaluelist: { zh: '可多选', en: 'Choose one or more' },
  singlevaluelist: { zh: '单选', en: 'Choose one' },
};

/** A service's definition: its extra fields as Open311 attributes. */
export async function serviceDefinition(deps: ModuleDeps, code: string, locale: Locale): Promise<SparkObject> {
  const item = await activeItem(deps, code);
  return {
    service_code: item.code,
    attributes: list(
      'attribute',
      item.extraFields.map((f, index) => {
        const datatype = open311Datatype[f.type];
        const describe = datatypeDescriptions[datatype];
        const attribute: Record<string, SparkValue> = {
          variable: true,
          code: f.code,
          datatype,
          required: f.required,
          datatype_description: describe ? (locale === 'en-US' ? describe.en : describe.zh) : null,
          order: index + 1,
          description: locale === 'en-US' && f.labelEn ? f.labelEn : f.label,
        };
        if (f.options)
          attribute.values = list(
            'value',
            f.options.map((o) => ({ key: o.key, name: o.label })),
          );
        return attribute;
      }),
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// POST requests

export interface Open311Upload {
  field: string;
  bytes: Buffer;
}

/** The client behind a POST's api_key, refused (403) unless active and allowed the integration channel. */
async function clientOf(deps: ModuleDeps, values: ReadonlyMap<string, string>) {
  const key = values.get('api_key');
  const actor = key ? await resolveApiClient(deps.db, deps.clock, key) : null;
  if (!actor || !(actor.channels ?? []).includes('integration')) {
    throw new Open311Error(403, [
      {
        code: 'API_KEY_INVALID',
        field: 'api_key',
        reason: key ? 'unknown, revoked, or not allowed to create requests' : 'required to create requests',
      },
    ]);
  }
  return actor;
}

/** Turns intake's refusals into Open311 errors named by Open311's arguments. */
function open311Refusal(error: unknown): never {
  if (error instanceof AppError) {
    if (error.code === 'VALIDATION_FAILED') {
      const fields = (error.details.fields as FieldIssue[] | undefined) ?? [];
      throw badArguments(fields.map((f) => ({ field: open311FieldName(f.field), reason: f.reason })));
    }
    if (error.code === 'LOCATION_OUTSIDE_DISTRICT') {
      throw new Open311Error(400, [
        { code: 'LOCATION_OUTSIDE_DISTRICT', field: 'lat', reason: 'the point is outside the district' },
      ]);
    }
    if (
      error.code === 'UNSUPPORTED_MEDIA_TYPE' ||
      error.code === 'PAYLOAD_TOO_LARGE' ||
      error.code === 'TOO_MANY_ATTACHMENTS'
    ) {
      throw new Open311Error(400, [{ code: error.code, field: 'media', reason: reasonOf(error) }]);
    }
    if (error.code === 'FORBIDDEN') {
      throw new Open311Error(403, [
        { code: 'API_KEY_INVALID', field: 'api_key', reason: 'this client may not create requests' },
      ]);
    }
  }
  throw error;
}

/**
 * POST requests: a new case through the integration channel and the normal flow (routing,
 * deadlines, notices), as the client the api_key belongs to. Every problem of the arguments is
 * listed at once (400); a bad key is 403, an unknown service or jurisdiction 404.
 */
export async function postRequest(
  deps: ModuleDeps,
  base: Omit<UseCaseContext, 'actor'>,
  fields: Open311Fields,
  uploads: readonly Open311Upload[],
  locale: Locale,
): Promise<SparkList> {
  const { values } = fields;
  const actor = await clientOf(deps, values);
  await checkJurisdiction(deps, values.get('jurisdiction_id'));
  const ctx: UseCaseContext = { ...base, actor, channel: 'api' };
  const problems: FieldIssue[] = [];
  const code = values.get('service_code');
  if (!code) problems.push({ field: 'service_code', reason: 'required' });
  const { location, problems: where } = locationOf(values);
  problems.push(...where);
  const description = values.get('description');
  if (description && description.length > 4000)
    problems.push({ field: 'description', reason: 'at most 4,000 characters' });
  const mediaUrl = values.get('media_url');
  if (mediaUrl && (!/^https?:\/\/\S+$/i.test(mediaUrl) || mediaUrl.length > 2000)) {
    problems.push({ field: 'media_url', reason: 'an http:// or https:// URL of at most 2,000 characters' });
  }
  if (uploads.length > 9) problems.push({ field: 'media', reason: 'at most 9 files' });
  if (!code) throw badArguments(problems);
  const item = await activeItem(deps, code);
  const { answers, problems: answerProblems } = answersFor(fields.attributes, item.extraFields);
  problems.push(...answerProblems);
  let areaId: string | undefined;
  if (location?.kind === 'area') {
    const unit = await getUnitByCode(deps.db, location.code);
    if (!unit || unit.active !== 1 || !['street_centre', 'community', 'grid'].includes(unit.type)) {
      problems.push({ field: 'address_id', reason: 'not the code of a street, community or grid of this district' });
    } else areaId = unit.id;
  }
  const name = [values.get('last_name'), values.get('first_name')].filter(Boolean).join('');
  const candidate = {
    channel: 'integration',
    requestType: 'report',
    description: description ?? item.name,
    categoryId: item.id,
    location:
      location?.kind === 'point'
        ? { lat: location.lat, lon: location.lon, ...(location.address ? { address: location.address } : {}) }
        : location?.kind === 'address'
          ? { address: location.address }
          : location?.kind === 'area'
            ? { ...(areaId ? { areaId } : {}), ...(location.address ? { address: location.address } : {}) }
            : undefined,
    reporter: {
      ...(name ? { name: name.slice(0, 40) } : {}),
      ...(values.get('phone') ? { phone: values.get('phone') } : {}),
    },
    extraAnswers: answers,
  };
  const parsed = createCaseSchema.safeParse(candidate);
  if (!parsed.success) {
    problems.push(...fieldIssues(parsed.error).map((i) => ({ field: open311FieldName(i.field), reason: i.reason })));
  }
  if (problems.length > 0 || !parsed.success) throw badArguments(problems);

  const attachmentIds: string[] = [];
  try {
    for (const upload of uploads) {
      attachmentIds.push(
        (await storeUpload(deps.db, ctx, deps.config.dataDir, upload.bytes, { purpose: 'report' })).id,
      );
    }
  } catch (error) {
    open311Refusal(error);
  }
  const own = withIntakeExtra(ctx, {
    kind: 'open311',
    clientId: actor.id ?? '',
    serviceCode: item.code,
    // Files uploaded with the request take precedence over a media_url (v2.1 draft).
    mediaUrl: attachmentIds.length > 0 ? null : (mediaUrl ?? null),
    mediaAttachmentId: attachmentIds[0] ?? null,
  });
  let created;
  try {
    created = await createCase(deps, own, { ...parsed.data, attachmentIds });
  } catch (error) {
    open311Refusal(error);
  }
  return list('request', [
    {
      service_request_id: created.number,
      service_notice: serviceNotice(created.number, created.dueAt ? formatW3c(created.dueAt) : null, locale),
      account_id: null,
    },
  ]);
}

// ---------------------------------------------------------------------------------------------
// GET requests

const maxResults = 1000;
const maxSpanMs = 90 * 24 * 3600_000;

function intArg(
  query: Readonly<Record<string, string>>,
  name: string,
  min: number,
  max: number,
  problems: FieldIssue[],
) {
  const raw = query[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push({ field: name, reason: `an integer from ${min} to ${max}` });
    return undefined;
  }
  return n;
}

function timeArg(query: Readonly<Record<string, string>>, name: string, problems: FieldIssue[]): Date | undefined {
  const raw = query[name];
  if (raw === undefined || raw === '') return undefined;
  const parsed = parseW3c(raw);
  if (!parsed) problems.push({ field: name, reason: 'a W3C date-time with its time zone, e.g. 2010-01-01T00:00:00Z' });
  return parsed ?? undefined;
}

const commaList = (raw: string | undefined) =>
  (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** The search window: both dates, or 90 days up to one of them, or the last 90 days; at most 90 days. */
function windowOf(start: Date | undefined, end: Date | undefined, now: Date, problems: FieldIssue[]) {
  const to = end ?? (start ? new Date(Math.min(start.getTime() + maxSpanMs, now.getTime())) : now);
  const from = start ?? new Date(to.getTime() - maxSpanMs);
  if (from > to) problems.push({ field: 'end_date', reason: 'must not be before start_date' });
  else if (to.getTime() - from.getTime() > maxSpanMs)
    problems.push({ field: 'end_date', reason: 'the range may not span more than 90 days' });
  return { from, to };
}

async function presentRequests(
  deps: ModuleDeps,
  rows: readonly CaseRecordTable[],
  options: { locale: Locale; baseUrl: string; extensions: boolean },
): Promise<SparkList> {
  const ids = rows.map((r) => r.id);
  const [categories, units, entries, open311] = await Promise.all([
    categoryNamesByIds(
      deps.db,
      rows.map((r) => r.category_id).filter((id): id is string => id !== null),
    ),
    unitRefsByIds(
      deps.db,
      rows.flatMap((r) => [r.lead_unit_id, r.grid_id]).filter((id): id is string => id !== null),
    ),
    entriesOfCase(deps.db, ids, true),
    findOpen311Requests(deps.db, ids),
  ]);
  const expires = Math.floor(deps.clock.now().getTime() / 1000) + 24 * 3600;
  const requests: SparkValue[] = [];
  for (const row of rows) {
    const category = row.category_id ? categories.get(row.category_id) : undefined;
    const reply = entries.filter((e) => e.case_id === row.id && e.kind === 'reply').at(-1);
    const meta = open311.find((o) => o.case_id === row.id);
    const mediaUrl = meta?.media_attachment_id
      ? mediaLink(deps.signingSecret, options.baseUrl, meta.media_attachment_id, expires)
      : (meta?.media_url ?? null);
    const request: Record<string, SparkValue> = {
      service_request_id: row.number,
      status: open311StatusOf(row.node, row.status),
      status_notes: reply ? maskPersonalData(reply.body) : null,
      service_name: category?.name ?? null,
      service_code: category?.code ?? null,
      description: maskPersonalData(row.description),
      agency_responsible: row.lead_unit_id ? (units.get(row.lead_unit_id)?.name ?? null) : null,
      service_notice: null,
      requested_datetime: formatW3c(row.accepted_at),
      updated_datetime: formatW3c(row.closed_at ?? row.updated_at),
      expected_datetime: row.due_at ? formatW3c(row.due_at) : null,
      address: row.address,
      address_id: row.grid_id ? (units.get(row.grid_id)?.code ?? null) : null,
      zipcode: null,
      lat: row.lat === null ? null : Number(row.lat),
      long: row.lon === null ? null : Number(row.lon),
      media_url: mediaUrl,
    };
    if (options.extensions) {
      const view = await citizenCaseView(deps, row);
      request.notes = list(
        'note',
        view.nodes
          .filter((n) => (n.status === 'done' || n.status === 'current') && n.at)
          .map((n) => ({
            datetime: formatW3c(n.at as string),
            description: options.locale === 'en-US' ? n.name.en : n.name.zh,
            type: n.node,
          })),
      );
    }
    requests.push(request);
  }
  return list('request', requests);
}

/**
 * GET requests: by `service_request_id` (comma separated; overrides the other arguments), or by
 * `service_code`, `status`, `start_date`/`end_date` (default the last 90 days, at most 90 days)
 * and the extensions `updated_after`/`updated_before`, `page`/`page_size`; at most 1,000.
 */
export async function listRequests(
  deps: ModuleDeps,
  query: Readonly<Record<string, string>>,
  options: { locale: Locale; baseUrl: string },
): Promise<SparkList> {
  await checkJurisdiction(deps, query.jurisdiction_id);
  const problems: FieldIssue[] = [];
  const ids = commaList(query.service_request_id);
  const page = intArg(query, 'page', 1, 1_000_000, problems) ?? 1;
  const pageSize = intArg(query, 'page_size', 1, maxResults, problems) ?? maxResults;
  const extensions = query.extensions === 'true';
  if (ids.length > 0) {
    if (ids.length > maxResults) problems.push({ field: 'service_request_id', reason: `at most ${maxResults} ids` });
    if (problems.length > 0) throw badArguments(problems);
    const rows = (
      await listCasesForFeed(deps.db, { numbers: ids.map((i) => i.toUpperCase()), limit: maxResults, offset: 0 })
    ).filter(isListed);
    return presentRequests(deps, rows, { ...options, extensions });
  }
  const statuses = commaList(query.status);
  const bad = statuses.filter((s) => s !== 'open' && s !== 'closed');
  if (bad.length > 0) problems.push({ field: 'status', reason: 'open or closed (comma separated)' });
  const start = timeArg(query, 'start_date', problems);
  const end = timeArg(query, 'end_date', problems);
  const updatedAfter = timeArg(query, 'updated_after', problems);
  const updatedBefore = timeArg(query, 'updated_before', problems);
  const window = windowOf(start, end, deps.clock.now(), problems);
  if (problems.length > 0) throw badArguments(problems);
  const codes = commaList(query.service_code);
  let categoryIds: string[] | undefined;
  if (codes.length > 0) {
    const items = await listActiveItemViews(deps.db);
    categoryIds = items.filter((i) => codes.includes(i.code)).map((i) => i.id);
  }
  const caseStatuses: CaseStatus[] | undefined =
    statuses.length > 0
      ? [...new Set(statuses.flatMap((s) => open311StatusFilter[s as 'open' | 'closed']))]
      : undefined;
  const rows = await listCasesForFeed(deps.db, {
    categoryIds,
    statuses: caseStatuses?.filter((s) => s !== 'voided'),
    acceptedFrom: toDbTime(window.from),
    acceptedTo: toDbTime(window.to),
    updatedFrom: updatedAfter ? toDbTime(updatedAfter) : undefined,
    updatedTo: updatedBefore ? toDbTime(updatedBefore) : undefined,
    excludeChannels: [...privateChannels],
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  return presentRequests(deps, rows.filter(isListed), { ...options, extensions });
}

/** GET requests/{id}: one request by its case number. */
export async function getRequest(
  deps: ModuleDeps,
  id: string,
  query: Readonly<Record<string, string>>,
  options: { locale: Locale; baseUrl: string },
): Promise<SparkList> {
  await checkJurisdiction(deps, query.jurisdiction_id);
  const row = await findCaseByNumber(deps.db, id.toUpperCase());
  if (!row || !isListed(row)) throw notFound('service_request_id', `no request ${id}`);
  return presentRequests(deps, [row], { ...options, extensions: query.extensions === 'true' });
}

/** GET tokens/{token}: CityDesk answers POSTs at once (type realtime); a token is the case's id. */
export async function getToken(
  deps: ModuleDeps,
  token: string,
  query: Readonly<Record<string, string>>,
): Promise<SparkList> {
  await checkJurisdiction(deps, query.jurisdiction_id);
  const meta = (await findOpen311Requests(deps.db, [token]))[0];
  const row = meta ? await findCaseById(deps.db, meta.case_id) : undefined;
  if (!row || !isListed(row)) throw notFound('token', `no token ${token}`);
  return list('request', [{ service_request_id: row.number, token }]);
}

// ---------------------------------------------------------------------------------------------
// Media uploaded with requests (v2.1 draft: returned as media_url)

/** A link to a request's uploaded photo, signed and valid until `expires` (epoch seconds). */
export function mediaLink(secret: Buffer, baseUrl: string, attachmentId: string, expires: number): string {
  return `${baseUrl}/open311/v2/media/${attachmentId}.jpg?expires=${expires}&sig=${sign(secret, 'open311-media', attachmentId, String(expires))}`;
}

export function checkMediaLink(
  secret: Buffer,
  attachmentId: string,
  expires: number,
  sig: string,
  nowSeconds: number,
): boolean {
  return expires >= nowSeconds && verifySignature(secret, sig, 'open311-media', attachmentId, String(expires));
}

// ---------------------------------------------------------------------------------------------
// FixMyStreet's servicerequestupdates

/**
 * GET servicerequestupdates: the public updates (audit events of listed cases) between
 * `start_date` and `end_date` (default the last 24 hours; at most 90 days), newest first, with
 * FixMyStreet's extended statuses; `page`/`page_size` as for requests.
 */
export async function listUpdates(
  deps: ModuleDeps,
  query: Readonly<Record<string, string>>,
  locale: Locale,
): Promise<SparkList> {
  await checkJurisdiction(deps, query.jurisdiction_id);
  const problems: FieldIssue[] = [];
  const start = timeArg(query, 'start_date', problems);
  const end = timeArg(query, 'end_date', problems);
  const page = intArg(query, 'page', 1, 1_000_000, problems) ?? 1;
  const pageSize = intArg(query, 'page_size', 1, maxResults, problems) ?? maxResults;
  const now = deps.clock.now();
  const to = end ?? now;
  const from = start ?? new Date(to.getTime() - 24 * 3600_000);
  if (from > to) problems.push({ field: 'end_date', reason: 'must not be before start_date' });
  else if (to.getTime() - from.getTime() > maxSpanMs)
    problems.push({ field: 'end_date', reason: 'the range may not span more than 90 days' });
  if (problems.length > 0) throw badArguments(problems);
  const { items } = await listAuditEvents(deps.db, {
    subjectType: 'case',
    actions: publicUpdateActions,
    from: toDbTime(from),
    to: toDbTime(new Date(to.getTime() + 1)),
    limit: pageSize,
    offset: (page - 1) * pageSize,
  });
  const caseIds = [...new Set(items.map((e) => e.subjectId).filter((id): id is string => id !== null))];
  const [cases, entries] = await Promise.all([findCasesByIds(deps.db, caseIds), entriesOfCase(deps.db, caseIds, true)]);
  const byId = new Map(cases.map((c) => [c.id, c]));
  return list(
    'request_update',
    items.flatMap((event) => {
      const row = event.subjectId ? byId.get(event.subjectId) : undefined;
      if (!row || !isListed(row)) return [];
      const after = (event.after ?? {}) as { node?: CaseNode; status?: CaseStatus };
      const reply =
        event.action === 'case.replied' || event.action === 'case.fed_back' || event.action === 'case.closed_directly'
          ? entries.filter((e) => e.case_id === row.id && e.kind === 'reply' && e.created_at <= event.at).at(-1)
          : undefined;
      const update: SparkObject = {
        update_id: event.id,
        service_request_id: row.number,
        status: fmsStatusOf(event.action, after.node ?? row.node, after.status ?? row.status),
        updated_datetime: formatW3c(event.at),
        description: reply ? maskPersonalData(reply.body) : updateText(event.action, locale),
        media_url: null,
      };
      return [update];
    }),
  );
}

/**
 * POST servicerequestupdates: a comment from the client's user (kept as an internal note) or,
 * with status OPEN/REOPEN on a closed request the client sent, a reopen. Idempotent by the
 * client's `update_id`.
 */
export async function postUpdate(
  deps: ModuleDeps,
  base: Omit<UseCaseContext, 'actor'>,
  fields: Open311Fields,
): Promise<SparkList> {
  const { values } = fields;
  const actor = await clientOf(deps, values);
  await checkJurisdiction(deps, values.get('jurisdiction_id'));
  const ctx: UseCaseContext = { ...base, actor, channel: 'api' };
  const problems: FieldIssue[] = [];
  const number = values.get('service_request_id');
  const updateId = values.get('update_id');
  const status = (values.get('status') ?? 'OPEN').toUpperCase();
  const description = values.get('description') ?? '';
  if (!number) problems.push({ field: 'service_request_id', reason: 'required' });
  if (!updateId) problems.push({ field: 'update_id', reason: 'required (your id of this update)' });
  if (updateId && updateId.length > 100) problems.push({ field: 'update_id', reason: 'at most 100 characters' });
  if (description.length > 4000) problems.push({ field: 'description', reason: 'at most 4,000 characters' });
  const updatedAt = values.get('updated_datetime');
  if (updatedAt && !parseW3c(updatedAt))
    problems.push({ field: 'updated_datetime', reason: 'a W3C date-time with its time zone' });
  if (problems.length > 0 || !number || !updateId) throw badArguments(problems);
  const clientId = actor.id ?? '';
  const seen = await findUpdateIn(deps.db, clientId, updateId);
  if (seen) return list('request_update', [{ update_id: seen.id }]);
  const row = await findCaseByNumber(deps.db, number.toUpperCase());
  if (!row || !isListed(row)) throw notFound('service_request_id', `no request ${number}`);
  const wantsOpen = status === 'OPEN' || status === 'REOPEN';
  let action: 'note' | 'reopen' = 'note';
  try {
    if (wantsOpen && row.status === 'closed') {
      if (row.created_by_client_id !== clientId) {
        throw badArguments([{ field: 'status', reason: 'only the client that sent a request may reopen it' }]);
      }
      await reopenByCitizen(deps, ctx, row, description || `reopened through ${actor.displayName}`);
      action = 'reopen';
    } else {
      if (!description) throw badArguments([{ field: 'description', reason: 'required for a comment' }]);
      await performAction(deps, { ...ctx, actor: clientActor(actor, ['case.note']) }, row.id, 'note', {
        body: `【${actor.displayName}】${description}`.slice(0, 4000),
      });
    }
  } catch (error) {
    if (error instanceof AppError && (error.code === 'WINDOW_CLOSED' || error.code === 'ACTION_NOT_ALLOWED')) {
      throw new Open311Error(400, [{ code: error.code, field: 'status', reason: reasonOf(error) }]);
    }
    if (error instanceof AppError && error.code === 'NOT_FOUND')
      throw notFound('service_request_id', `no request ${number}`);
    throw error;
  }
  const id = newId(deps.clock.now().getTime());
  await transact(deps.db, (trx) =>
    insertUpdateIn(trx, {
      id,
      client_id: clientId,
      update_id: updateId,
      case_id: row.id,
      action,
      created_at: toDbTime(deps.clock.now()),
    }),
  );
  return list('request_update', [{ update_id: id }]);
}

export { collectFields };
