import type { CaseActionName, CaseDetail } from '@citydesk/shared';
import { ApiError } from '../../api/http';

/** What every action form receives from the dialog. */
export interface ActionFormProps {
  detail: CaseDetail;
  action: CaseActionName;
  /** Server messages per body field (from `details.fields` of a refused submit). */
  errors: Record<string, string>;
}

/** What every action form exposes to the dialog. */
export interface ActionFormApi {
  /** Checks the inputs and returns the request body without `version`; null when something is missing. */
  collect(): Promise<Record<string, unknown> | null>;
  /** True while something (a photo upload) must finish before submitting. */
  isBusy(): boolean;
}

/** Actions that carry no `version` (annotations); every other action sends the version the user saw. */
export const unversionedActions: readonly CaseActionName[] = ['note', 'tag', 'untag'];

/** Reasons the server writes into `details.fields`, mapped to localised texts (`caseDetail.fieldReason.*`). */
const knownReasons: [RegExp, string][] = [
  [/later than the current deadline/, 'laterThanDue'],
  [/failed verification needs photos/, 'needPhotos'],
  [/dispatch goes down the tree/, 'downTree'],
  [/holds no active part/, 'noActivePart'],
  [/already holds a part/, 'alreadyHolds'],
  [/merge into another live case/, 'mergeLive'],
  [/no active unit/, 'noUnit'],
  [/no active level-3 catalogue item/, 'noItem'],
];

/**
 * Field errors of a refused submit, by the body field they name (`coUnitIds.0` → `coUnitIds`).
 * The server's reasons are English; known ones are shown localised, the rest as a generic hint.
 */
export function fieldErrorsOf(error: unknown, t: (key: string) => string): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const fields = error.details.fields;
  if (!Array.isArray(fields)) return {};
  const result: Record<string, string> = {};
  for (const entry of fields as { field?: unknown; reason?: unknown }[]) {
    if (typeof entry.field !== 'string') continue;
    const field = entry.field.split('.')[0] ?? entry.field;
    const reason = typeof entry.reason === 'string' ? entry.reason : '';
    const known = knownReasons.find(([pattern]) => pattern.test(reason));
    result[field] = known ? t(`caseDetail.fieldReason.${known[1]}`) : t('caseDetail.dialog.fieldInvalid');
  }
  return result;
}

/** A fresh Idempotency-Key: one per submitted request, reused only to retry the same request after a network failure. */
export function newIdempotencyKey(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
