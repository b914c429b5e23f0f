import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/app.js';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { rejectionOf } from '../../../test/support/errors.js';
import { parseCsv, toCsv } from '../../platform/files/csv.js';
import { catalogueColumns } from './catalogue-file.js';
import {
  catalogueTree,
  categoryHistory,
  countCategoryItems,
  exportCatalogue,
  getCategoryItemByCode,
  importCatalogue,
  updateCategoryItem,
} from './catalogue.service.js';

describeEachDatabase('the category catalogue', (dialect) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv(dialect);
  });
  afterAll(async () => env.close());

  it('seeds the real 15/118/517 catalogue with responsible units and time limits', async () => {
    const db = env.database.handle.db;
    const tree = await catalogueTree(db);
    expect(tree).toHaveLength(15);
    const level2 = tree.flatMap((l1) => l1.children);
    expect(level2).toHaveLength(118);
    expect(await countCategoryItems(db)).toBe(517);
    const item = await getCategoryItemByCode(db, (await findItemCode(db, '城管执法')) ?? '');
    expect(item?.path.map((p) => p.name)).toEqual(['城乡建设', '城市建设和市政管理']);
    expect(item?.responsibilities[0]).toMatchObject({ street: null, lead: { code: 'PS.CGJ' } });
    expect(item?.responsibilities.filter((r) => r.street !== null)).toHaveLength(6);
    expect(item?.timeLimits).toMatchObject({
      consultation: { workingDays: 1 },
      suggestion: { workingDays: 3 },
      complaint: { workingDays: 5 },
    });
    expect(item?.extraFields[0]?.code).toBe('stall_count');
    const power = await getCategoryItemByCode(db, (await findItemCode(db, '电力供应')) ?? '');
    expect(power?.timeLimits.complaint).toEqual({ hours: 2 });
    expect(power?.isUrgent).toBe(true);
  });

  it('imports a good file: new groups and items created, an edited item updated and recorded', async () => {
    const db = env.database.handle.db;
    const exported = parseCsv((await exportCatalogue(db, 'csv')).body.toString('utf8'));
    const noise = exported.rows.find((r) => r.cells.name === '噪音污染');
    if (!noise) throw new Error('demo item missing');
    const rows = [
      { ...noise.cells, limit_complaint: '3wd', keywords: `${noise.cells.keywords};广场舞` },
      {
        ...noise.cells,
        level1_code: '90',
        level1_name: '城市管理',
        level2_code: '9001',
        level2_name: '市容环境',
        code: '9001001',
        name: '暴露垃圾',
        street_rules: '',
      },
      {
        ...noise.cells,
        level1_code: '90',
        level1_name: '城市管理',
        level2_code: '9001',
        level2_name: '市容环境',
        code: '9001002',
        name: '违规广告',
        street_rules: '',
        lead_unit: 'PS.CGJ',
        co_units: '',
      },
    ];
    const outcome = await importCatalogue(db, env.ctx, Buffer.from(toCsv(catalogueColumns, rows)));
    expect(outcome).toMatchObject({ format: 'csv', items: 3, created: 4, updated: 1 });
    const updated = await getCategoryItemByCode(db, noise.cells.code ?? '');
    expect(updated?.timeLimits.complaint).toEqual({ workingDays: 3 });
    expect(updated?.keywords).toContain('广场舞');
    const history = await categoryHistory(db, updated?.id ?? '');
    const last = history[0];
    expect(last?.action).toBe('category.updated');
    expect(last?.actorName).toBe('system');
    expect((last?.before as { timeLimits: { complaint: unknown } }).timeLimits.complaint).toEqual({ workingDays: 5 });
    expect((last?.after as { timeLimits: { complaint: unknown } }).timeLimits.complaint).toEqual({ workingDays: 3 });
    expect(await countCategoryItems(db)).toBe(519);
  });

  it('rejects a file with bad rows whole, listing every bad row, and changes nothing', async () => {
    const db = env.database.handle.db;
    const exported = parseCsv((await exportCatalogue(db, 'csv')).body.toString('utf8'));
    const base = exported.rows[0]?.cells;
    if (!base) throw new Error('empty export');
    const rows = [
      { ...base, name: '改了名字但文件有错' },
      {
        ...base,
        code: '9001003',
        level2_code: '9001',
        level2_name: '市容环境',
        level1_code: '90',
        level1_name: '城市管理',
        lead_unit: 'NO-SUCH-UNIT',
      },
      {
        ...base,
        code: '9001004',
        level2_code: '9001',
        level2_name: '市容环境',
        level1_code: '90',
        level1_name: '城市管理',
        limit_help: 'whenever',
      },
      {
        ...base,
        code: '9001005',
        level2_code: '9001',
        level2_name: '市容环境',
        level1_code: '90',
        level1_name: '城市管理',
        street_rules: 'PS.CGJ:PS.CGJ',
      },
      {
        ...base,
        code: '9001006',
        level2_code: '9001',
        level2_name: '市容环境',
        level1_code: '90',
        level1_name: '城市管理',
        workflow: 'express',
      },
    ];
    const error = await rejectionOf(importCatalogue(db, env.ctx, Buffer.from(toCsv(catalogueColumns, rows))));
    expect(error.code).toBe('IMPORT_REJECTED');
    const issues = error.details.rows as { line: number; field: string; reason: string }[];
    expect(issues).toEqual([
      { line: 3, field: 'lead_unit', reason: 'no unit with code NO-SUCH-UNIT' },
      { line: 4, field: 'limit_help', reason: '"whenever" is not like 3wd or 24h' },
      { line: 5, field: 'street_rules', reason: 'PS.CGJ is not a street centre' },
      expect.objectContaining({ line: 6, field: 'workflow' }),
    ]);
    expect(await countCategoryItems(db)).toBe(519);
    const unchanged = await getCategoryItemByCode(db, base.code ?? '');
    expect(unchanged?.name).toBe(base.name);
  });

  it('edits one item and keeps before and after in its history', async () => {
    const db = env.database.handle.db;
    const item = await getCategoryItemByCode(db, '9001001');
    if (!item) throw new Error('item missing');
    const edited = await updateCategoryItem(db, env.ctx, item.id, {
      legalBasis: '《城市市容和环境卫生管理条例》',
      isUrgent: true,
    });
    expect(edited.isUrgent).toBe(true);
    const history = await categoryHistory(db, item.id);
    expect(history.map((h) => h.action)).toEqual(['category.updated', 'category.created']);
  });

  it('exports CSV and Excel that re-import without changes', async () => {
    const db = env.database.handle.db;
    for (const format of ['csv', 'xlsx'] as const) {
      const file = await exportCatalogue(db, format);
      const outcome = await importCatalogue(db, env.ctx, file.body);
      expect(outcome).toMatchObject({ format, items: 519, created: 0, updated: 0 });
    }
  });
});

async function findItemCode(db: TestEnv['database']['handle']['db'], name: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('category')
    .select('code')
    .where('name', '=', name)
    .where('level', '=', 3)
    .executeTakeFirst();
  return row?.code;
}
