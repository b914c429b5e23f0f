import type { UnitRef, UnitType } from '@citydesk/shared';
import { toDbTime } from '../../platform/clock.js';
import type { UseCaseContext } from '../../platform/context.js';
import type { DbOrTrx, Trx } from '../../platform/db/connect.js';
import { newId } from '../../platform/ids.js';
import { getCategoryItem } from '../catalogue/index.js';
import { addParty, removeParty, type CaseRecordTable } from '../intake/index.js';
import { getUnitRow } from '../org/index.js';
import {
  activeStatuses,
  assignmentsOfCase,
  assignmentsOfCases,
  insertAssignment,
  updateAssignment,
} from './dispatch.repository.js';
import type { CaseAssignmentTable } from './dispatch.tables.js';
import { rankCandidates, type Candidate } from './routing.js';

/** The ranked units a case could be dispatched to, each with the reason. */
export async function routeCase(
  db: DbOrTrx,
  row: Pick<CaseRecordTable, 'category_id' | 'street_id'>,
): Promise<Candidate[]> {
  const item = row.category_id ? await getCategoryItem(db, row.category_id) : null;
  const streetRow = row.street_id ? await getUnitRow(db, row.street_id) : undefined;
  const street: UnitRef | null = streetRow
    ? { id: streetRow.id, code: streetRow.code, name: streetRow.name, type: streetRow.type as UnitType }
    : null;
  return rankCandidates({
    item: item
      ? { pathNames: [...item.path.map((p) => p.name), item.name], responsibilities: item.responsibilities }
      : null,
    street,
  });
}

export async function activeAssignments(db: DbOrTrx, caseId: string): Promise<CaseAssignmentTable[]> {
  return (await assignmentsOfCase(db, caseId)).filter((a) => activeStatuses.includes(a.status));
}

export { assignmentsOfCase, assignmentsOfCases };

/** Creates the lead and co-unit assignments of a dispatch and makes the units parties of the case. */
export async function assignUnits(
  trx: Trx,
  ctx: UseCaseContext,
  caseId: string,
  input: { leadUnitId: string | null; coUnitIds: readonly string[]; fromUnitId: string; parentId?: string | null },
): Promise<CaseAssignmentTable[]> {
  const now = toDbTime(ctx.clock.now());
  const rows: CaseAssignmentTable[] = [];
  const units = [
    ...(input.leadUnitId ? [{ unitId: input.leadUnitId, role: 'lead' as const }] : []),
    ...[...new Set(input.coUnitIds)]
      .filter((id) => id !== input.leadUnitId)
      .map((unitId) => ({ unitId, role: 'co' as const })),
  ];
  for (const { unitId, role } of units) {
    const row: CaseAssignmentTable = {
      id: newId(ctx.clock.now().getTime()),
      case_id: caseId,
      unit_id: unitId,
      role,
      status: 'dispatched',
      from_unit_id: input.fromUnitId,
      parent_id: input.parentId ?? null,
      dispatched_at: now,
      dispatched_by: ctx.actor.id,
      signed_at: null,
      signed_by: null,
      feedback_at: null,
      feedback_by: null,
      ended_at: null,
      end_reason: null,
    };
    await insertAssignment(trx, row);
    await addParty(trx, caseId, unitId, role);
    rows.push(row);
  }
  return rows;
}

/** Ends an assignment (returned, cancelled by a reassignment, or passed down) and drops its party role. */
export async function endAssignment(
  trx: Trx,
  ctx: UseCaseContext,
  assignment: CaseAssignmentTable,
  status: 'returned' | 'cancelled' | 'passed_down',
  reason: string,
): Promise<void> {
  await updateAssignment(trx, assignment.id, { status, ended_at: toDbTime(ctx.clock.now()), end_reason: reason });
  // A unit that passed a case down keeps seeing it; one that returned it or was replaced does not.
  if (status === 'passed_down') await addParty(trx, assignment.case_id, assignment.unit_id, 'passed');
  await removeParty(trx, assignment.case_id, assignment.unit_id, assignment.role);
}

export async function markSigned(trx: Trx, ctx: UseCaseContext, assignment: CaseAssignmentTable): Promise<void> {
  await updateAssignment(trx, assignment.id, {
    status: 'signed',
    signed_at: toDbTime(ctx.clock.now()),
    signed_by: ctx.actor.id,
  });
}

export async function markFedBack(trx: Trx, ctx: UseCaseContext, assignment: CaseAssignmentTable): Promise<void> {
  await updateAssignment(trx, assignment.id, {
    status: 'fed_back',
    feedback_at: toDbTime(ctx.clock.now()),
    feedback_by: ctx.actor.id,
    ...(assignment.signed_at ? {} : { signed_at: toDbTime(ctx.clock.now()), signed_by: ctx.actor.id }),
  });
}

/** Sends every active assignment back to work (redo): feedback cleared, signing kept. */
export async function reopenAssignments(trx: Trx, caseId: string): Promise<void> {
  await trx
    .updateTable('case_assignment')
    .set({ status: 'signed', feedback_at: null, feedback_by: null })
    .where('case_id', '=', caseId)
    .where('status', '=', 'fed_back')
    .execute();
}

/** Re-activates the assignment a returned child came from (a street taking a case back up). */
export async function reactivateAssignment(trx: Trx, assignment: CaseAssignmentTable): Promise<void> {
  await updateAssignment(trx, assignment.id, { status: 'signed', ended_at: null, end_reason: null });
  await addParty(trx, assignment.case_id, assignment.unit_id, assignment.role);
}
