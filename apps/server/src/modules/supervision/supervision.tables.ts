export type NoticeKind = 'urge' | 'supervise' | 'escalation' | 'leader';

/** A notice a unit must sign for: an urge (催办), formal supervision (督办), an escalation or a leader's assignment. */
export interface SupervisionNoticeTable {
  id: string;
  case_id: string;
  kind: NoticeKind;
  to_unit_id: string;
  from_user_id: string | null;
  from_unit_id: string | null;
  reason: string;
  created_at: string;
  signed_at: string | null;
  signed_by: string | null;
}

/** Who was responsible when a case went overdue (or as a supervisor recorded). */
export interface AccountabilityRecordTable {
  id: string;
  case_id: string;
  unit_id: string;
  user_id: string | null;
  node: string;
  reason: string;
  created_at: string;
}

export type ReviewReason = 'bad_rating' | 'visit_unsolved' | 'citizen_reopen';

/** A supervisor's review opened by a poor rating, an unsolved return visit or a citizen's reopen. */
export interface CaseReviewTable {
  id: string;
  case_id: string;
  reason: ReviewReason;
  status: 'open' | 'closed';
  outcome: string | null;
  created_at: string;
  closed_at: string | null;
  closed_by: string | null;
}

declare module '../../platform/db/schema.js' {
  interface Database {
    supervision_notice: SupervisionNoticeTable;
    accountability_record: AccountabilityRecordTable;
    case_review: CaseReviewTable;
  }
}
