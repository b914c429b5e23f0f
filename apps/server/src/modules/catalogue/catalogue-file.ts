import {
  categoryItemInputSchema,
  requestTypes,
  type CategoryItemInput,
  type ResponsibilityInput,
  type RowIssue,
  type TimeLimit,
} from '@citydesk/shared';
import { fieldIssues } from '../../platform/errors.js';
import type { Table } from '../../platform/files/csv.js';
import { listCell, optionalCell, parseBooleanCell } from '../../platform/files/values.js';
import { formatTimeLimitText, parseTimeLimitText } from './time-limit-text.js';

/** Columns of the catalogue file (CSV or Excel): one row per level-3 item. */
export const catalogueColumns = [
  'level1_code',
  'level1_name',
  'level2_code',
  'level2_name',
  'code',
  'name',
  'description',
  'keywords',
  'lead_unit',
  'co_units',
  'street_rules',
  'legal_basis',
  'workflow',
  ...requestTypes.map((t) => `limit_${t}`),
  'urgent',
  'active',
  'extra_fields',
] as const;

export interface GroupRow {
  line: number;
  code: string;
  name: string;
  level: 1 | 2;
  parentCode: string | null;
}

export interface ItemRow {
  line: number;
  input: CategoryItemInput;
}

export interface ParsedCatalogue {
  groups: GroupRow[];
  items: ItemRow[];
  issues: RowIssue[];
}

/** Maps schema paths back to file columns so an issue names the column the user typed in. */
function columnOf(path: string): string {
  const [head, second] = path.split('.');
  switch (head) {
    case 'parentCode':
      return 'level2_code';
    case 'legalBasis':
      return 'legal_basis';
    case 'workflowTemplate':
      return 'workflow';
    case 'isUrgent':
      return 'urgent';
    case 'extraFields':
      return 'extra_fields';
    case 'timeLimits':
      return second ? `limit_${second}` : 'limit_*';
    case 'responsibilities':
      return 'lead_unit';
    default:
      return head ?? path;
  }
}

/**
 * "440310001:440310001+PS.CGJ.ZFDD; 440310002:440310002" → per-street responsibilities:
 * street code, then the lead unit code, then co-unit codes joined by "+".
 */
export function parseStreetRules(text: string): { rules: ResponsibilityInput[]; error: string | null } {
  const rules: ResponsibilityInput[] = [];
  for (const part of text
    .split(/[;；\n]/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^([^:：]+)[:：](.+)$/.exec(part);
    if (!m) return { rules, error: `"${part}" is not street:lead[+co…]` };
    const units = (m[2] ?? '')
      .split('+')
      .map((u) => u.trim())
      .filter(Boolean);
    const [lead, ...co] = units;
    if (!lead) return { rules, error: `"${part}" names no lead unit` };
    rules.push({ streetCode: (m[1] ?? '').trim(), leadUnitCode: lead, coUnitCodes: co });
  }
  return { rules, error: null };
}

export function formatStreetRules(rules: readonly ResponsibilityInput[]): string {
  return rules
    .filter((r) => r.streetCode !== null)
    .map((r) => `${r.streetCode}:${[r.leadUnitCode, ...r.coUnitCodes].join('+')}`)
    .join(';');
}

/** Turns the rows of a catalogue file into groups and items, collecting every bad cell. */
export function catalogueFromTable(table: Table): ParsedCatalogue {
  const issues: RowIssue[] = [];
  const groups = new Map<string, GroupRow>();
  const items: ItemRow[] = [];
  const required = ['level1_code', 'level1_name', 'level2_code', 'level2_name', 'code', 'name', 'lead_unit'];
  const missing = required.filter((c) => !table.headers.includes(c));
  if (missing.length > 0) {
    return { groups: [], items: [], issues: missing.map((c) => ({ line: 1, field: c, reason: 'missing column' })) };
  }

  const noteGroup = (
    line: number,
    level: 1 | 2,
    codeCol: string,
    nameCol: string,
    code: string,
    name: string,
    parentCode: string | null,
  ) => {
    if (!code) return issues.push({ line, field: codeCol, reason: 'required' });
    if (!name) return issues.push({ line, field: nameCol, reason: 'required' });
    const seen = groups.get(code);
    if (!seen) {
      groups.set(code, { line, code, name, level, parentCode });
    } else if (seen.level !== level) {
      issues.push({ line, field: codeCol, reason: `code ${code} is used at level ${seen.level} on line ${seen.line}` });
    } else if (seen.name !== name) {
      issues.push({ line, field: nameCol, reason: `code ${code} is named "${seen.name}" on line ${seen.line}` });
    } else if (seen.parentCode !== parentCode) {
      issues.push({
        line,
        field: codeCol,
        reason: `group ${code} is under ${seen.parentCode ?? '(root)'} on line ${seen.line}`,
      });
    }
    return undefined;
  };

  for (const row of table.rows) {
    const c = row.cells;
    const cell = (k: string) => (c[k] ?? '').trim();
    const before = issues.length;
    const l1 = cell('level1_code');
    const l2 = cell('level2_code');
    noteGroup(row.line, 1, 'level1_code', 'level1_name', l1, cell('level1_name'), null);
    noteGroup(row.line, 2, 'level2_code', 'level2_name', l2, cell('level2_name'), l1 || null);

    const timeLimits: Partial<Record<string, TimeLimit>> = {};
    for (const t of requestTypes) {
      const text = cell(`limit_${t}`);
      const limit = text ? parseTimeLimitText(text) : null;
      if (!limit)
        issues.push({
          line: row.line,
          field: `limit_${t}`,
          reason: text ? `"${text}" is not like 3wd or 24h` : 'required',
        });
      else timeLimits[t] = limit;
    }
    const urgent = parseBooleanCell(c.urgent);
    const active = parseBooleanCell(c.active);
    if (urgent === 'invalid') issues.push({ line: row.line, field: 'urgent', reason: 'expected true/false (是/否)' });
    if (active === 'invalid') issues.push({ line: row.line, field: 'active', reason: 'expected true/false (是/否)' });
    let extraFields: unknown = [];
    const extraText = optionalCell(c.extra_fields);
    if (extraText) {
      try {
        extraFields = JSON.parse(extraText) as unknown;
      } catch {
        issues.push({ line: row.line, field: 'extra_fields', reason: 'not valid JSON' });
      }
    }
    const streetRules = parseStreetRules(cell('street_rules'));
    if (streetRules.error) issues.push({ line: row.line, field: 'street_rules', reason: streetRules.error });
    if (issues.length > before) continue;

    const parsed = categoryItemInputSchema.safeParse({
      code: cell('code'),
      name: cell('name'),
      parentCode: l2,
      description: cell('description'),
      keywords: listCell(c.keywords),
      legalBasis: cell('legal_basis'),
      workflowTemplate: cell('workflow') || 'general',
      timeLimits,
      isUrgent: urgent ?? false,
      active: active ?? true,
      extraFields,
      responsibilities: [
        { streetCode: null, leadUnitCode: cell('lead_unit'), coUnitCodes: listCell(c.co_units) },
        ...streetRules.rules,
      ],
    });
    if (!parsed.success) {
      for (const f of fieldIssues(parsed.error))
        issues.push({ line: row.line, field: columnOf(f.field), reason: f.reason });
      continue;
    }
    items.push({ line: row.line, input: parsed.data });
  }

  // A code may not be both a group and an item, nor appear twice as an item.
  const itemLines = new Map<string, number>();
  for (const item of items) {
    const group = groups.get(item.input.code);
    if (group)
      issues.push({
        line: item.line,
        field: 'code',
        reason: `code ${item.input.code} is a level-${group.level} group on line ${group.line}`,
      });
    const first = itemLines.get(item.input.code);
    if (first !== undefined)
      issues.push({ line: item.line, field: 'code', reason: `item ${item.input.code} is also on line ${first}` });
    else itemLines.set(item.input.code, item.line);
  }
  return { groups: [...groups.values()], items, issues };
}

/** One file row per item, in the same columns the import reads. */
export function itemToRow(
  item: CategoryItemInput & { name: string },
  level1: { code: string; name: string },
  level2: { code: string; name: string },
): Record<string, string> {
  const defaultRule = item.responsibilities.find((r) => r.streetCode === null);
  return {
    level1_code: level1.code,
    level1_name: level1.name,
    level2_code: level2.code,
    level2_name: level2.name,
    code: item.code,
    name: item.name,
    description: item.description,
    keywords: item.keywords.join(';'),
    lead_unit: defaultRule?.leadUnitCode ?? '',
    co_units: (defaultRule?.coUnitCodes ?? []).join(';'),
    street_rules: formatStreetRules(item.responsibilities),
    legal_basis: item.legalBasis,
    workflow: item.workflowTemplate,
    ...Object.fromEntries(requestTypes.map((t) => [`limit_${t}`, formatTimeLimitText(item.timeLimits[t])])),
    urgent: item.isUrgent ? 'true' : 'false',
    active: item.active ? 'true' : 'false',
    extra_fields: item.extraFields.length > 0 ? JSON.stringify(item.extraFields) : '',
  };
}
