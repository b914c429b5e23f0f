import { timingSafeEqual } from 'node:crypto';
import type {
  CitizenGroup,
  CitizenGroupMemberPage,
  CitizenGroupMemberView,
  CitizenSessionView,
  CreateCaseInput,
  GroupMemberInput,
  MailboxLetterInput,
  PublicAreaCollection,
  PublicCaseListPage,
  PublicCaseView,
  PublicPlace,
  PublicReportInput,
  PublicReportReceipt,
  SmsCodeRequest,
  SmsCodeSent,
} from '@citydesk/shared';
import { toDbTime } from '../../platform/clock.js';
import type { UseCaseContext } from '../../platform/context.js';
import type { DbOrTrx } from '../../platform/db/connect.js';
import { transact } from '../../platform/db/transaction.js';
import type { ModuleDeps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { decodeKeysetCursor, encodeKeysetCursor } from '../../platform/keyset-cursor.js';
import { maskPhone } from '../../platform/logging.js';
import { recordAudit } from '../audit/index.js';
import { acceptCase, findCaseByNumber, listOwnCases, maskName, type AcceptedCase } from '../intake/index.js';
import { unlinkedUploadsWithKey } from '../media/index.js';
import { enqueueMessage } from '../notification/index.js';
import { areasGeoJson, getUnitByCode, lookupPoint } from '../org/index.js';
import { citizenCaseView, presentPublicCaseItems } from '../workflow/index.js';
import {
  hashAddress,
  hashPhone,
  hashVerificationCode,
  newSessionToken,
  newVerificationCode,
  openPhone,
  sealPhone,
  sessionIdOf,
} from './citizen-identity.js';
import {
  addressCodeRule,
  citizenSessionMs,
  codeMaxAttempts,
  codeValidityMs,
  phoneCodeRule,
  refusalOf,
  windowOf,
  type LimitRule,
} from './public-limits.js';
import {
  countWrongCode,
  deleteGroupMember,
  endCitizenSession,
  findGroupMember,
  findGroupMemberByPhone,
  findLiveCitizenSession,
  findOpenSmsCode,
  findRateWindow,
  groupsOfPhone,
  insertCitizenSession,
  insertGroupMember,
  insertSmsCode,
  listGroupMembers,
  purgeExpiredPortalRows,
  supersedeSmsCodes,
  takeRateWindow,
  useSmsCode,
} from './portal.repository.js';
import type { CitizenGroupMemberTable } from './portal.tables.js';

type PortalDeps = Pick<ModuleDeps, 'db' | 'clock' | 'config' | 'signingSecret'>;

/** A verified citizen: the session behind the cookie and its phone. */
export interface CitizenSession {
  id: string;
  phone: string;
  phoneHash: string;
  expiresAt: string;
}

/** The tags a special group's cases carry (the supervisors' and analytics' words for them). */
export const groupTags: Record<CitizenGroup, string> = {
  npc_deputy: '两代表一委员',
  cppcc_member: '两代表一委员',
  party_deputy: '两代表一委员',
  vulnerable: '困难群众',
  talent: '高层次人才',
};

/**
 * The tag that puts a group's case on the supervisors' key list (the same tag a formal
 * supervision notice sets): the priority follow-up the group entrance promises.
 */
export const keySupervisionTag = '重点督办';

// ---------------------------------------------------------------------------------------------
// Rate limits kept in the database

/** Counts one against a rule for a key, or refuses with RATE_LIMITED (how long, which limit). */
async function takeLimit(db: DbOrTrx, rule: LimitRule, key: string, at: Date): Promise<void> {
  const window = windowOf(rule, at);
  const taken = await takeRateWindow(db, key, {
    start: window.start,
    limit: rule.limit,
    now: toDbTime(at),
    gapBefore: rule.gap ? toDbTime(new Date(at.getTime() - rule.gap.ms)) : null,
  });
  if (taken) return;
  const state = await findRateWindow(db, key);
  const refusal = state
    ? refusalOf(rule, { windowStart: state.window_start, count: Number(state.count), lastAt: state.last_at }, at)
    : { limit: rule.name, retryAfterSeconds: 1 };
  throw new AppError('RATE_LIMITED', refusal);
}

/** Counts one against a per-address limit (the address kept only as a keyed hash). */
export async function takeAddressLimit(deps: PortalDeps, rule: LimitRule, purpose: string, ip: string): Promise<void> {
  await takeLimit(deps.db, rule, `${purpose}.ip:${hashAddress(deps.signingSecret, ip)}`, deps.clock.now());
}

let lastPurgeAt = 0;
/** Old codes, sessions and windows are deleted now and then, by whichever request comes along. */
async function purgeNowAndThen(deps: PortalDeps): Promise<void> {
  const now = deps.clock.now().getTime();
  if (Math.abs(now - lastPurgeAt) < 3600_000) return;
  lastPurgeAt = now;
  await purgeExpiredPortalRows(deps.db, toDbTime(new Date(now - 2 * 24 * 3600_000)));
}

// ---------------------------------------------------------------------------------------------
// Verification codes and sessions

/**
 * Sends a 6-digit code to a mobile number through the outbox (the log provider's message log
 * holds it in development). One code a minute and ten a Shanghai day per number, and a limit per
 * address; only the newest code works; only its keyed hash is stored.
 */
export async function requestSmsCode(
  deps: PortalDeps,
  ctx: UseCaseContext,
  input: SmsCodeRequest,
): Promise<SmsCodeSent> {
  await purgeNowAndThen(deps);
  const now = ctx.clock.now();
  const phoneHash = hashPhone(deps.signingSecret, input.phone);
  const code = newVerificationCode();
  const id = newId(now.getTime());
  await transact(deps.db, async (trx) => {
    // Both limits in one transaction: a refusal by the number's limit gives the address its count back.
    if (ctx.ip) await takeLimit(trx, addressCodeRule, `sms.ip:${hashAddress(deps.signingSecret, ctx.ip)}`, now);
    await takeLimit(trx, phoneCodeRule, `sms.phone:${phoneHash}`, now);
    await supersedeSmsCodes(trx, phoneHash, toDbTime(now));
    await insertSmsCode(trx, {
      id,
      phone_hash: phoneHash,
      purpose: input.purpose,
      code_hash: hashVerificationCode(deps.signingSecret, id, code),
      attempts: 0,
      created_at: toDbTime(now),
      expires_at: toDbTime(new Date(now.getTime() + codeValidityMs)),
      used_at: null,
    });
    await enqueueMessage(trx, ctx, {
      channel: 'sms',
      recipient: input.phone,
      template: 'verification_code',
      payload: { code, minutes: codeValidityMs / 60_000, purpose: input.purpose },
    });
  });
  return { expiresInSeconds: codeValidityMs / 1000, resendAfterSeconds: (phoneCodeRule.gap?.ms ?? 0) / 1000 };
}

/** What the citizen sees of their own session. */
async function presentSession(db: DbOrTrx, session: CitizenSession): Promise<CitizenSessionView> {
  return {
    phone: maskPhone(session.phone) ?? '',
    phoneLast4: session.phone.slice(-4),
    expiresAt: session.expiresAt,
    groups: await groupsOfPhone(db, session.phoneHash),
  };
}

const sameHash = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Proves the phone with the code sent to it and opens a 7-day citizen session. A wrong code
 * counts (5 and the code is dead) and says how many tries are left; a missing, old, used or
 * dead code is "expired": ask for a new one.
 */
export async function signInCitizen(
  deps: PortalDeps,
  ctx: UseCaseContext,
  input: { phone: string; code: string },
): Promise<{ token: string; session: CitizenSession; view: CitizenSessionView }> {
  const now = ctx.clock.now();
  const nowText = toDbTime(now);
  const phoneHash = hashPhone(deps.signingSecret, input.phone);
  const row = await findOpenSmsCode(deps.db, phoneHash);
  if (!row || row.expires_at <= nowText || Number(row.attempts) >= codeMaxAttempts) {
    throw new AppError('VERIFICATION_CODE_EXPIRED');
  }
  if (!sameHash(row.code_hash, hashVerificationCode(deps.signingSecret, row.id, input.code))) {
    // Counted outside any transaction: the refusal must not roll the count back.
    const attempts = await countWrongCode(deps.db, row.id);
    throw new AppError('VERIFICATION_CODE_INVALID', { attemptsLeft: Math.max(0, codeMaxAttempts - attempts) });
  }
  const { token, id } = newSessionToken();
  const session: CitizenSession = {
    id,
    phone: input.phone,
    phoneHash,
    expiresAt: toDbTime(new Date(now.getTime() + citizenSessionMs)),
  };
  await transact(deps.db, async (trx) => {
    if (!(await useSmsCode(trx, row.id, nowText, codeMaxAttempts))) throw new AppError('VERIFICATION_CODE_EXPIRED');
    await insertCitizenSession(trx, {
      id,
      phone_hash: phoneHash,
      phone_sealed: sealPhone(deps.signingSecret, input.phone),
      created_at: nowText,
      expires_at: session.expiresAt,
      ended_at: null,
    });
  });
  return { token, session, view: await presentSession(deps.db, session) };
}

/** The live session of a cookie token, or null (unknown, ended or expired). */
export async function citizenSessionOf(deps: PortalDeps, token: string): Promise<CitizenSession | null> {
  const row = await findLiveCitizenSession(deps.db, sessionIdOf(token), toDbTime(deps.clock.now()));
  if (!row) return null;
  let phone: string;
  try {
    phone = openPhone(deps.signingSecret, row.phone_sealed);
  } catch {
    // Sealed under another server secret (URL_SIGNING_SECRET changed): the citizen signs in again.
    return null;
  }
  return { id: row.id, phone, phoneHash: row.phone_hash, expiresAt: row.expires_at };
}

export async function citizenSessionView(deps: PortalDeps, session: CitizenSession): Promise<CitizenSessionView> {
  return presentSession(deps.db, session);
}

export async function signOutCitizen(deps: PortalDeps, session: CitizenSession): Promise<void> {
  await endCitizenSession(deps.db, session.id, toDbTime(deps.clock.now()));
}

// ---------------------------------------------------------------------------------------------
// Reports and letters

/** The receipt without its secret: what may be stored for replays (the link is derived again). */
export type StoredReceipt = Omit<PublicReportReceipt, 'trackingToken' | 'trackingUrl'>;

function receiptOf(accepted: AcceptedCase, requestType: PublicReportReceipt['requestType'], dropped: string[]) {
  return {
    number: accepted.created.number,
    requestType,
    acceptedAt: accepted.acceptedAt,
    dueAt: accepted.created.dueAt,
    timeLimit: accepted.timeLimit,
    droppedAttachmentIds: dropped,
  } satisfies StoredReceipt;
}

/**
 * 随手拍 / 我要反映: a citizen's report through intake's normal flow (number, deadlines, routing,
 * acceptance notice). With a session the reporter's phone is the verified one; anonymous, no
 * phone and no name are kept. The group entrance tags the case with the group and for key
 * supervision, and marks it urgent. Photos are attached only when uploaded with the report's
 * upload key and not yet attached; the others are listed as dropped.
 */
export async function submitReport(
  deps: ModuleDeps,
  ctx: UseCaseContext,
  citizen: CitizenSession | null,
  input: PublicReportInput,
  trackingToken: string,
): Promise<StoredReceipt> {
  const tags: string[] = [];
  let urgency: CreateCaseInput['urgency'] = 'normal';
  if (input.entrance === 'group') {
    if (input.anonymous || !citizen) {
      throw new AppError('VALIDATION_FAILED', {
        fields: [{ field: 'anonymous', reason: 'a report through a group’s own entrance is not anonymous' }],
      });
    }
    const groups = await groupsOfPhone(deps.db, citizen.phoneHash);
    if (groups.length === 0) {
      throw new AppError('FORBIDDEN', { reason: 'this number is not registered in a special group' });
    }
    tags.push(...new Set(groups.map((g) => groupTags[g])), keySupervisionTag);
    urgency = 'urgent';
  }
  const kept =
    input.uploadKey && input.attachmentIds.length > 0
      ? new Set(await unlinkedUploadsWithKey(deps.db, input.attachmentIds, input.uploadKey))
      : new Set<string>();
  const attachmentIds = [...new Set(input.attachmentIds)].filter((id) => kept.has(id));
  const dropped = input.attachmentIds.filter((id) => !kept.has(id));
  const caseInput: CreateCaseInput = {
    channel: input.channel,
    requestType: input.requestType,
    description: input.description,
    ...(input.categoryId ? { categoryId: input.categoryId } : {}),
    ...(input.location ? { location: input.location } : {}),
    reporter: input.anonymous
      ? { anonymous: true }
      : { anonymous: false, phone: citizen?.phone, ...(input.name ? { name: input.name } : {}) },
    extraAnswers: input.extraAnswers,
    attachmentIds,
    tags,
    urgency,
  };
  const accepted = await acceptCase(deps, ctx, caseInput, {
    trackingToken,
    ...(input.uploadKey ? { uploadKey: input.uploadKey } : {}),
  });
  return receiptOf(accepted, input.requestType, dropped);
}

/**
 * 领导信箱: a letter without a location, dispatched at once to the leader's office unit
 * (MAILBOX_UNIT_CODE) as the lead unit, so it waits in that unit's inbox to be signed for.
 */
export async function submitLetter(
  deps: ModuleDeps,
  ctx: UseCaseContext,
  citizen: CitizenSession | null,
  input: MailboxLetterInput,
  trackingToken: string,
): Promise<StoredReceipt> {
  const office = await getUnitByCode(deps.db, deps.config.portal.mailboxUnitCode);
  if (!office || office.active !== 1) {
    throw new AppError('SERVICE_UNAVAILABLE', {
      reason: `the leader mailbox unit ${deps.config.portal.mailboxUnitCode} does not exist or is inactive`,
    });
  }
  const accepted = await acceptCase(
    deps,
    ctx,
    {
      channel: 'mailbox',
      requestType: input.requestType,
      title: input.subject,
      description: input.description,
      reporter: input.anonymous
        ? { anonymous: true }
        : { anonymous: false, phone: citizen?.phone, ...(input.name ? { name: input.name } : {}) },
      extraAnswers: {},
      attachmentIds: [],
      tags: [],
      urgency: 'normal',
    },
    { trackingToken, routeTo: { leadUnitId: office.id, reason: '领导信箱来信 / letter to the leader mailbox' } },
  );
  return receiptOf(accepted, input.requestType, []);
}

// ---------------------------------------------------------------------------------------------
// The citizen's own cases

export async function listMyCases(
  deps: PortalDeps,
  citizen: CitizenSession,
  cursor: string | undefined,
): Promise<PublicCaseListPage> {
  const page = await listOwnCases(deps.db, { reporterPhone: citizen.phone }, { limit: 20, cursor });
  return { items: await presentPublicCaseItems(deps.db, page.rows), nextCursor: page.nextCursor };
}

/** One of the citizen's own cases (404 for any other, anonymous ones included). */
export async function getMyCase(deps: PortalDeps, citizen: CitizenSession, number: string): Promise<PublicCaseView> {
  const row = await findCaseByNumber(deps.db, number.toUpperCase());
  if (!row || row.reporter_anonymous !== 0 || row.reporter_phone !== citizen.phone) {
    throw new AppError('NOT_FOUND', {});
  }
  return citizenCaseView(deps, row);
}

// ---------------------------------------------------------------------------------------------
// Public geography

/** The district outline, its streets and communities: names and shapes only. */
export async function publicAreas(deps: PortalDeps): Promise<PublicAreaCollection> {
  const areas = await areasGeoJson(deps.db, ['district_centre', 'street_centre', 'community']);
  return {
    type: 'FeatureCollection',
    features: areas.features.map((f) => ({
      type: 'Feature',
      id: f.id,
      properties: {
        id: f.properties.id,
        name: f.properties.name,
        nameEn: f.properties.nameEn,
        type: f.properties.type as 'district_centre' | 'street_centre' | 'community',
      },
      geometry: f.geometry,
    })),
  };
}

/** Where a point falls: street, community and grid by name (no codes, staff or contacts). */
export async function publicPlaceOf(deps: PortalDeps, lat: number, lon: number): Promise<PublicPlace> {
  const place = await lookupPoint(deps.db, lat, lon);
  const ref = (u: { id: string; name: string } | null) => (u ? { id: u.id, name: u.name } : null);
  return {
    inside: place.street !== null,
    street: ref(place.street),
    community: ref(place.community),
    grid: ref(place.grid),
  };
}

// ---------------------------------------------------------------------------------------------
// Special groups (the system administrator's list)

function presentMember(row: CitizenGroupMemberTable): CitizenGroupMemberView {
  return {
    id: row.id,
    phone: row.phone_masked,
    name: row.name,
    group: row.group_code,
    note: row.note,
    createdAt: row.created_at,
  };
}

export async function listCitizenGroupMembers(
  deps: PortalDeps,
  query: { group?: CitizenGroup | undefined; cursor?: string | undefined; limit: number },
): Promise<CitizenGroupMemberPage> {
  const rows = await listGroupMembers(
    deps.db,
    { group: query.group },
    { limit: query.limit + 1, after: decodeKeysetCursor(query.cursor) },
  );
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(presentMember),
    nextCursor: rows.length > query.limit && last ? encodeKeysetCursor(last) : null,
  };
}

/** Registers a phone in a special group; audited with the number and name masked. */
export async function addCitizenGroupMember(
  deps: PortalDeps,
  ctx: UseCaseContext,
  input: GroupMemberInput,
): Promise<CitizenGroupMemberView> {
  const phoneHash = hashPhone(deps.signingSecret, input.phone);
  if (await findGroupMemberByPhone(deps.db, phoneHash, input.group)) {
    throw new AppError('CONFLICT', { reason: 'this number is already registered in this group', group: input.group });
  }
  const now = ctx.clock.now();
  const row: CitizenGroupMemberTable = {
    id: newId(now.getTime()),
    phone_hash: phoneHash,
    phone_sealed: sealPhone(deps.signingSecret, input.phone),
    phone_masked: maskPhone(input.phone) ?? '',
    name: input.name,
    group_code: input.group,
    note: input.note,
    created_at: toDbTime(now),
    created_by_user_id: ctx.actor.kind === 'user' ? ctx.actor.id : null,
  };
  await transact(deps.db, async (trx) => {
    await insertGroupMember(trx, row);
    await recordAudit(trx, ctx, {
      action: 'citizen_group.member_added',
      subjectType: 'citizen_group_member',
      subjectId: row.id,
      // The audit log is kept for years: the person only masked.
      after: { group: row.group_code, phone: row.phone_masked, name: maskName(row.name) },
    });
  });
  return presentMember(row);
}

export async function removeCitizenGroupMember(deps: PortalDeps, ctx: UseCaseContext, id: string): Promise<void> {
  const row = await findGroupMember(deps.db, id);
  if (!row) throw new AppError('NOT_FOUND', { id });
  await transact(deps.db, async (trx) => {
    await deleteGroupMember(trx, id);
    await recordAudit(trx, ctx, {
      action: 'citizen_group.member_removed',
      subjectType: 'citizen_group_member',
      subjectId: id,
      before: { group: row.group_code, phone: row.phone_masked, name: maskName(row.name) },
    });
  });
}
