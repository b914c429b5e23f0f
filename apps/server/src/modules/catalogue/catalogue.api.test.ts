import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestEnv, signInAs, type ErrorBody, type TestEnv } from '../../../test/support/app.js';
import { describeEachDatabase } from '../../../test/support/databases.js';

describeEachDatabase('the catalogue API', (dialect) => {
  let env: TestEnv;
  let sys: string;
  let operator: string;
  beforeAll(async () => {
    env = await createTestEnv(dialect);
    sys = await signInAs(env.app, 'sysadmin');
    operator = await signInAs(env.app, 'operator');
  });
  afterAll(async () => env.close());

  it('serves the tree, searches items by keyword and shows an item with its rules', async () => {
    const tree = await env.app.inject({ url: '/api/catalogue/tree?active=true', headers: { cookie: operator } });
    expect(tree.json<{ items: unknown[] }>().items).toHaveLength(15);
    const found = await env.app.inject({
      url: `/api/catalogue/items?q=${encodeURIComponent('占道经营')}`,
      headers: { cookie: operator },
    });
    const items = found.json<{ items: { id: string; name: string }[] }>().items;
    expect(items.map((i) => i.name)).toContain('城管执法');
    const item = await env.app.inject({
      url: `/api/catalogue/items/${items.find((i) => i.name === '城管执法')?.id}`,
      headers: { cookie: operator },
    });
    expect(item.json()).toMatchObject({ name: '城管执法', workflowTemplate: 'general' });
    expect(item.json<{ responsibilities: unknown[] }>().responsibilities[0]).toMatchObject({
      street: null,
      lead: { code: 'PS.CGJ' },
    });
  });

  it('creates an item with extra fields, refusing unknown units and bad fields', async () => {
    const payload = {
      code: '0102900',
      name: '共享单车乱停放',
      parentCode: '0102',
      keywords: ['共享单车', '乱停放'],
      timeLimits: {
        consultation: { workingDays: 1 },
        suggestion: { workingDays: 3 },
        complaint: { hours: 24 },
        report: { workingDays: 2 },
        help: { workingDays: 2 },
        praise: { workingDays: 3 },
        other: { workingDays: 5 },
      },
      extraFields: [
        { code: 'bike_count', label: '车辆数量', type: 'number', required: true },
        {
          code: 'brand',
          label: '品牌',
          type: 'multiple_choice',
          options: [
            { key: 'a', label: '美团' },
            { key: 'b', label: '哈啰' },
          ],
        },
      ],
      responsibilities: [{ streetCode: null, leadUnitCode: 'PS.JTJ', coUnitCodes: ['PS.CGJ'] }],
    };
    const created = await env.app.inject({
      method: 'POST',
      url: '/api/catalogue/items',
      headers: { cookie: sys },
      payload,
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({
      code: '0102900',
      path: [{ code: '01' }, { code: '0102' }],
      extraFields: [{ code: 'bike_count', required: true }, { code: 'brand' }],
    });
    const unknownUnit = await env.app.inject({
      method: 'POST',
      url: '/api/catalogue/items',
      headers: { cookie: sys },
      payload: { ...payload, code: '0102901', responsibilities: [{ streetCode: null, leadUnitCode: 'NOPE' }] },
    });
    expect(unknownUnit.json<ErrorBody>().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { fields: [{ field: 'lead_unit', reason: 'no unit with code NOPE' }] },
    });
    const badChoice = await env.app.inject({
      method: 'POST',
      url: '/api/catalogue/items',
      headers: { cookie: sys },
      payload: {
        ...payload,
        code: '0102902',
        extraFields: [{ code: 'c', label: 'x', type: 'single_choice' }],
        timeLimits: {},
      },
    });
    expect(badChoice.statusCode).toBe(400);
    const fields = (badChoice.json<ErrorBody>().error.details.fields as { field: string }[]).map((f) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['extraFields.0.options', 'timeLimits.consultation']));
    expect(
      (await env.app.inject({ method: 'POST', url: '/api/catalogue/items', headers: { cookie: operator }, payload }))
        .statusCode,
    ).toBe(403);
  });

  it('round-trips the Excel export through the import', async () => {
    const exported = await env.app.inject({ url: '/api/catalogue/export?format=xlsx', headers: { cookie: sys } });
    expect(exported.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const imported = await env.app.inject({
      method: 'POST',
      url: '/api/catalogue/import?dryRun=true',
      headers: { cookie: sys, 'content-type': 'application/octet-stream' },
      payload: exported.rawPayload,
    });
    expect(imported.json()).toMatchObject({ format: 'xlsx', items: 518 });
    const history = await env.app.inject({
      url: `/api/catalogue/items/${await firstItemId(env)}/history`,
      headers: { cookie: sys },
    });
    expect(history.json<{ items: { action: string }[] }>().items[0]?.action).toBe('category.created');
  });
});

async function firstItemId(env: TestEnv): Promise<string> {
  const row = await env.database.handle.db
    .selectFrom('category')
    .select('id')
    .where('level', '=', 3)
    .orderBy('code')
    .executeTakeFirstOrThrow();
  return row.id;
}
