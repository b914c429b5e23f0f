import type { AccountabilityPage, AccountabilityView, NoticeView, ReviewView } from '@citydesk/shared';
import { toDbTime } from '../../platform/clock.js';
import { scopePathOf, systemContext, type UseCaseContext } from '../../platform/context.js';
import { dialectOf, type Db, type DbOrTrx, type Trx } from '../../platform/db/connect.js';
import { transact } from '../../platform/db/transaction.js';
import type { ModuleDeps } from '../../platform/deps.js';
import { AppError } from '../../platform/errors.js';
import { decodeKeysetCursor, encodeKeysetCursor } from '../../platform/keyset-cursor.js';
import { newId } from '../../platform/ids.js';
import { recordAudit } from '../audit/index.js';
import { activeAssignments } from '../dispatch/index.js';
import {
  addTag,
  evaluateDeadlines,
  findCaseById,
  isCaseInScope,
  publishCaseChange,
  type CaseRecordTable,
} from '../intake/index.js';
import { getUnitRow, isRootPath, isWithin, unitIdsInScope, unitRefsByIds } from '../org/index.js';
import { workflowSettingsOf } from '../settings/index.js';
import type { NoticeKind, ReviewReason } from './supervision.tables.js';

// ---------------------------------------------------------------------------------------------
// Who is responsible for a case at its current node

export interface Responsible {
  unitId: string;
  userId: string | null;
}

/**
 * The units that owe the next step: the dispatching centre before dispatch and after feedback;
 * the lead unit and co-units that have not fed back while handling; the grid while verifying.
 */
export async function responsibleFor(db: DbOrTrx, row: CaseRecordTable): Promise<Responsible[]> {
  switch (row.node) {
    case 'sign':
    case 'handle':
    case 'feedback': {
      const live = await activeAssignments(db, row.id);
      const owing = live.filter((a) => a.status !== 'fed_back' || (row.node === 'feedback' && a.role === 'lead'));
      if (owing.length > 0) return owing.map((a) => ({ unitId: a.unit_id, userId: a.signed_by }));
      return row.lead_unit_id
        ? [{ unitId: row.lead_unit_id, userId: null }]
        : [{ unitId: row.owner_unit_id, userId: null }];
    }
    case 'verify': {
      const unit = row.grid_id ?? row.community_id ?? row.owner_unit_id;
      return [{ unitId: unit, userId: null }];
    }
    default:
      return [{ unitId: row.owner_unit_id, userId: null }];
  }
}

async function addNotice(
  trx: Trx,
  ctx: UseCaseContext,
  caseId: string,
  kind: NoticeKind,
  toUnitId: string,
  reason: string,
): Promise<string> {
  const id = newId(ctx.clock.now().getTime());
  await trx
    .insertInto('supervision_notice')
    .values({
      id,
      case_id: caseId,
      kind,
      to_unit_id: toUnitId,
      from_user_id: ctx.actor.kind === 'user' ? ctx.actor.id : null,
      from_unit_id: ctx.actor.unitId,
      reason,
      created_at: toDbTime(ctx.clock.now()),
      signed_at: null,
      signed_by: null,
    })
    .execute();
  return id;
}

async function addAccountability(
  trx: Trx,
  ctx: UseCaseContext,
  row: CaseRecordTable,
  r: Responsible,
  reason: string,
): Promise<void> {
  await trx
    .insertInto('accountability_record')
    .values({
      id: newId(ctx.clock.now().getTime()),
      case_id: row.id,
      unit_id: r.unitId,
      user_id: r.userId,
      node: row.node,
      reason,
      created_at: toDbTime(ctx.clock.now()),
    })
    .execute();
}

// ---------------------------------------------------------------------------------------------
// The deadline sweep

export interface SweepResult {
  checked: number;
  turnedAmber: number;
  turnedRed: number;
  notices: number;
}

/**
 * Moves the deadline status of open cases whose next check is due, and applies the rules: an
 * urge to the responsible units at amber; supervision to them, escalation to their parent units
 * and an accountability record at red. Safe with several processes on PostgreSQL: each batch is
 * claimed with FOR UPDATE SKIP LOCKED, so two sweeps never take the same case.
 */
export async function sweepDeadlines(deps: ModuleDeps, batchSize = 500): Promise<SweepResult> {
  const ctx = systemContext(deps.clock);
  const result: SweepResult = { checked: 0, turnedAmber: 0, turnedRed: 0, notices: 0 };
  for (;;) {
    const now = deps.clock.now();
    const batch = await transact(deps.db, async (trx) => {
      let query = trx
        .selectFrom('case_record')
        .selectAll()
        .where('status', '=', 'open')
        .where('next_check_at', '<=', toDbTime(now))
        .orderBy('next_check_at')
        .limit(batchSize);
      if (dialectOf(trx) === 'postgres') query = query.forUpdate().skipLocked();
      const rows = await query.execute();
      for (const row of rows) result.notices += await sweepOne(trx, deps, ctx, row, now, result);
      return rows.length;
    });
    result.checked += batch;
    if (batch < batchSize) return result;
  }
}

async function sweepOne(
  trx: Trx,
  deps: ModuleDeps,
  ctx: UseCaseContext,
  row: CaseRecordTable,
  now: Date,
  tally: SweepResult,
): Promise<number> {
  const evaluated = evaluateDeadlines(now, row.node, {
    dueAt: row.due_at,
    amberAt: row.amber_at,
    nodeDueAt: row.node_due_at,
    nodeAmberAt: row.node_amber_at,
  });
  // Deadline status is derived data: changing it does not bump the case version, so a handler's
  // action in flight is not refused because the clock moved.
  await trx
    .updateTable('case_record')
    .set({ deadline_status: evaluated.status, next_check_at: evaluated.nextCheckAt })
    .where('id', '=', row.id)
    .execute();
  if (evaluated.status === row.deadline_status) return 0;
  let notices = 0;
  const responsible = await responsibleFor(trx, row);
  const cases = workflowSettingsOf(deps);
  if (evaluated.status === 'amber') {
    tally.turnedAmber++;
    if (cases.urgeAtAmber) {
      for (const r of responsible) {
        await addNotice(
          trx,
          ctx,
          row.id,
          'urge',
          r.unitId,
          `工单 ${row.number} 办理时限已过 ${Math.round(cases.amberRatio * 100)}%`,
        );
        notices++;
      }
    }
  } else if (evaluated.status === 'red') {
    tally.turnedRed++;
    for (const r of responsible) {
      await addAccountability(trx, ctx, row, r, `overdue at ${row.node}`);
      if (!cases.escalateAtRed) continue;
      await addNotice(trx, ctx, row.id, 'supervise', r.unitId, `工单 ${row.number} 已超期`);
      notices++;
      const unit = await getUnitRow(trx, r.unitId);
      const parent = unit?.parent_id ?? null;
      if (parent) {
        await addNotice(trx, ctx, row.id, 'escalation', parent, `下级单位办理的工单 ${row.number} 已超期`);
        notices++;
      }
    }
  }
  await recordAudit(trx, ctx, {
    action:
      evaluated.status === 'red'
        ? 'case.turned_red'
        : evaluated.status === 'amber'
          ? 'case.turned_amber'
          : 'case.deadline_checked',
    subjectType: 'case',
    subjectId: row.id,
    before: { node: row.node, status: row.status, deadlineStatus: row.deadline_status },
    after: {
      node: row.node,
      status: row.status,
      deadlineStatus: evaluated.status,
      units: responsible.map((r) => r.unitId),
    },
  });
  await publishCaseChange(deps, trx, row.id, `case.turned_${evaluated.status}`, undefined, ctx);
  return notices;
}

// ---------------------------------------------------------------------------------------------
// Manual supervision

async function visibleCase(deps: ModuleDeps, ctx: UseCaseContext, caseId: string): Promise<CaseRecordTable> {
  const row = await findCaseById(deps.db, caseId);
  if (!row || !(await isCaseInScope(deps.db, caseId, scopePathOf(ctx.actor))))
    throw new AppError('NOT_FOUND', { id: caseId });
  return row;
}

/** 催办 or 督办 by a supervisor or leader: notices to the responsible units (督办 also flags the case). */
export async function superviseCase(
  deps: ModuleDeps,
  ctx: UseCaseContext,
  caseId: string,
  kind: 'urge' | 'supervise',
  reason: string,
): Promise<{ notices: number }> {
  const row = await visibleCase(deps, ctx, caseId);
  if (row.status !== 'open' && row.status !== 'suspended')
    throw new AppError('ACTION_NOT_ALLOWED', { reason: `the case is ${row.status}` });
  return transact(deps.db, async (trx) => {
    const responsible = await responsibleFor(trx, row);
    for (const r of responsible) await addNotice(trx, ctx, row.id, kind, r.unitId, reason);
    if (kind === 'supervise') await addTag(trx, row.id, '重点督办', toDbTime(ctx.clock.now()));
    await recordAudit(trx, ctx, {
      action: kind === 'urge' ? 'case.urged' : 'case.supervised',
      subjectType: 'case',
      subjectId: row.id,
      before: { node: row.node, status: row.status },
      after: { node: row.node, status: row.status, units: responsible.map((r) => r.unitId) },
      reason,
    });
    await publishCaseChange(deps, trx, row.id, kind === 'urge' ? 'case.urged' : 'case.supervised', undefined, ctx);
    return { notices: responsible.length };
  });
}

/** A supervisor records who is accountable for a case (beyond the automatic overdue records). */
export async function recordAccountability(
  deps: ModuleDeps,
  ctx: UseCaseContext,
  caseId: string,
  unitId: string,
  reason: string,
): Promise<void> {
  const row = await visibleCase(deps, ctx, caseId);
  const unit = await getUnitRow(deps.db, unitId);
  if (!unit) throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'unitId', reason: 'no such unit' }] });
  await transact(deps.db, async (trx) => {
    await addAccountability(trx, ctx, row, { unitId, userId: null }, reason);
    await recordAudit(trx, ctx, {
      action: 'case.accountability_recorded',
      subjectType: 'case',
      subjectId: row.id,
      after: { unitId },
      reason,
    });
  });
}

/** A unit signs for a notice addressed to it (or to a unit under it). */
export async function signNotice(deps: ModuleDeps, ctx: UseCaseContext, noticeId: string): Promise<void> {
  const notice = await deps.db
    .selectFrom('supervision_notice')
    .selectAll()
    .where('id', '=', noticeId)
    .executeTakeFirst();
  const unit = notice ? await getUnitRow(deps.db, notice.to_unit_id) : undefined;
  const scope = scopePathOf(ctx.actor);
  if (!notice || !unit || (scope !== null && !isWithin(unit.path, scope)))
    throw new AppError('NOT_FOUND', { id: noticeId });
  if (notice.signed_at) throw new AppError('ACTION_NOT_ALLOWED', { reason: 'already signed for' });
  await transact(deps.db, async (trx) => {
    await trx
      .updateTable('supervision_notice')
      .set({ signed_at: toDbTime(ctx.clock.now()), signed_by: ctx.actor.id })
      .where('id', '=', noticeId)
      .where('signed_at', 'is', null)
      .execute();
    await recordAudit(trx, ctx, {
      action: 'notice.signed',
      subjectType: 'case',
      subjectId: notice.case_id,
      after: { noticeId, kind: notice.kind },
    });
  });
}

export type { NoticeView, ReviewView, AccountabilityView, AccountabilityPage };

/** Notices to units in the caller's scope. */
export async function listNotices(
  db: Db,
  scopePath: string | null,
  filter: { signed?: boolean; caseId?: string; kind?: NoticeKind; limit: number },
): Promise<NoticeView[]> {
  let query = db
    .selectFrom('supervision_notice as n')
    .innerJoin('case_record as c', 'c.id', 'n.case_id')
    .select([
      'n.id',
      'n.case_id',
      'c.number',
      'c.title',
      'n.kind',
      'n.to_unit_id',
      'n.from_unit_id',
      'n.reason',
      'n.created_at',
      'n.signed_at',
    ]);
  if (scopePath !== null) query = query.where('n.to_unit_id', 'in', unitIdsInScope(db, scopePath));
  if (filter.signed !== undefined) query = query.where('n.signed_at', filter.signed ? 'is not' : 'is', null);
  if (filter.caseId) query = query.where('n.case_id', '=', filter.caseId);
  if (filter.kind) query = query.where('n.kind', '=', filter.kind);
  const rows = await query.orderBy('n.created_at', 'desc').limit(filter.limit).execute();
  const units = await unitRefsByIds(
    db,
    rows.flatMap((r) => [r.to_unit_id, r.from_unit_id]).filter((id): id is string => id !== null),
  );
  const unit = (id: string | null) => {
    const u = id ? units.get(id) : undefined;
    return u ? { id: u.id, name: u.name } : null;
  };
  return rows.map((r) => ({
    id: r.id,
    caseId: r.case_id,
    caseNumber: r.number,
    caseTitle: r.title,
    kind: r.kind,
    toUnit: unit(r.to_unit_id),
    fromUnit: unit(r.from_unit_id),
    reason: r.reason,
    createdAt: r.created_at,
    signedAt: r.signed_at,
  }));
}

// ---------------------------------------------------------------------------------------------
// Reviews

async function openReview(
  trx: Trx,
  ctx: UseCaseContext,
  caseId: string,
  reason: ReviewReason,
  detail: Record<string, unknown>,
) {
  const id = newId(ctx.clock.now().getTime());
  await trx
    .insertInto('case_review')
    .values({
      id,
      case_id: caseId,
      reason,
      status: 'open',
      outcome: null,
      created_at: toDbTime(ctx.clock.now()),
      closed_at: null,
      closed_by: null,
    })
    .execute();
  await recordAudit(trx, ctx, {
    action: 'review.opened',
    subjectType: 'case',
    subjectId: caseId,
    after: { reviewId: id, reason, ...detail },
  });
}

/** Opens supervisor reviews when workflow reports a poor rating, an unsolved visit or a reopen. */
export function registerSupervisionHandlers(deps: ModuleDeps): void {
  deps.events.on('case.rated_poorly', (trx, ctx, e) => openReview(trx, ctx, e.caseId, 'bad_rating', e.data));
  deps.events.on('case.visit_unsolved', (trx, ctx, e) => openReview(trx, ctx, e.caseId, 'visit_unsolved', e.data));
  deps.events.on('case.reopened', (trx, ctx, e) => openReview(trx, ctx, e.caseId, 'citizen_reopen', e.data));
  deps.events.on('case.leader_assigned', async (trx, ctx, e) => {
    const row = await findCaseById(trx, e.caseId);
    if (!row) return;
    for (const r of await responsibleFor(trx, row)) {
      await addNotice(
        trx,
        ctx,
        row.id,
        'leader',
        r.unitId,
        typeof e.data.instruction === 'string' ? e.data.instruction : '',
      );
    }
  });
}

export async function listReviews(
  db: Db,
  scopePath: string | null,
  filter: { status?: 'open' | 'closed'; caseId?: string; limit: number },
): Promise<ReviewView[]> {
  let query = db
    .selectFrom('case_review as r')
    .innerJoin('case_record as c', 'c.id', 'r.case_id')
    .select([
      'r.id',
      'r.case_id',
      'c.number',
      'c.title',
      'r.reason',
      'r.status',
      'r.outcome',
      'r.created_at',
      'r.closed_at',
    ]);
  if (scopePath !== null) {
    query = query.where(
      'r.case_id',
      'in',
      db.selectFrom('case_party').select('case_id').where('unit_id', 'in', unitIdsInScope(db, scopePath)),
    );
  }
  if (filter.status) query = query.where('r.status', '=', filter.status);
  if (filter.caseId) query = query.where('r.case_id', '=', filter.caseId);
  const rows = await query.orderBy('r.created_at', 'desc').limit(filter.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    caseId: r.case_id,
    caseNumber: r.number,
    caseTitle: r.title,
    reason: r.reason,
    status: r.status,
    outcome: r.outcome,
    createdAt: r.created_at,
    closedAt: r.closed_at,
  }));
}

export async function closeReview(
  deps: ModuleDeps,
  ctx: UseCaseContext,
  reviewId: string,
  outcome: string,
): Promise<void> {
  const review = await deps.db.selectFrom('case_review').selectAll().where('id', '=', reviewId).executeTakeFirst();
  if (!review || !(await isCaseInScope(deps.db, review.case_id, scopePathOf(ctx.actor))))
    throw new AppError('NOT_FOUND', { id: reviewId });
  if (review.status === 'closed') throw new AppError('ACTION_NOT_ALLOWED', { reason: 'the review is closed' });
  await transact(deps.db, async (trx) => {
    await trx
      .updateTable('case_review')
      .set({ status: 'closed', outcome, closed_at: toDbTime(ctx.clock.now()), closed_by: ctx.actor.id })
      .where('id', '=', reviewId)
      .execute();
    await recordAudit(trx, ctx, {
      action: 'review.closed',
      subjectType: 'case',
      subjectId: review.case_id,
      after: { reviewId, outcome },
    });
  });
}

export async function accountabilityOf(db: Db, caseId: string) {
  const rows = await db
    .selectFrom('accountability_record')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .execute();
  const units = await unitRefsByIds(
    db,
    rows.map((r) => r.unit_id),
  );
  return rows.map((r) => ({
    id: r.id,
    unit: units.get(r.unit_id) ? { id: r.unit_id, name: units.get(r.unit_id)?.name ?? '' } : null,
    userId: r.user_id,
    node: r.node,
    reason: r.reason,
    createdAt: r.created_at,
  }));
}

/** The sweep writes `overdue at <node>` when a case goes red; anything else a supervisor wrote. */
const automaticReason = /^overdue at [a-z_]+$/;

/** Accountability records of the cases in the caller's scope, newest first, one keyset page at a time. */
export async function listAccountability(
  db: Db,
  scopePath: string | null,
  filter: { kind?: 'overdue' | 'manual'; cursor?: string; limit: number },
): Promise<AccountabilityPage> {
  let query = db
    .selectFrom('accountability_record as r')
    .innerJoin('case_record as c', 'c.id', 'r.case_id')
    .select(['r.id', 'r.case_id', 'c.number', 'c.title', 'r.unit_id', 'r.node', 'r.reason', 'r.created_at']);
  if (scopePath !== null && !isRootPath(scopePath)) {
    // Walk the records newest first and check each case's few parties, rather than first
    // collecting every case the scope ever had: a page needs only the first 50 that match.
    const units = unitIdsInScope(db, scopePath);
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('case_party')
          .select('case_party.case_id')
          .whereRef('case_party.case_id', '=', 'r.case_id')
          .where('case_party.unit_id', 'in', units),
      ),
    );
  }
  if (filter.kind === 'overdue') query = query.where('r.reason', 'like', 'overdue at %');
  if (filter.kind === 'manual') query = query.where('r.reason', 'not like', 'overdue at %');
  const cursor = decodeKeysetCursor(filter.cursor);
  if (cursor) {
    query = query.where((eb) =>
      eb.or([
        eb('r.created_at', '<', cursor.createdAt),
        eb.and([eb('r.created_at', '=', cursor.createdAt), eb('r.id', '<', cursor.id)]),
      ]),
    );
  }
  const rows = await query
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  const pageRows = rows.slice(0, filter.limit);
  const units = await unitRefsByIds(
    db,
    pageRows.map((r) => r.unit_id),
  );
  const last = pageRows[pageRows.length - 1];
  return {
    items: pageRows.map((r) => {
      const unit = units.get(r.unit_id);
      return {
        id: r.id,
        caseId: r.case_id,
        caseNumber: r.number,
        caseTitle: r.title,
        unit: unit ? { id: unit.id, name: unit.name } : null,
        node: r.node,
        kind: automaticReason.test(r.reason) ? 'overdue' : 'manual',
        reason: r.reason,
        createdAt: r.created_at,
      };
    }),
    nextCursor: rows.length > filter.limit && last ? encodeKeysetCursor(last) : null,
  };
}
