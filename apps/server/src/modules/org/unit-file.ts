import { unitInputSchema, type RowIssue, type UnitInput } from '@citydesk/shared';
import { fieldIssues } from '../../platform/errors.js';
import { parseBooleanCell, optionalCell } from '../../platform/files/values.js';
import type { Table } from '../../platform/files/csv.js';

/** Columns of the CSV / Excel form of units (GeoJSON carries the same as feature properties). */
export const unitColumns = ['code', 'type', 'name', 'name_en', 'parent_code', 'active', 'phone', 'geometry'] as const;

export interface UnitRow {
  /** CSV/Excel: the file line; GeoJSON: the 1-based feature number. */
  line: number;
  input: UnitInput;
}

export interface ParsedUnits {
  rows: UnitRow[];
  issues: RowIssue[];
  /** Codes of rows that failed field validation (their children are not reported again). */
  failedCodes: Set<string>;
}

function validate(line: number, candidate: Record<string, unknown>, out: ParsedUnits): void {
  const { issues, rows } = out;
  const parsed = unitInputSchema.safeParse(candidate);
  if (parsed.success) {
    rows.push({ line, input: parsed.data });
    return;
  }
  if (typeof candidate.code === 'string') out.failedCodes.add(candidate.code);
  for (const f of fieldIssues(parsed.error)) {
    issues.push({ line, field: f.field.split('.')[0] ?? f.field, reason: f.reason });
  }
}

/** Turns table rows (CSV or Excel) into unit inputs, collecting every bad cell. */
export function unitsFromTable(table: Table): ParsedUnits {
  const out: ParsedUnits = { rows: [], issues: [], failedCodes: new Set() };
  const { issues } = out;
  const missing = ['code', 'type', 'name'].filter((c) => !table.headers.includes(c));
  if (missing.length > 0) {
    return { ...out, issues: missing.map((c) => ({ line: 1, field: c, reason: 'missing column' })) };
  }
  for (const row of table.rows) {
    const c = row.cells;
    const candidate: Record<string, unknown> = {
      code: (c.code ?? '').trim(),
      type: (c.type ?? '').trim(),
      name: (c.name ?? '').trim(),
      nameEn: optionalCell(c.name_en),
      parentCode: optionalCell(c.parent_code),
      phone: optionalCell(c.phone),
    };
    const active = parseBooleanCell(c.active);
    if (active === 'invalid') {
      issues.push({ line: row.line, field: 'active', reason: 'expected true/false (是/否)' });
      out.failedCodes.add(String(candidate.code));
      continue;
    }
    if (active !== undefined) candidate.active = active;
    const geometryText = optionalCell(c.geometry);
    if (geometryText !== null) {
      try {
        candidate.geometry = JSON.parse(geometryText) as unknown;
      } catch {
        issues.push({ line: row.line, field: 'geometry', reason: 'not valid GeoJSON geometry JSON' });
        out.failedCodes.add(String(candidate.code));
        continue;
      }
    }
    validate(row.line, candidate, out);
  }
  return out;
}

/** Turns a GeoJSON FeatureCollection into unit inputs; `line` is the feature number. */
export function unitsFromGeoJson(document: unknown): ParsedUnits {
  const out: ParsedUnits = { rows: [], issues: [], failedCodes: new Set() };
  const doc = document as { type?: unknown; features?: unknown };
  if (doc?.type !== 'FeatureCollection' || !Array.isArray(doc.features)) {
    return { ...out, issues: [{ line: 0, field: 'type', reason: 'expected a GeoJSON FeatureCollection' }] };
  }
  doc.features.forEach((feature: unknown, index: number) => {
    const f = feature as { type?: unknown; properties?: Record<string, unknown> | null; geometry?: unknown };
    const line = index + 1;
    if (f?.type !== 'Feature') {
      out.issues.push({ line, field: 'type', reason: 'expected a Feature' });
      return;
    }
    const p = f.properties ?? {};
    validate(
      line,
      {
        code: p.code,
        type: p.type,
        name: p.name,
        nameEn: p.nameEn ?? p.name_en ?? null,
        parentCode: p.parentCode ?? p.parent_code ?? null,
        active: p.active ?? true,
        phone: p.phone ?? null,
        geometry: f.geometry ?? null,
      },
      out,
    );
  });
  return out;
}
