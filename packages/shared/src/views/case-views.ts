import type { RequestType } from '../schemas/catalogue.js';
import type { UnitRef } from '../schemas/org.js';
import type { CaseChannel, CaseNode, CaseStateGroup, CaseStatus, DeadlineStatus, Urgency } from '../schemas/case.js';

/**
 * What the case API answers, as the server presents it and the front ends read it. The server's
 * presenters are typed by these interfaces, so a change here is a change on both sides.
 */

/** Every action of `POST /api/cases/:id/actions/:action`. */
export const caseActionNames = [
  'classify',
  'dispatch',
  'pass_down',
  'sign',
  'return',
  'reassign',
  'request_extension',
  'decide_extension',
  'suspend',
  'resume',
  'feedback',
  'reply',
  'note',
  'verify',
  'visit',
  'close',
  'redo',
  'void',
  'merge',
  'leader_assign',
  'tag',
  'untag',
] as const;
export type CaseActionName = (typeof caseActionNames)[number];

export const attachmentPurposes = ['report', 'feedback', 'reply', 'verify', 'visit'] as const;
export type AttachmentPurpose = (typeof attachmentPurposes)[number];

export interface UnitName {
  id: string;
  code: string;
  name: string;
}

/** A picture of a case (served by `GET /api/cases/:id/attachments/:attachmentId?variant=thumb`). */
export interface AttachmentView {
  id: string;
  purpose: AttachmentPurpose;
  mime: string;
  width: number;
  height: number;
  bytes: number;
  isPublic: boolean;
  /** The reply (case entry) it belongs to; null for the case's own pictures or before linking. */
  entryId: string | null;
  createdAt: string;
}

/** A case in lists (inboxes, search, phone look-up): personal data masked. */
export interface CaseSummary {
  id: string;
  number: string;
  title: string;
  channel: CaseChannel;
  requestType: RequestType;
  urgency: Urgency;
  node: CaseNode;
  status: CaseStatus;
  stateGroup: CaseStateGroup;
  deadlineStatus: DeadlineStatus;
  dueAt: string | null;
  nodeDueAt: string | null;
  category: { id: string; code: string; name: string; pathNames: string[] } | null;
  street: UnitName | null;
  ownerUnit: UnitName | null;
  leadUnit: UnitName | null;
  reporter: { name: string | null; phone: string | null; anonymous: boolean };
  address: string | null;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

/**
 * `GET /api/cases/:id/related`: other cases in the caller's scope that may be the same matter —
 * the same reporter's phone, the same place (within 200 m), the same catalogue item in the last
 * 30 days. Each list holds at most 10, newest first, never the case itself.
 */
export interface RelatedCases {
  samePhone: CaseSummary[];
  nearby: CaseSummary[];
  sameItem: CaseSummary[];
}

/** The answer to `POST /api/cases`. */
export interface CreatedCase {
  id: string;
  number: string;
  node: CaseNode;
  status: CaseStatus;
  version: number;
  dueAt: string | null;
  /** Only for channels where the citizen gets the link from the answer (portal, other systems). */
  trackingUrl: string | null;
}

/** The answer to `POST /api/cases/:id/actions/:action`: where the case stands now. */
export interface ActionOutcome {
  id: string;
  version: number;
  node: CaseNode;
  status: CaseStatus;
}

/** One page of an inbox tab or a search; pass `nextCursor` back as `cursor` for the next page. */
export interface CasePage {
  items: CaseSummary[];
  nextCursor: string | null;
}

export interface EntryView {
  id: string;
  kind: string;
  body: string;
  data: Record<string, unknown> | null;
  unit: UnitName | null;
  authorUserId: string | null;
  createdAt: string;
  attachments: AttachmentView[];
}

/** Everything staff see on a case page; personal data stays masked (revealed by a logged call). */
export interface CaseDetail extends CaseSummary {
  description: string;
  workflowTemplate: 'general' | 'simple';
  location: {
    lat: number | null;
    lon: number | null;
    address: string | null;
    grid: UnitName | null;
    community: UnitName | null;
  };
  extraAnswers: Record<string, unknown>;
  externalRef: string | null;
  leaderInstruction: string | null;
  acceptedAt: string;
  dispatchedAt: string | null;
  closedAt: string | null;
  suspendedAt: string | null;
  amberAt: string | null;
  nodeStartedAt: string;
  reopenCount: number;
  visitResult: string | null;
  mergedInto: { id: string; number: string } | null;
  mergedCases: { id: string; number: string }[];
  assignments: {
    id: string;
    unit: UnitName | null;
    role: 'lead' | 'co';
    status: string;
    fromUnit: UnitName | null;
    dispatchedAt: string;
    signedAt: string | null;
    feedbackAt: string | null;
    endedAt: string | null;
    endReason: string | null;
  }[];
  /** Public replies (shown to the citizen) and internal entries, kept apart. */
  replies: EntryView[];
  internal: EntryView[];
  attachments: AttachmentView[];
  extensions: {
    id: string;
    unit: UnitName | null;
    reason: string;
    requestedAt: string;
    requestedDueAt: string;
    status: string;
    decidedAt: string | null;
    decisionNote: string | null;
  }[];
  rating: {
    speed: number;
    result: number;
    attitude: number;
    experience: number;
    comment: string;
    createdAt: string;
  } | null;
  nodes: { node: CaseNode; name: { zh: string; en: string }; actors: readonly string[] }[];
  /** The actions the caller may take now. */
  actions: CaseActionName[];
}

/** One event of the audit log; a case's timeline is its events (`GET /api/cases/:id/timeline`). */
export interface AuditEventView {
  seq: number;
  id: string;
  at: string;
  actorId: string | null;
  actorName: string;
  actorRoles: string[];
  unitId: string | null;
  action: string;
  subjectType: string;
  subjectId: string | null;
  before: unknown;
  after: unknown;
  reason: string | null;
  requestId: string | null;
  ip: string | null;
  channel: string;
  hash: string;
}

/** A unit a case could be dispatched to (`GET /api/cases/:id/route`), best first. */
export interface RouteCandidate {
  unit: UnitRef;
  role: 'lead' | 'co';
  /** Why this unit, in words a dispatcher can check at a glance. */
  reason: string;
  rule: 'street' | 'item' | 'location';
  /** 1 = best. */
  rank: number;
}

/** `GET /api/cases/lookup-phone`: a caller's earlier cases and the tags they carry. */
export interface PhoneLookup {
  total: number;
  items: CaseSummary[];
  tags: { tag: string; count: number }[];
}
