import type { DbOrTrx } from '../../platform/db/connect.js';
import type { AssignmentStatus, CaseAssignmentTable } from './dispatch.tables.js';

/** Assignments still in play (not returned, cancelled or passed down). */
export const activeStatuses: readonly AssignmentStatus[] = ['dispatched', 'signed', 'fed_back'];

export async function assignmentsOfCase(db: DbOrTrx, caseId: string): Promise<CaseAssignmentTable[]> {
  return db
    .selectFrom('case_assignment')
    .selectAll()
    .where('case_id', '=', caseId)
    .orderBy('dispatched_at')
    .orderBy('id')
    .execute();
}

export async function assignmentsOfCases(db: DbOrTrx, caseIds: readonly string[]): Promise<CaseAssignmentTable[]> {
  if (caseIds.length === 0) return [];
  return db
    .selectFrom('case_assignment')
    .selectAll()
    .where('case_id', 'in', [...caseIds])
    .where('status', 'in', [...activeStatuses])
    .execute();
}

export async function insertAssignment(db: DbOrTrx, row: CaseAssignmentTable): Promise<void> {
  await db.insertInto('case_assignment').values(row).execute();
}

export async function updateAssignment(db: DbOrTrx, id: string, patch: Partial<CaseAssignmentTable>): Promise<void> {
  await db.updateTable('case_assignment').set(patch).where('id', '=', id).execute();
}
