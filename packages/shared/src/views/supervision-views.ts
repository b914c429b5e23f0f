/**
 * What the supervision API answers (`/api/notices`, `/api/reviews`, `/api/accountability`), as
 * the server presents it and the console reads it.
 */

export const noticeKinds = ['urge', 'supervise', 'escalation', 'leader'] as const;
/** 催办, 督办, escalation to the parent unit, a leader's assignment. */
export type NoticeKind = (typeof noticeKinds)[number];

export const reviewReasons = ['bad_rating', 'visit_unsolved', 'citizen_reopen'] as const;
export type ReviewReason = (typeof reviewReasons)[number];

/** A notice a unit must sign for. */
export interface NoticeView {
  id: string;
  caseId: string;
  caseNumber: string;
  caseTitle: string;
  kind: NoticeKind;
  toUnit: { id: string; name: string } | null;
  fromUnit: { id: string; name: string } | null;
  reason: string;
  createdAt: string;
  signedAt: string | null;
}

/** A supervisor's review opened by a poor rating, an unsolved return visit or a citizen's reopen. */
export interface ReviewView {
  id: string;
  caseId: string;
  caseNumber: string;
  caseTitle: string;
  reason: ReviewReason;
  status: 'open' | 'closed';
  outcome: string | null;
  createdAt: string;
  closedAt: string | null;
}

/** Who was held accountable for a case: recorded by the sweep when it went overdue, or by a supervisor. */
export interface AccountabilityView {
  id: string;
  caseId: string;
  caseNumber: string;
  caseTitle: string;
  unit: { id: string; name: string } | null;
  /** The node the case was at when the record was made (a CaseNode). */
  node: string;
  /** `overdue`: written by the deadline sweep; `manual`: recorded by a supervisor with a reason. */
  kind: 'overdue' | 'manual';
  reason: string;
  createdAt: string;
}

/** One page of accountability records, newest first; pass `nextCursor` back as `cursor`. */
export interface AccountabilityPage {
  items: AccountabilityView[];
  nextCursor: string | null;
}
