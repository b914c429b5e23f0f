export type EntryKind = 'reply' | 'feedback' | 'note' | 'verify' | 'visit' | 'leader' | 'reopen';

/** Text written on a case: public replies to the citizen, and internal feedback, notes and records. */
export interface CaseEntryTable {
  id: string;
  case_id: string;
  kind: EntryKind;
  /** 1: shown to the citizen (replies); 0: staff only. */
  is_public: number;
  body: string;
  /** JSON with kind-specific facts (visit result, verification outcome, assignment…). */
  data: string | null;
  author_user_id: string | null;
  author_unit_id: string | null;
  created_at: string;
}

export interface CaseExtensionTable {
  id: string;
  case_id: string;
  unit_id: string;
  requested_by: string | null;
  requested_at: string;
  reason: string;
  requested_due_at: string;
  status: 'pending' | 'approved' | 'refused';
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
}

export interface CaseRatingTable {
  case_id: string;
  speed: number;
  result: number;
  attitude: number;
  experience: number;
  comment: string;
  created_at: string;
}

declare module '../../platform/db/schema.js' {
  interface Database {
    case_entry: CaseEntryTable;
    case_extension: CaseExtensionTable;
    case_rating: CaseRatingTable;
  }
}
