import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestEnv, signInAs, type ErrorBody, type TestEnv } from '../../../test/support/app.js';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { squarePolygon } from '../../../test/support/geometry.js';

const square = (lon: number, lat: number, size = 0.002) => JSON.stringify(squarePolygon(lon, lat, size));

describeEachDatabase('the organisation API', (dialect) => {
  let env: TestEnv;
  let sys: string;
  let operator: string;
  beforeAll(async () => {
    env = await createTestEnv(dialect);
    sys = await signInAs(env.app, 'sysadmin');
    operator = await signInAs(env.app, 'operator');
  });
  afterAll(async () => env.close());

  it('serves the unit tree and the areas as GeoJSON', async () => {
    const tree = await env.app.inject({ url: '/api/units/tree', headers: { cookie: operator } });
    const roots = tree.json<{ items: { code: string; children: { type: string }[] }[] }>().items;
    expect(roots.map((r) => r.code)).toEqual(['440310']);
    expect(roots[0]?.children.filter((c) => c.type === 'street_centre')).toHaveLength(6);
    const areas = await env.app.inject({ url: '/api/units/areas?types=street_centre', headers: { cookie: operator } });
    expect(areas.json<{ type: string; features: unknown[] }>()).toMatchObject({ type: 'FeatureCollection' });
    expect(areas.json<{ features: unknown[] }>().features).toHaveLength(6);
  });

  it('resolves a point over HTTP', async () => {
    const response = await env.app.inject({
      url: '/api/geo/lookup?lat=22.70&lon=114.345',
      headers: { cookie: operator },
    });
    expect(response.json()).toMatchObject({ street: { code: '440310001', name: '坪山街道' } });
    const bad = await env.app.inject({ url: '/api/geo/lookup?lat=95&lon=x', headers: { cookie: operator } });
    expect((bad.json<ErrorBody>().error.details.fields as { field: string }[]).map((f) => f.field).sort()).toEqual([
      'lat',
      'lon',
    ]);
  });

  it('imports an Excel file of grids and rejects a bad CSV whole, listing its rows', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('units');
    sheet.addRow(['code', 'type', 'name', 'parent_code', 'geometry']);
    sheet.addRow(['440310006901', 'community', '新社区', '440310006', square(114.5, 22.5, 0.01)]);
    sheet.addRow(['440310006901001', 'grid', '新社区第01网格', '440310006901', square(114.5, 22.5)]);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const imported = await env.app.inject({
      method: 'POST',
      url: '/api/units/import',
      headers: { cookie: sys, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      payload: xlsx,
    });
    expect(imported.statusCode).toBe(200);
    expect(imported.json()).toEqual({ format: 'xlsx', created: 2, updated: 0, unchanged: 0 });

    const csv =
      'code,type,name,parent_code\r\nPS.OK,department,好部门,440310\r\nPS.BAD,department,,440310\r\nPS.WHO,department,无上级,NOPE\r\n';
    const rejected = await env.app.inject({
      method: 'POST',
      url: '/api/units/import',
      headers: { cookie: sys, 'content-type': 'text/csv' },
      payload: csv,
    });
    expect(rejected.statusCode).toBe(422);
    expect(rejected.json<ErrorBody>().error).toMatchObject({
      code: 'IMPORT_REJECTED',
      details: {
        count: 2,
        rows: [
          { line: 3, field: 'name' },
          { line: 4, field: 'parentCode', reason: 'no unit with code NOPE' },
        ],
      },
    });
    const ok = await env.app.inject({ url: '/api/units?q=PS.OK', headers: { cookie: operator } });
    expect(ok.json<{ items: unknown[] }>().items).toHaveLength(0);
  });

  it('exports as GeoJSON, CSV or Excel with the right content type', async () => {
    const geojson = await env.app.inject({ url: '/api/units/export?format=geojson', headers: { cookie: sys } });
    expect(geojson.headers['content-type']).toBe('application/geo+json');
    expect(geojson.json<{ features: unknown[] }>().features.length).toBeGreaterThan(200);
    const csv = await env.app.inject({ url: '/api/units/export?format=csv', headers: { cookie: sys } });
    expect(csv.headers['content-disposition']).toBe('attachment; filename="units.csv"');
    expect(csv.body.startsWith('\uFEFFcode,type,name')).toBe(true);
    const xlsx = await env.app.inject({ url: '/api/units/export?format=xlsx', headers: { cookie: sys } });
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });

  it('creates and edits a unit, recording before and after', async () => {
    const created = await env.app.inject({
      method: 'POST',
      url: '/api/units',
      headers: { cookie: sys },
      payload: {
        code: 'EXT.CABLE',
        type: 'external',
        name: '天威视讯坪山分公司',
        parentCode: '440310',
        phone: '0755-28300000',
      },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: string }>().id;
    const edited = await env.app.inject({
      method: 'PATCH',
      url: `/api/units/${id}`,
      headers: { cookie: sys },
      payload: { name: '天威视讯', active: false },
    });
    expect(edited.json()).toMatchObject({ name: '天威视讯', active: false });
    const events = await env.database.handle.db
      .selectFrom('audit_event')
      .select(['action', 'before_json', 'after_json'])
      .where('subject_id', '=', id)
      .orderBy('seq')
      .execute();
    expect(events.map((e) => e.action)).toEqual(['unit.created', 'unit.updated']);
    expect(JSON.parse(events[1]?.before_json ?? '{}')).toMatchObject({ name: '天威视讯坪山分公司', active: true });
    expect(JSON.parse(events[1]?.after_json ?? '{}')).toMatchObject({ name: '天威视讯', active: false });
    const duplicate = await env.app.inject({
      method: 'POST',
      url: '/api/units',
      headers: { cookie: sys },
      payload: { code: 'EXT.CABLE', type: 'external', name: 'x', parentCode: '440310' },
    });
    expect(duplicate.json<ErrorBody>().error.code).toBe('CONFLICT');
  });
});
