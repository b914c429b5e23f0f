import {
  caseEventNames,
  defaultFeedbackWords,
  stateGroupOf,
  type CaseEventName,
  type CaseNode,
  type CaseStatus,
  type InboundStatusAction,
} from '@citydesk/shared';

/**
 * Our states in other systems' words and back: Open311's two statuses, FixMyStreet's extended
 * update statuses, a platform's status vocabulary. Pure functions over state groups.
 */

/** GeoReport v2 knows two statuses: a finished or cancelled case is closed, everything else open. */
export function open311StatusOf(node: CaseNode, status: CaseStatus): 'open' | 'closed' {
  const group = stateGroupOf(node, status);
  return group === 'finished' || group === 'cancelled' ? 'closed' : 'open';
}

/** The statuses in which a case is open or closed for Open311's `status` filter. */
export const open311StatusFilter: Record<'open' | 'closed', readonly CaseStatus[]> = {
  open: ['open', 'suspended'],
  closed: ['closed', 'voided', 'merged'],
};

/** FixMyStreet's extended status set for `servicerequestupdates`. */
export const fmsStatuses = [
  'OPEN',
  'INVESTIGATING',
  'IN_PROGRESS',
  'ACTION_SCHEDULED',
  'FIXED',
  'CLOSED',
  'DUPLICATE',
  'NOT_COUNCILS_RESPONSIBILITY',
  'NO_FURTHER_ACTION',
  'INTERNAL_REFERRAL',
] as const;
export type FmsStatus = (typeof fmsStatuses)[number];

/**
 * The FixMyStreet status of a case after an event: what happened (a merge, a void, a hand-over
 * inside the government) and otherwise where the case now stands.
 */
export function fmsStatusOf(action: string, node: CaseNode, status: CaseStatus): FmsStatus {
  if (status === 'merged' || action === 'case.merged') return 'DUPLICATE';
  if (status === 'voided' || action === 'case.voided') return 'NO_FURTHER_ACTION';
  if (action === 'case.reassigned' || action === 'case.passed_down') return 'INTERNAL_REFERRAL';
  switch (stateGroupOf(node, status)) {
    case 'finished':
    case 'cancelled':
      return 'CLOSED';
    case 'suspended':
      return 'ACTION_SCHEDULED';
    case 'intake':
      return 'OPEN';
    case 'review':
      return 'FIXED';
    case 'handling':
      if (node === 'sign') return 'INVESTIGATING';
      if (node === 'handle') return 'IN_PROGRESS';
      return 'FIXED';
  }
}

/**
 * Audit actions that are updates a citizen-facing client may show (the request's own creation,
 * deadline colours, notices and leaders' instructions are not).
 */
/** Events of the case's own handling (not its creation, deadline colours, notices or instructions). */
const internalEvents: readonly CaseEventName[] = [
  'case.created',
  'case.leader_assigned',
  'case.turned_amber',
  'case.turned_red',
  'case.urged',
  'case.supervised',
];
export const publicUpdateActions: readonly CaseEventName[] = caseEventNames.filter((e) => !internalEvents.includes(e));

/**
 * The word a platform hears for one of our events: the administrator's word when one is set
 * (null: this event is not fed back), else the default vocabulary's, else nothing.
 */
export function feedbackWordFor(event: string, overrides: Readonly<Record<string, string | null>>): string | null {
  if (Object.prototype.hasOwnProperty.call(overrides, event)) return overrides[event] ?? null;
  return (defaultFeedbackWords as Record<string, string | undefined>)[event] ?? null;
}

/** What a platform's status word does to our case; an unknown word is kept as an internal note. */
export function inboundActionFor(
  word: string,
  map: Readonly<Record<string, InboundStatusAction>>,
): InboundStatusAction {
  return map[word.trim()] ?? 'note';
}

/** Whether an external GeoReport system's status (plain or FixMyStreet's extended) means it is done. */
export function isExternalClosed(status: string): boolean {
  const s = status
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');
  // FixMyStreet's own states read "fixed - council", "fixed - user", "closed"…
  if (s.startsWith('FIXED') || s.startsWith('CLOSED')) return true;
  return ['NO_FURTHER_ACTION', 'NOT_COUNCILS_RESPONSIBILITY', 'NOT_RESPONSIBLE', 'DUPLICATE', 'RESOLVED'].includes(s);
}
