import { nodesFor, type CaseDetail, type EntryView, type UnitName } from '@citydesk/shared';
import type { DbOrTrx } from '../../platform/db/connect.js';
import { displayNamesByIds } from '../auth/index.js';
import { listAuditEvents, type AuditEventView } from '../audit/index.js';
import { getCategoryItem } from '../catalogue/index.js';
import { presentSummaries, type CaseRecordTable } from '../intake/index.js';
import { listAttachments } from '../media/index.js';
import { unitRefsByIds } from '../org/index.js';
import type { CaseActionName } from '@citydesk/shared';
import { entriesOfCase, extensionsOfCase } from './entries.js';

export type UnitLabel = UnitName;

export type { CaseDetail, EntryView };

const label = (u: { id: string; code: string; name: string } | undefined): UnitLabel | null =>
  u ? { id: u.id, code: u.code, name: u.name } : null;

/** Builds the staff view of a case (the caller has already checked it may see it). */
export async function presentCaseDetail(
  db: DbOrTrx,
  row: CaseRecordTable,
  actions: CaseActionName[],
): Promise<CaseDetail> {
  const [summary] = await presentSummaries(db, [row]);
  if (!summary) throw new Error('summary missing');
  const [assignments, entries, attachments, extensions, rating, merged, mergedInto] = await Promise.all([
    db
      .selectFrom('case_assignment')
      .selectAll()
      .where('case_id', '=', row.id)
      .orderBy('dispatched_at')
      .orderBy('id')
      .execute(),
    entriesOfCase(db, [row.id]),
    listAttachments(db, { caseId: row.id }),
    extensionsOfCase(db, row.id),
    db.selectFrom('case_rating').selectAll().where('case_id', '=', row.id).executeTakeFirst(),
    db.selectFrom('case_record').select(['id', 'number']).where('merged_into_id', '=', row.id).execute(),
    row.merged_into_id
      ? db.selectFrom('case_record').select(['id', 'number']).where('id', '=', row.merged_into_id).executeTakeFirst()
      : Promise.resolve(undefined),
  ]);
  const units = await unitRefsByIds(
    db,
    [
      row.grid_id,
      row.community_id,
      ...assignments.flatMap((a) => [a.unit_id, a.from_unit_id]),
      ...entries.map((e) => e.author_unit_id),
      ...extensions.map((e) => e.unit_id),
    ].filter((id): id is string => id !== null),
  );
  const entryView = (e: (typeof entries)[number]): EntryView => ({
    id: e.id,
    kind: e.kind,
    body: e.body,
    data: e.data ? (JSON.parse(e.data) as Record<string, unknown>) : null,
    unit: label(e.author_unit_id ? units.get(e.author_unit_id) : undefined),
    authorUserId: e.author_user_id,
    createdAt: e.created_at,
    attachments: attachments.filter((a) => a.entryId === e.id),
  });
  return {
    ...summary,
    description: row.description,
    workflowTemplate: row.workflow_template,
    location: {
      lat: row.lat === null ? null : Number(row.lat),
      lon: row.lon === null ? null : Number(row.lon),
      address: row.address,
      grid: label(row.grid_id ? units.get(row.grid_id) : undefined),
      community: label(row.community_id ? units.get(row.community_id) : undefined),
    },
    extraAnswers: JSON.parse(row.extra_answers) as Record<string, unknown>,
    externalRef: row.external_ref,
    leaderInstruction: row.leader_instruction,
    acceptedAt: row.accepted_at,
    dispatchedAt: row.dispatched_at,
    closedAt: row.closed_at,
    suspendedAt: row.suspended_at,
    amberAt: row.amber_at,
    nodeStartedAt: row.node_started_at,
    reopenCount: Number(row.reopen_count),
    visitResult: row.visit_result,
    mergedInto: mergedInto ?? null,
    mergedCases: merged,
    assignments: assignments.map((a) => ({
      id: a.id,
      unit: label(units.get(a.unit_id)),
      role: a.role,
      status: a.status,
      fromUnit: label(units.get(a.from_unit_id)),
      dispatchedAt: a.dispatched_at,
      signedAt: a.signed_at,
      feedbackAt: a.feedback_at,
      endedAt: a.ended_at,
      endReason: a.end_reason,
    })),
    replies: entries.filter((e) => e.is_public === 1).map(entryView),
    internal: entries.filter((e) => e.is_public !== 1).map(entryView),
    attachments: attachments.filter((a) => a.entryId === null),
    extensions: extensions.map((e) => ({
      id: e.id,
      unit: label(units.get(e.unit_id)),
      reason: e.reason,
      requestedAt: e.requested_at,
      requestedDueAt: e.requested_due_at,
      status: e.status,
      decidedAt: e.decided_at,
      decisionNote: e.decision_note,
    })),
    rating: rating
      ? {
          speed: rating.speed,
          result: rating.result,
          attitude: rating.attitude,
          experience: rating.experience,
          comment: rating.comment,
          createdAt: rating.created_at,
        }
      : null,
    nodes: nodesFor(row.workflow_template, row.channel).map((n) => ({ node: n.node, name: n.name, actors: n.actors })),
    actions,
  };
}

/** The case's timeline for staff: every audit event on it, newest last, with who and which unit. */
export async function caseTimeline(
  db: DbOrTrx,
  caseId: string,
): Promise<(AuditEventView & { unitName: string | null; actorDisplayName: string | null })[]> {
  const { items } = await listAuditEvents(db, { subjectType: 'case', subjectId: caseId, limit: 500, offset: 0 });
  const [units, people] = await Promise.all([
    unitRefsByIds(
      db,
      items.map((e) => e.unitId).filter((id): id is string => id !== null),
    ),
    displayNamesByIds(
      db,
      items.map((e) => e.actorId).filter((id): id is string => id !== null),
    ),
  ]);
  return items.reverse().map((e) => ({
    ...e,
    unitName: e.unitId ? (units.get(e.unitId)?.name ?? null) : null,
    actorDisplayName: e.actorId ? (people.get(e.actorId) ?? null) : null,
  }));
}

export { getCategoryItem };
