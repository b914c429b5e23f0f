import {
  requestTypes,
  type CatalogueTreeNode,
  type CategoryGroupInput,
  type CategoryGroupView,
  type CategoryItemSummary,
  type CategoryItemView,
  type CategorySearchHit,
  type CategoryItemInput,
  type ExtraField,
  type PublicCatalogueGroup,
  type RowIssue,
  type TimeLimits,
  type UnitRef,
  type WorkflowTemplate,
} from '@citydesk/shared';
import { toDbTime } from '../../platform/clock.js';
import type { UseCaseContext } from '../../platform/context.js';
import type { Db, DbOrTrx, Trx } from '../../platform/db/connect.js';
import { AppError, importRejected } from '../../platform/errors.js';
import { toCsv } from '../../platform/files/csv.js';
import { readTabularUpload } from '../../platform/files/upload.js';
import { toXlsx } from '../../platform/files/xlsx.js';
import { newId } from '../../platform/ids.js';
import { listAuditEvents, recordAudit, type AuditEntry, type AuditEventView } from '../audit/index.js';
import { listUnitViews, unitRefsByIds } from '../org/index.js';
import { catalogueColumns, catalogueFromTable, itemToRow, type GroupRow, type ItemRow } from './catalogue-file.js';
import {
  findCategoryByCode,
  findCategoryById,
  insertCategory,
  listCategories,
  listResponsibilities,
  replaceResponsibilities,
  catalogueVersion,
  updateCategoryRow,
} from './catalogue.repository.js';
import type { CategoryTable, CategoryUnitTable } from './catalogue.tables.js';
import { buildSearchEntries, matchItems, type SearchEntry } from './item-search.js';

// ---------------------------------------------------------------------------------------------
// A loaded snapshot of the catalogue and the units it refers to

type UnitLite = UnitRef & { active: boolean };

interface Snapshot {
  categories: CategoryTable[];
  byId: Map<string, CategoryTable>;
  byCode: Map<string, CategoryTable>;
  responsibilities: Map<string, CategoryUnitTable[]>;
  unitsById: Map<string, UnitLite>;
  unitsByCode: Map<string, UnitLite>;
}

async function loadSnapshot(db: DbOrTrx): Promise<Snapshot> {
  const [categories, responsibilities, units] = await Promise.all([
    listCategories(db),
    listResponsibilities(db),
    listUnitViews(db),
  ]);
  const grouped = new Map<string, CategoryUnitTable[]>();
  for (const r of responsibilities) grouped.set(r.category_id, [...(grouped.get(r.category_id) ?? []), r]);
  const lite = units.map((u) => ({ id: u.id, code: u.code, name: u.name, type: u.type, active: u.active }));
  return {
    categories,
    byId: new Map(categories.map((c) => [c.id, c])),
    byCode: new Map(categories.map((c) => [c.code, c])),
    responsibilities: grouped,
    unitsById: new Map(lite.map((u) => [u.id, u])),
    unitsByCode: new Map(lite.map((u) => [u.code, u])),
  };
}

/** Categories by id with all their ancestors (a level-3 item has two), in a few small queries. */
async function withAncestors(db: DbOrTrx, ids: readonly string[]): Promise<Map<string, CategoryTable>> {
  const found = new Map<string, CategoryTable>();
  let wanted = [...new Set(ids)];
  for (let level = 0; level < 3 && wanted.length > 0; level++) {
    const rows = await db.selectFrom('category').selectAll().where('id', 'in', wanted).execute();
    for (const row of rows) found.set(row.id, row);
    wanted = [...new Set(rows.map((r) => r.parent_id).filter((id): id is string => id !== null && !found.has(id)))];
  }
  return found;
}

/**
 * Just what one item's view needs: the item, its ancestors, its rules and the units they name —
 * not the whole catalogue (intake and routing read one item per case).
 */
async function loadItemSnapshot(db: DbOrTrx, row: CategoryTable): Promise<Snapshot> {
  const [categories, responsibilities] = await Promise.all([
    withAncestors(db, [row.id]),
    listResponsibilities(db, [row.id]),
  ]);
  const units = await unitRefsByIds(
    db,
    responsibilities.flatMap((r) => [r.unit_id, r.street_unit_id]).filter((id): id is string => id !== null),
  );
  const lite = [...units.values()].map((u) => ({ id: u.id, code: u.code, name: u.name, type: u.type, active: true }));
  const all = [...categories.values()];
  return {
    categories: all,
    byId: categories,
    byCode: new Map(all.map((c) => [c.code, c])),
    responsibilities: new Map([[row.id, responsibilities]]),
    unitsById: new Map(lite.map((u) => [u.id, u])),
    unitsByCode: new Map(lite.map((u) => [u.code, u])),
  };
}

/** Default rule first, then street rules by street code: one order for storing and comparing. */
function normaliseItem(input: CategoryItemInput): CategoryItemInput {
  const rules = [...input.responsibilities].sort((a, b) =>
    a.streetCode === b.streetCode
      ? 0
      : a.streetCode === null
        ? -1
        : b.streetCode === null
          ? 1
          : a.streetCode.localeCompare(b.streetCode),
  );
  return { ...input, responsibilities: rules };
}

const parseJson = <T>(text: string | null, fallback: T): T => (text ? (JSON.parse(text) as T) : fallback);

/** An item as the input shape (what files and audit snapshots carry). */
function itemInputOf(row: CategoryTable, snapshot: Snapshot): CategoryItemInput {
  const parent = row.parent_id ? snapshot.byId.get(row.parent_id) : undefined;
  const rules = snapshot.responsibilities.get(row.id) ?? [];
  const code = (id: string) => snapshot.unitsById.get(id)?.code ?? id;
  const streets = [...new Set(rules.map((r) => r.street_unit_id))];
  return {
    code: row.code,
    name: row.name,
    parentCode: parent?.code ?? '',
    description: row.description,
    keywords: parseJson<string[]>(row.keywords, []),
    legalBasis: row.legal_basis,
    workflowTemplate: (row.workflow_template ?? 'general') as WorkflowTemplate,
    timeLimits: parseJson<TimeLimits>(row.time_limits, {} as TimeLimits),
    isUrgent: row.is_urgent === 1,
    active: row.active === 1,
    extraFields: parseJson<ExtraField[]>(row.extra_fields, []),
    responsibilities: streets.map((street) => {
      const mine = rules.filter((r) => r.street_unit_id === street);
      return {
        streetCode: street === null ? null : code(street),
        leadUnitCode: code(mine.find((r) => r.role === 'lead')?.unit_id ?? ''),
        coUnitCodes: mine.filter((r) => r.role === 'co').map((r) => code(r.unit_id)),
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Views

export type { CatalogueTreeNode, CategoryGroupView, CategoryItemSummary, CategoryItemView, CategorySearchHit };

const unitRef = (u: UnitLite | undefined, id: string): UnitRef =>
  u ? { id: u.id, code: u.code, name: u.name, type: u.type } : { id, code: '?', name: '?', type: 'department' };

function presentItem(row: CategoryTable, snapshot: Snapshot): CategoryItemView {
  const input = itemInputOf(row, snapshot);
  const path: CategoryItemView['path'] = [];
  for (
    let p = row.parent_id ? snapshot.byId.get(row.parent_id) : undefined;
    p;
    p = p.parent_id ? snapshot.byId.get(p.parent_id) : undefined
  ) {
    path.unshift({ id: p.id, code: p.code, name: p.name });
  }
  const byCode = (code: string) => {
    const u = snapshot.unitsByCode.get(code);
    return unitRef(u, code);
  };
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    level: 3,
    parentId: row.parent_id,
    path,
    description: input.description,
    keywords: input.keywords,
    legalBasis: input.legalBasis,
    workflowTemplate: input.workflowTemplate,
    timeLimits: input.timeLimits,
    isUrgent: input.isUrgent,
    active: input.active,
    extraFields: input.extraFields,
    responsibilities: input.responsibilities.map((r) => ({
      street: r.streetCode === null ? null : byCode(r.streetCode),
      lead: byCode(r.leadUnitCode),
      coUnits: r.coUnitCodes.map(byCode),
    })),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function summarise(row: CategoryTable): CategoryItemSummary {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    level: 3,
    parentId: row.parent_id,
    keywords: parseJson<string[]>(row.keywords, []),
    isUrgent: row.is_urgent === 1,
    active: row.active === 1,
    workflowTemplate: (row.workflow_template ?? 'general') as WorkflowTemplate,
  };
}

function presentGroup(row: CategoryTable): CategoryGroupView {
  return {
    id: row.id,
    code: row.code,
    name: row.name,
    level: row.level as 1 | 2,
    parentId: row.parent_id,
    active: row.active === 1,
  };
}

/** The 3-level tree; with `activeOnly`, inactive groups and items (and their subtrees) are left out. */
export async function catalogueTree(db: DbOrTrx, activeOnly = false): Promise<CatalogueTreeNode[]> {
  const rows = await listCategories(db, activeOnly ? { active: true } : {});
  const nodes = new Map<string, CatalogueTreeNode>();
  const roots: CatalogueTreeNode[] = [];
  for (const row of rows) {
    if (row.level < 3) {
      const node = { ...presentGroup(row), children: [] };
      nodes.set(row.id, node);
      if (row.level === 1) roots.push(node);
      else if (row.parent_id) nodes.get(row.parent_id)?.children.push(node);
    } else if (row.parent_id) {
      nodes.get(row.parent_id)?.children.push(summarise(row));
    }
  }
  return roots;
}

/**
 * The active catalogue as a citizen picks from it: groups and items with the questions and time
 * limits they carry — no responsible units, legal basis or internal descriptions.
 */
export async function publicCatalogue(db: DbOrTrx): Promise<PublicCatalogueGroup[]> {
  const rows = await listCategories(db, { active: true });
  const level1 = new Map<string, PublicCatalogueGroup>();
  const level2 = new Map<string, { group: PublicCatalogueGroup['children'][number]; path: string[] }>();
  // Rows come level by level, so a parent is always seen before its children.
  for (const row of rows) {
    if (row.level === 1) {
      level1.set(row.id, { id: row.id, name: row.name, children: [] });
    } else if (row.level === 2) {
      const parent = row.parent_id ? level1.get(row.parent_id) : undefined;
      if (!parent) continue;
      const group = { id: row.id, name: row.name, items: [] };
      parent.children.push(group);
      level2.set(row.id, { group, path: [parent.name, row.name] });
    } else {
      const parent = row.parent_id ? level2.get(row.parent_id) : undefined;
      if (!parent) continue;
      parent.group.items.push({
        id: row.id,
        code: row.code,
        name: row.name,
        pathNames: parent.path,
        keywords: parseJson<string[]>(row.keywords, []),
        extraFields: parseJson<ExtraField[]>(row.extra_fields, []),
        timeLimits: row.time_limits ? parseJson<TimeLimits>(row.time_limits, {} as TimeLimits) : null,
      });
    }
  }
  return [...level1.values()];
}

export async function getCategoryItem(db: DbOrTrx, id: string): Promise<CategoryItemView | null> {
  const row = await findCategoryById(db, id);
  if (!row || row.level !== 3) return null;
  return presentItem(row, await loadItemSnapshot(db, row));
}

export async function getCategoryItemByCode(db: DbOrTrx, code: string): Promise<CategoryItemView | null> {
  const row = await findCategoryByCode(db, code);
  if (!row || row.level !== 3) return null;
  // Like getCategoryItem: only this item's ancestors, rules and units (Open311 POSTs look items up by code).
  return presentItem(row, await loadItemSnapshot(db, row));
}

/**
 * Every active level-3 item whose groups are active too, with its full view, in code order: the
 * services other systems may report (Open311 `services`). One snapshot, not a query per item.
 */
export async function listActiveItemViews(db: DbOrTrx): Promise<CategoryItemView[]> {
  const snapshot = await loadSnapshot(db);
  const activePath = (row: CategoryTable): boolean => {
    for (
      let p = row.parent_id ? snapshot.byId.get(row.parent_id) : undefined;
      p;
      p = p.parent_id ? snapshot.byId.get(p.parent_id) : undefined
    ) {
      if (p.active !== 1) return false;
    }
    return true;
  };
  return snapshot.categories
    .filter((row) => row.level === 3 && row.active === 1 && activePath(row))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .map((row) => presentItem(row, snapshot));
}

type Searchable = CategoryItemSummary & { pathNames: string[] };

/** Spelled-out active items per database, rebuilt when the catalogue's version changes. */
const searchCache = new WeakMap<object, { version: string; entries: SearchEntry<Searchable>[] }>();
/** Bumped by this process's own writes (two writes within one millisecond leave max(updated_at) alone). */
let localWrites = 0;

async function searchEntries(db: DbOrTrx): Promise<SearchEntry<Searchable>[]> {
  // Another process's edit shows in the count or the latest update time: one small aggregate query.
  const version = `${await catalogueVersion(db)}|${localWrites}`;
  const cached = searchCache.get(db);
  if (cached?.version === version) return cached.entries;
  const rows = await listCategories(db);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const items: Searchable[] = [];
  for (const row of rows) {
    if (row.level !== 3 || row.active !== 1) continue;
    // An item under a deactivated group is as unavailable as the group (like the active tree).
    const ancestors: CategoryTable[] = [];
    for (
      let p = row.parent_id ? byId.get(row.parent_id) : undefined;
      p;
      p = p.parent_id ? byId.get(p.parent_id) : undefined
    )
      ancestors.unshift(p);
    if (ancestors.some((a) => a.active !== 1)) continue;
    items.push({ ...summarise(row), pathNames: ancestors.map((a) => a.name) });
  }
  const entries = buildSearchEntries(items);
  searchCache.set(db, { version, entries });
  return entries;
}

/**
 * Active items whose name, code or keywords contain the text, or whose pinyin (initials or full)
 * starts with or contains it ("zdjy" finds items with the keyword 占道经营), best first.
 */
export async function searchCategoryItems(db: DbOrTrx, text: string, limit = 20): Promise<CategorySearchHit[]> {
  return matchItems(await searchEntries(db), text, limit).map(({ item, kind, keyword }) => ({
    ...item,
    matchedBy: kind,
    matchedKeyword: keyword,
  }));
}

export async function categoryHistory(db: Db, id: string): Promise<AuditEventView[]> {
  const { items } = await listAuditEvents(db, { subjectType: 'category', subjectId: id, limit: 500, offset: 0 });
  return items;
}

// ---------------------------------------------------------------------------------------------
// Writing: one planner serves single edits and whole-file imports

interface Plan {
  groups: GroupRow[];
  items: ItemRow[];
  issues: RowIssue[];
}

function planCatalogue(groups: readonly GroupRow[], items: readonly ItemRow[], snapshot: Snapshot): Plan {
  const issues: RowIssue[] = [];
  const fileGroups = new Map(groups.map((g) => [g.code, g]));
  const levelOf = (code: string): number | undefined => fileGroups.get(code)?.level ?? snapshot.byCode.get(code)?.level;

  for (const g of groups) {
    const stored = snapshot.byCode.get(g.code);
    if (stored && stored.level !== g.level) {
      issues.push({
        line: g.line,
        field: g.level === 1 ? 'level1_code' : 'level2_code',
        reason: `code ${g.code} is a level-${stored.level} category`,
      });
    }
    if (g.level === 2) {
      const parentLevel = g.parentCode ? levelOf(g.parentCode) : undefined;
      if (parentLevel !== 1)
        issues.push({ line: g.line, field: 'level1_code', reason: `no level-1 group ${g.parentCode ?? ''}` });
    }
  }
  for (const { line, input } of items) {
    const stored = snapshot.byCode.get(input.code);
    if (stored && stored.level !== 3)
      issues.push({ line, field: 'code', reason: `code ${input.code} is a level-${stored.level} group` });
    if (levelOf(input.parentCode) !== 2)
      issues.push({ line, field: 'level2_code', reason: `no level-2 group ${input.parentCode}` });
    for (const rule of input.responsibilities) {
      const column = rule.streetCode === null ? 'lead_unit' : 'street_rules';
      if (rule.streetCode !== null) {
        const street = snapshot.unitsByCode.get(rule.streetCode);
        if (!street) issues.push({ line, field: 'street_rules', reason: `no unit with code ${rule.streetCode}` });
        else if (street.type !== 'street_centre')
          issues.push({ line, field: 'street_rules', reason: `${rule.streetCode} is not a street centre` });
      }
      if (!snapshot.unitsByCode.has(rule.leadUnitCode))
        issues.push({ line, field: column, reason: `no unit with code ${rule.leadUnitCode}` });
      for (const co of rule.coUnitCodes) {
        if (!snapshot.unitsByCode.has(co))
          issues.push({
            line,
            field: rule.streetCode === null ? 'co_units' : 'street_rules',
            reason: `no unit with code ${co}`,
          });
        if (co === rule.leadUnitCode)
          issues.push({
            line,
            field: rule.streetCode === null ? 'co_units' : 'street_rules',
            reason: `${co} cannot be both lead and co-unit`,
          });
      }
    }
  }
  return { groups: [...groups].sort((a, b) => a.level - b.level), items: [...items], issues };
}

interface SaveResult {
  created: string[];
  updated: string[];
  unchanged: string[];
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

async function applyPlan(trx: Trx, ctx: UseCaseContext, plan: Plan, snapshot: Snapshot): Promise<SaveResult> {
  const now = toDbTime(ctx.clock.now());
  const result: SaveResult = { created: [], updated: [], unchanged: [] };
  const ids = new Map<string, string>([...snapshot.byCode].map(([code, row]) => [code, row.id]));

  for (const g of plan.groups) {
    const stored = snapshot.byCode.get(g.code);
    const parentId = g.parentCode ? (ids.get(g.parentCode) ?? null) : null;
    if (!stored) {
      const row: CategoryTable = {
        id: newId(ctx.clock.now().getTime()),
        code: g.code,
        parent_id: parentId,
        level: g.level,
        name: g.name,
        description: '',
        keywords: '[]',
        legal_basis: '',
        workflow_template: null,
        time_limits: null,
        is_urgent: 0,
        active: 1,
        extra_fields: '[]',
        sort_order: 0,
        created_at: now,
        updated_at: now,
      };
      await insertCategory(trx, row);
      ids.set(g.code, row.id);
      result.created.push(g.code);
      await recordAudit(trx, ctx, {
        action: 'category.created',
        subjectType: 'category',
        subjectId: row.id,
        after: { code: g.code, name: g.name, level: g.level, parentCode: g.parentCode },
      });
    } else if (stored.name !== g.name || stored.parent_id !== parentId) {
      await updateCategoryRow(trx, stored.id, { name: g.name, parent_id: parentId, updated_at: now });
      result.updated.push(g.code);
      const parentCode = (id: string | null) => (id ? ([...ids].find(([, v]) => v === id)?.[0] ?? null) : null);
      await recordAudit(trx, ctx, {
        action: 'category.updated',
        subjectType: 'category',
        subjectId: stored.id,
        before: { code: g.code, name: stored.name, level: stored.level, parentCode: parentCode(stored.parent_id) },
        after: { code: g.code, name: g.name, level: g.level, parentCode: g.parentCode },
      });
    } else {
      result.unchanged.push(g.code);
    }
  }

  for (const item of plan.items) {
    const input = normaliseItem(item.input);
    const stored = snapshot.byCode.get(input.code);
    const before = stored ? itemInputOf(stored, snapshot) : null;
    if (before && sameJson(before, input)) {
      result.unchanged.push(input.code);
      continue;
    }
    const fields = {
      parent_id: ids.get(input.parentCode) ?? null,
      name: input.name,
      description: input.description,
      keywords: JSON.stringify(input.keywords),
      legal_basis: input.legalBasis,
      workflow_template: input.workflowTemplate,
      time_limits: JSON.stringify(Object.fromEntries(requestTypes.map((t) => [t, input.timeLimits[t]]))),
      is_urgent: input.isUrgent ? 1 : 0,
      active: input.active ? 1 : 0,
      extra_fields: JSON.stringify(input.extraFields),
      updated_at: now,
    };
    let id: string;
    if (stored) {
      id = stored.id;
      await updateCategoryRow(trx, id, fields);
      result.updated.push(input.code);
    } else {
      id = newId(ctx.clock.now().getTime());
      await insertCategory(trx, { id, code: input.code, level: 3, sort_order: 0, created_at: now, ...fields });
      ids.set(input.code, id);
      result.created.push(input.code);
    }
    const unitId = (code: string) => snapshot.unitsByCode.get(code)?.id ?? code;
    const rows: CategoryUnitTable[] = [];
    for (const rule of input.responsibilities) {
      const street = rule.streetCode === null ? null : unitId(rule.streetCode);
      [rule.leadUnitCode, ...rule.coUnitCodes].forEach((code, index) => {
        rows.push({
          id: newId(ctx.clock.now().getTime()),
          category_id: id,
          street_unit_id: street,
          unit_id: unitId(code),
          role: index === 0 ? 'lead' : 'co',
          position: rows.length,
        });
      });
    }
    await replaceResponsibilities(trx, id, rows);
    await recordAudit(trx, ctx, {
      action: stored ? 'category.updated' : 'category.created',
      subjectType: 'category',
      subjectId: id,
      before: before ?? undefined,
      after: input,
    });
  }
  return result;
}

interface SaveOptions {
  /** Issues found while reading the file; the rows that did parse are still checked. */
  parseIssues?: readonly RowIssue[];
  dryRun?: boolean;
  /** Summary event of a whole import, written in the same transaction as the items. */
  summarise?: (result: SaveResult) => AuditEntry;
}

/**
 * Plans groups and items against the stored catalogue and units and applies them, in one
 * transaction. Every issue comes back sorted by line, and then nothing is written.
 */
async function saveCatalogue(
  db: Db,
  ctx: UseCaseContext,
  groups: readonly GroupRow[],
  items: readonly ItemRow[],
  options: SaveOptions = {},
): Promise<{ issues: RowIssue[]; result: SaveResult }> {
  const outcome = await db.transaction().execute(async (trx) => {
    const snapshot = await loadSnapshot(trx);
    const plan = planCatalogue(groups, items, snapshot);
    const issues = [...(options.parseIssues ?? []), ...plan.issues].sort((a, b) => a.line - b.line);
    if (issues.length > 0 || options.dryRun) return { issues, result: { created: [], updated: [], unchanged: [] } };
    const result = await applyPlan(trx, ctx, plan, snapshot);
    if (options.summarise) await recordAudit(trx, ctx, options.summarise(result));
    return { issues, result };
  });
  localWrites += 1;
  return outcome;
}

function fieldsOf(issues: readonly RowIssue[]) {
  return issues.map((i) => ({ field: i.field, reason: i.reason }));
}

export async function createCategoryItem(
  db: Db,
  ctx: UseCaseContext,
  input: CategoryItemInput,
): Promise<CategoryItemView> {
  if (await findCategoryByCode(db, input.code)) {
    throw new AppError('CONFLICT', { fields: [{ field: 'code', reason: `code ${input.code} is taken` }] });
  }
  const { issues } = await saveCatalogue(db, ctx, [], [{ line: 1, input }]);
  if (issues.length > 0) throw new AppError('VALIDATION_FAILED', { fields: fieldsOf(issues) });
  const view = await getCategoryItemByCode(db, input.code);
  if (!view) throw new Error('item vanished after write');
  return view;
}

export async function updateCategoryItem(
  db: Db,
  ctx: UseCaseContext,
  id: string,
  patch: Partial<Omit<CategoryItemInput, 'code'>>,
): Promise<CategoryItemView> {
  const row = await findCategoryById(db, id);
  if (!row || row.level !== 3) throw new AppError('NOT_FOUND', { id });
  const current = itemInputOf(row, await loadSnapshot(db));
  const input: CategoryItemInput = {
    ...current,
    ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
    code: current.code,
  };
  const { issues } = await saveCatalogue(db, ctx, [], [{ line: 1, input }]);
  if (issues.length > 0) throw new AppError('VALIDATION_FAILED', { fields: fieldsOf(issues) });
  const view = await getCategoryItem(db, id);
  if (!view) throw new Error('item vanished after write');
  return view;
}

/** Creates or renames a level-1/level-2 group, or changes its active flag. */
export async function saveCategoryGroup(
  db: Db,
  ctx: UseCaseContext,
  input: CategoryGroupInput,
): Promise<CategoryGroupView> {
  const level: 1 | 2 = input.parentCode === null ? 1 : 2;
  const { issues } = await saveCatalogue(
    db,
    ctx,
    [{ line: 1, code: input.code, name: input.name, level, parentCode: input.parentCode }],
    [],
  );
  if (issues.length > 0) throw new AppError('VALIDATION_FAILED', { fields: fieldsOf(issues) });
  const row = await findCategoryByCode(db, input.code);
  if (!row) throw new Error('group vanished after write');
  if ((row.active === 1) !== input.active) {
    await db.transaction().execute(async (trx) => {
      await updateCategoryRow(trx, row.id, { active: input.active ? 1 : 0, updated_at: toDbTime(ctx.clock.now()) });
      await recordAudit(trx, ctx, {
        action: input.active ? 'category.activated' : 'category.deactivated',
        subjectType: 'category',
        subjectId: row.id,
      });
    });
    localWrites += 1;
    return presentGroup({ ...row, active: input.active ? 1 : 0 });
  }
  return presentGroup(row);
}

export interface CatalogueImportOutcome {
  format: 'csv' | 'xlsx';
  groups: number;
  items: number;
  created: number;
  updated: number;
  unchanged: number;
}

/**
 * Imports a catalogue file (CSV or Excel). Any bad row rejects the whole file, listing every bad
 * row (line, column, reason); otherwise groups and items are created or updated in one
 * transaction, each change in the audit log with before and after.
 */
export async function importCatalogue(
  db: Db,
  ctx: UseCaseContext,
  body: Buffer,
  options: { dryRun?: boolean } = {},
): Promise<CatalogueImportOutcome> {
  const { format, table } = await readTabularUpload(body);
  const parsed = catalogueFromTable(table);
  if (parsed.items.length === 0 && parsed.issues.length === 0) {
    throw importRejected([{ line: 0, field: '(file)', reason: 'the file has no items' }]);
  }
  const { issues, result } = await saveCatalogue(db, ctx, parsed.groups, parsed.items, {
    parseIssues: parsed.issues,
    dryRun: options.dryRun ?? false,
    summarise: (saved) => ({
      action: 'catalogue.imported',
      subjectType: 'catalogue',
      after: { format, items: parsed.items.length, created: saved.created.length, updated: saved.updated.length },
    }),
  });
  if (issues.length > 0) throw importRejected(issues);
  return {
    format,
    groups: parsed.groups.length,
    items: parsed.items.length,
    created: result.created.length,
    updated: result.updated.length,
    unchanged: result.unchanged.length,
  };
}

/** The whole catalogue as a CSV or Excel file in the import's columns (re-importable). */
export async function exportCatalogue(
  db: DbOrTrx,
  format: 'csv' | 'xlsx',
): Promise<{ body: Buffer; contentType: string; extension: string }> {
  const snapshot = await loadSnapshot(db);
  const rows = snapshot.categories
    .filter((c) => c.level === 3)
    .map((item) => {
      const level2 = item.parent_id ? snapshot.byId.get(item.parent_id) : undefined;
      const level1 = level2?.parent_id ? snapshot.byId.get(level2.parent_id) : undefined;
      return itemToRow(
        itemInputOf(item, snapshot),
        { code: level1?.code ?? '', name: level1?.name ?? '' },
        { code: level2?.code ?? '', name: level2?.name ?? '' },
      );
    });
  if (format === 'csv') {
    return {
      body: Buffer.from(toCsv(catalogueColumns, rows)),
      contentType: 'text/csv; charset=utf-8',
      extension: 'csv',
    };
  }
  return {
    body: await toXlsx('catalogue', catalogueColumns, rows),
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    extension: 'xlsx',
  };
}

/** Code, name and path names of categories by id (for lists). */
export async function categoryNamesByIds(
  db: DbOrTrx,
  ids: readonly string[],
): Promise<Map<string, { id: string; code: string; name: string; pathNames: string[] }>> {
  const result = new Map<string, { id: string; code: string; name: string; pathNames: string[] }>();
  if (ids.length === 0) return result;
  const byId = await withAncestors(db, ids);
  for (const id of new Set(ids)) {
    const row = byId.get(id);
    if (!row) continue;
    const pathNames: string[] = [];
    for (
      let p = row.parent_id ? byId.get(row.parent_id) : undefined;
      p;
      p = p.parent_id ? byId.get(p.parent_id) : undefined
    ) {
      pathNames.unshift(p.name);
    }
    result.set(id, { id, code: row.code, name: row.name, pathNames });
  }
  return result;
}

export async function countCategoryItems(db: DbOrTrx): Promise<number> {
  return (await listCategories(db, { level: 3 })).length;
}
