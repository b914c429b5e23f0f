import type { RowIssue } from '@citydesk/shared';
import { ApiError } from '../../api/http';
import { i18n } from '../../i18n';

/** The bad fields a refused write lists (`details.fields`), if any. */
export function fieldProblems(error: unknown): { field: string; reason: string }[] {
  if (!(error instanceof ApiError)) return [];
  const fields = error.details['fields'];
  if (!Array.isArray(fields)) return [];
  return fields.filter(
    (f): f is { field: string; reason: string } =>
      typeof f === 'object' && f !== null && typeof (f as { field?: unknown }).field === 'string',
  );
}

/** Every bad row of a refused import (IMPORT_REJECTED), or null for any other failure. */
export function importProblems(error: unknown): RowIssue[] | null {
  if (!(error instanceof ApiError) || error.code !== 'IMPORT_REJECTED') return null;
  const rows = error.details['rows'];
  return Array.isArray(rows) ? (rows as RowIssue[]) : [];
}

/** A name in the UI language: the English one when there is one and English is on. */
export function localName(item: { name: string; nameEn?: string | null }, locale: string): string {
  return locale === 'en-US' && item.nameEn ? item.nameEn : item.name;
}

/** Whether two plain JSON values are equal (dirty checks of forms). */
export function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** An audit action (`case.dispatched`) in words, or the code itself when it has none. */
export function auditActionLabel(action: string): string {
  const key = `admin.audit.actions.${action}`;
  return i18n.global.te(key) ? i18n.global.t(key) : action;
}
