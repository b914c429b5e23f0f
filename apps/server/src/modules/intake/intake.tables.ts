import type {
  CaseChannel,
  CaseNode,
  CaseStatus,
  DeadlineStatus,
  RequestType,
  Urgency,
  WorkflowTemplate,
} from '@citydesk/shared';

export interface CaseRecordTable {
  id: string;
  /** Human number, read aloud on the phone: prefix + Shanghai date + daily sequence. */
  number: string;
  channel: CaseChannel;
  request_type: RequestType;
  title: string;
  description: string;
  category_id: string | null;
  workflow_template: WorkflowTemplate;
  node: CaseNode;
  status: CaseStatus;
  /** Optimistic concurrency: every change increments it; a stale version is refused. */
  version: number;
  urgency: Urgency;
  lat: number | null;
  lon: number | null;
  address: string | null;
  grid_id: string | null;
  community_id: string | null;
  street_id: string | null;
  reporter_name: string | null;
  reporter_phone: string | null;
  reporter_anonymous: number;
  /** JSON: answers to the item's extra fields. */
  extra_answers: string;
  external_ref: string | null;
  /** sha256 of the secret tracking token in the citizen's link. */
  tracking_token_hash: string;
  /** The unit holding the case for dispatch (district or street centre). */
  owner_unit_id: string;
  lead_unit_id: string | null;
  created_by_user_id: string | null;
  created_by_client_id: string | null;
  leader_instruction: string | null;
  accepted_at: string;
  dispatched_at: string | null;
  closed_at: string | null;
  /** Deadline of the item's handling limit (runs until the unit has fed back). */
  due_at: string | null;
  amber_at: string | null;
  node_started_at: string;
  node_due_at: string | null;
  node_amber_at: string | null;
  deadline_status: DeadlineStatus;
  /** When the deadline sweep should look at the case next (null: nothing pending). */
  next_check_at: string | null;
  suspended_at: string | null;
  /** Total time spent suspended; bigint on PostgreSQL (read with Number()). */
  paused_ms: number | string;
  merged_into_id: string | null;
  reopen_count: number;
  visit_result: 'solved' | 'unsolved' | null;
  rated_at: string | null;
  created_at: string;
  updated_at: string;
}

export type CasePartyRole = 'owner' | 'lead' | 'co' | 'street' | 'community' | 'grid' | 'creator' | 'passed';

export interface CasePartyTable {
  case_id: string;
  unit_id: string;
  role: CasePartyRole;
}

export interface CaseTagTable {
  case_id: string;
  tag: string;
  created_at: string;
}

export interface CaseSearchTermTable {
  term: string;
  case_id: string;
}

export interface CaseNumberSeqTable {
  day: string;
  last: number;
}

declare module '../../platform/db/schema.js' {
  interface Database {
    case_record: CaseRecordTable;
    case_party: CasePartyTable;
    case_tag: CaseTagTable;
    case_search_term: CaseSearchTermTable;
    case_number_seq: CaseNumberSeqTable;
  }
}
