export type AssignmentStatus = 'dispatched' | 'signed' | 'fed_back' | 'returned' | 'cancelled' | 'passed_down';

/** One unit's share of a case: the lead unit (主办) or a co-unit (协办). */
export interface CaseAssignmentTable {
  id: string;
  case_id: string;
  unit_id: string;
  role: 'lead' | 'co';
  status: AssignmentStatus;
  /** The unit that dispatched it (the centre, or a street passing it down). */
  from_unit_id: string;
  /** For a case passed down the tree: the assignment it came from. */
  parent_id: string | null;
  dispatched_at: string;
  dispatched_by: string | null;
  signed_at: string | null;
  signed_by: string | null;
  feedback_at: string | null;
  feedback_by: string | null;
  ended_at: string | null;
  end_reason: string | null;
}

declare module '../../platform/db/schema.js' {
  interface Database {
    case_assignment: CaseAssignmentTable;
  }
}
