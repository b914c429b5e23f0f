import type { Role } from '../roles.js';
import type { AreaGeometry } from '../schemas/common.js';
import type { UnitType, UnitView } from '../schemas/org.js';
import type { WorkflowSettings } from '../schemas/settings.js';

/** `GET /api/settings/workflow`: what applies now, what the environment says, and what was changed here. */
export interface WorkflowSettingsView {
  effective: WorkflowSettings;
  /** The environment's values (`.env`), used where no override is stored. */
  defaults: WorkflowSettings;
  /** Only the settings an administrator changed. */
  overrides: Partial<WorkflowSettings>;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** One message template as `GET /api/notifications/templates` lists it. */
export interface MessageTemplateView {
  key: string;
  /** The `{placeholders}` the text may use, in order. */
  variables: string[];
  /** Variables taking one of a fixed set of codes, with the words each shows in each language. */
  choices: Record<string, Record<string, { zh: string; en: string }>>;
  /** The text shipped with the platform. */
  defaults: { zh: string; en: string };
  /** The administrator's text, when changed. */
  override: { zh: string; en: string } | null;
  /** What messages use now. */
  effective: { zh: string; en: string };
  /** Example values for a preview, per language (a choice variable's sample is one of its codes). */
  sample: Record<string, { zh: string; en: string }>;
  /** SMS templates start with the sign carriers require (per language); in-app notices do not. */
  sign: { zh: string; en: string } | null;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** The unit a staff account belongs to, as account lists show it. */
export interface UserUnitView {
  id: string;
  code: string;
  name: string;
  nameEn: string | null;
  type: UnitType;
}

/** A staff account (`GET /api/users`); the phone is masked. */
export interface UserView {
  id: string;
  username: string;
  displayName: string;
  unit: UserUnitView | null;
  phone: string | null;
  roles: Role[];
  active: boolean;
  /** Set while the account is locked after failed sign-ins. */
  lockedUntil: string | null;
  passwordChangedAt: string;
  createdAt: string;
  updatedAt: string;
}

/** A unit with its polygon (`GET /api/units/:id`, and the answer of a create or an edit). */
export interface UnitDetailView extends UnitView {
  /** Materialised path `/rootId/…/id/` (scope checks). */
  path: string;
  geometry: AreaGeometry | null;
}

/** `GET /api/units/tree`: the unit tree, nested, without polygons. */
export interface UnitTreeNode extends UnitView {
  children: UnitTreeNode[];
}

/** What an accepted unit import did (`POST /api/units/import`). */
export interface UnitImportOutcome {
  format: 'geojson' | 'csv' | 'xlsx';
  created: number;
  updated: number;
  unchanged: number;
}

/** What an accepted catalogue import did (`POST /api/catalogue/import`). */
export interface CatalogueImportOutcome {
  format: 'csv' | 'xlsx';
  groups: number;
  items: number;
  created: number;
  updated: number;
  unchanged: number;
}

/** One listed day of a calendar year: an off day, or a make-up working day (调休). */
export interface CalendarDayView {
  date: string;
  isOffDay: boolean;
  name: string;
}

/** `GET /api/calendar/years/:year`. */
export interface CalendarYearView {
  year: number;
  source: string;
  updatedAt: string;
  days: CalendarDayView[];
}

/** `GET /api/calendar/years`: the years on file. */
export interface CalendarYearSummary {
  year: number;
  source: string;
  updatedAt: string;
  days: number;
}

/** `GET /api/calendar/status`: covered years, and needed years without data. */
export interface CalendarStatusView {
  years: number[];
  /** This year, next year and any year a deadline needed, when not on file. */
  missingYears: number[];
}

/** An outbox message as administrators see it (recipient masked, payload left out). */
export interface OutboxMessageView {
  id: string;
  channel: string;
  recipient: string;
  template: string;
  locale: string;
  caseId: string | null;
  status: string;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
}

/** A message the development provider "sent" (`GET /api/notifications/message-log`). */
export interface MessageLogView {
  id: string;
  channel: string;
  recipient: string;
  template: string;
  body: string;
  outboxId: string | null;
  createdAt: string;
}

/** `POST /api/audit/verify`: whether the hash chain is intact, and the first broken row. */
export interface AuditVerificationView {
  ok: boolean;
  checked: number;
  firstBroken: { seq: number; id: string; reason: 'sequence_gap' | 'previous_hash_mismatch' | 'hash_mismatch' } | null;
}
