import type { FieldIssue, UnitRef, UnitType } from '@citydesk/shared';
import { toDbTime } from '../../platform/clock.js';
import type { UseCaseContext } from '../../platform/context.js';
import type { Db, DbOrTrx, Trx } from '../../platform/db/connect.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { getCategoryItem } from '../catalogue/index.js';
import { addParty, removeParty, type CaseRecordTable } from '../intake/index.js';
import { getUnitRow, lookupPoint } from '../org/index.js';
import {
  activeStatuses,
  assignmentsOfCase,
  assignmentsOfCases,
  insertAssignment,
  updateAssignment,
} from './dispatch.repository.js';
import type { CaseAssignmentTable } from './dispatch.tables.js';
import { rankCandidates, type Candidate } from './routing.js';

/** The ranked units for an item and a street, each with the reason (one ranking for cases and calls). */
async function rankUnits(db: DbOrTrx, categoryId: string | null, street: UnitRef | null): Promise<Candidate[]> {
  const item = categoryId ? await getCategoryItem(db, categoryId) : null;
  return rankCandidates({
    item: item
      ? { pathNames: [...item.path.map((p) => p.name), item.name], responsibilities: item.responsibilities }
      : null,
    street,
  });
}

const refOf = (row: { id: string; code: string; name: string; type: string }): UnitRef => ({
  id: row.id,
  code: row.code,
  name: row.name,
  type: row.type as UnitType,
});

/** The ranked units a case could be dispatched to, each with the reason. */
export async function routeCase(
  db: DbOrTrx,
  row: Pick<CaseRecordTable, 'category_id' | 'street_id'>,
): Promise<Candidate[]> {
  const streetRow = row.street_id ? await getUnitRow(db, row.street_id) : undefined;
  return rankUnits(db, row.category_id, streetRow ? refOf(streetRow) : null);
}

export interface RouteSuggestionInput {
  categoryId?: string | undefined;
  streetId?: string | undefined;
  lat?: number | undefined;
  lon?: number | undefined;
}

/**
 * The ranking a case not yet saved would get (intake shows it while the call goes on): the
 * street is the point's when a point is given and lies in the district, else `streetId`.
 */
export async function suggestRoute(db: Db, input: RouteSuggestionInput): Promise<Candidate[]> {
  const issues: FieldIssue[] = [];
  if (input.categoryId) {
    const item = await getCategoryItem(db, input.categoryId);
    if (!item || !item.active)
      issues.push({ field: 'categoryId', reason: 'no active level-3 catalogue item with this id' });
  }
  let street: UnitRef | null = null;
  if (input.lat !== undefined && input.lon !== undefined) street = (await lookupPoint(db, input.lat, input.lon)).street;
  if (!street && input.streetId) {
    const row = await getUnitRow(db, input.streetId);
    if (!row || row.type !== 'street_centre' || row.active !== 1)
      issues.push({ field: 'streetId', reason: 'no active street centre with this id' });
    else street = refOf(row);
  }
  if (issues.length > 0) throw new AppError('VALIDATION_FAILED', { fields: issues });
  return rankUnits(db, input.categoryId ?? null, street);
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
