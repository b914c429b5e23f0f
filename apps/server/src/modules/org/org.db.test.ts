import { permissionsOf } from '@citydesk/shared';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestEnv, type TestEnv } from '../../../test/support/app.js';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { squarePolygon } from '../../../test/support/geometry.js';
import { rejectionOf } from '../../../test/support/errors.js';
import type { UseCaseContext } from '../../platform/context.js';
import { toCsv } from '../../platform/files/csv.js';
import {
  createUnit,
  exportUnits,
  getUnit,
  getUnitByCode,
  importUnits,
  listUnitViews,
  lookupPoint,
  updateUnit,
} from './org.service.js';

const square = squarePolygon;

describeEachDatabase('organisation units and grids', (dialect) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv(dialect);
  });
  afterAll(async () => env.close());

  it('seeds the demo district: 1 centre, 6 streets, communities with polygons and 15-digit grids', async () => {
    const db = env.database.handle.db;
    const count = async (type: 'district_centre' | 'street_centre' | 'community' | 'grid' | 'department') =>
      (await listUnitViews(db, { type })).length;
    expect(await count('district_centre')).toBe(1);
    expect(await count('street_centre')).toBe(6);
    expect(await count('community')).toBeGreaterThanOrEqual(18);
    expect(await count('department')).toBeGreaterThanOrEqual(20);
    const grids = await listUnitViews(db, { type: 'grid' });
    expect(grids.length).toBeGreaterThan(100);
    for (const g of grids) {
      expect(g.code).toMatch(/^440310\d{9}$/);
      expect(g.code.startsWith(g.parentCode ?? '-')).toBe(true);
      expect(g.hasGeometry).toBe(true);
    }
  });

  it('resolves a point to its grid, community and street', async () => {
    const db = env.database.handle.db;
    const at = await lookupPoint(db, 22.7, 114.345);
    expect(at.street?.name).toBe('坪山街道');
    expect(at.community?.type).toBe('community');
    expect(at.grid?.code.startsWith(at.community?.code ?? '-')).toBe(true);
    expect(at.community?.code.startsWith(at.street?.code ?? '-')).toBe(true);
    expect(await lookupPoint(db, 22.54, 114.05)).toEqual({ grid: null, community: null, street: null });
  });

  it('resolves points all over the district consistently', async () => {
    const db = env.database.handle.db;
    let found = 0;
    for (let i = 0; i < 200; i++) {
      const lat = 22.62 + (i % 20) * 0.007;
      const lon = 114.26 + Math.floor(i / 20) * 0.018;
      const at = await lookupPoint(db, lat, lon);
      if (!at.grid) continue;
      found++;
      expect(at.community?.code).toBe(at.grid.code.slice(0, 12));
      expect(at.street?.code).toBe(at.grid.code.slice(0, 9));
    }
    expect(found).toBeGreaterThan(50);
  });

  it('imports a CSV of a new community with grids, and the new grid is found by point', async () => {
    const db = env.database.handle.db;
    const csv = toCsv(
      ['code', 'type', 'name', 'name_en', 'parent_code', 'active', 'phone', 'geometry'],
      [
        {
          code: '440310001901',
          type: 'community',
          name: '测试社区',
          parent_code: '440310001',
          geometry: JSON.stringify(square(114.1, 22.1, 0.004)),
        },
        {
          code: '440310001901001',
          type: 'grid',
          name: '测试社区第01网格',
          parent_code: '440310001901',
          geometry: JSON.stringify(square(114.1, 22.1)),
        },
        {
          code: '440310001901002',
          type: 'grid',
          name: '测试社区第02网格',
          parent_code: '440310001901',
          active: '是',
          geometry: JSON.stringify(square(114.102, 22.1)),
        },
      ],
    );
    const outcome = await importUnits(db, env.ctx, Buffer.from(csv));
    expect(outcome).toEqual({ format: 'csv', created: 3, updated: 0, unchanged: 0 });
    const at = await lookupPoint(db, 22.101, 114.103);
    expect(at.grid?.code).toBe('440310001901002');
    expect(at.street?.code).toBe('440310001');
  });

  it('rejects a whole file with bad rows, listing every bad row, and imports nothing', async () => {
    const db = env.database.handle.db;
    const before = (await listUnitViews(db)).length;
    const csv = toCsv(
      ['code', 'type', 'name', 'parent_code', 'active', 'geometry'],
      [
        {
          code: '440310002901',
          type: 'community',
          name: '好社区',
          parent_code: '440310002',
          geometry: JSON.stringify(square(114.2, 22.2)),
        },
        {
          code: '440310002902',
          type: 'community',
          name: '',
          parent_code: '440310002',
          geometry: JSON.stringify(square(114.2, 22.3)),
        },
        {
          code: '4403100029010',
          type: 'grid',
          name: '坏网格',
          parent_code: '440310002901',
          geometry: JSON.stringify(square(114.2, 22.2)),
        },
        { code: 'PS.NEW', type: 'department', name: '新部门', parent_code: 'NO-SUCH-UNIT' },
        { code: 'PS.BAD', type: 'bureau', name: '类型错', parent_code: '440310' },
        { code: '440310002903', type: 'community', name: '无图形', parent_code: '440310002', active: 'maybe' },
        {
          code: '440310002901',
          type: 'community',
          name: '重复',
          parent_code: '440310002',
          geometry: JSON.stringify(square(114.2, 22.2)),
        },
      ],
    );
    const error = await rejectionOf(importUnits(db, env.ctx, Buffer.from(csv)));
    expect(error.code).toBe('IMPORT_REJECTED');
    const rows = error.details.rows as { line: number; field: string; reason: string }[];
    expect(rows).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 3, field: 'name' }),
        expect.objectContaining({ line: 5, field: 'parentCode', reason: 'no unit with code NO-SUCH-UNIT' }),
        expect.objectContaining({ line: 6, field: 'type' }),
        expect.objectContaining({ line: 7, field: 'active' }),
      ]),
    );
    expect(rows).toEqual(
      expect.arrayContaining([
        { line: 4, field: 'code', reason: 'a grid code has 15 digits' },
        { line: 8, field: 'code', reason: 'code 440310002901 appears twice in the file' },
      ]),
    );
    expect(new Set(rows.map((r) => r.line))).toEqual(new Set([3, 4, 5, 6, 7, 8]));
    expect(rows.map((r) => r.line)).toEqual([...rows.map((r) => r.line)].sort((a, b) => a - b));
    expect((await listUnitViews(db)).length).toBe(before);

    // With the field errors fixed, the structural errors of the remaining rows are all listed.
    const second = toCsv(
      ['code', 'type', 'name', 'parent_code', 'geometry'],
      [
        {
          code: '440310002901',
          type: 'community',
          name: '好社区',
          parent_code: '440310002',
          geometry: JSON.stringify(square(114.2, 22.2)),
        },
        {
          code: '4403100029010',
          type: 'grid',
          name: '坏网格',
          parent_code: '440310002901',
          geometry: JSON.stringify(square(114.2, 22.2)),
        },
        { code: '440310002903', type: 'community', name: '无图形', parent_code: '440310002' },
        {
          code: '440310002901',
          type: 'community',
          name: '重复',
          parent_code: '440310002',
          geometry: JSON.stringify(square(114.2, 22.2)),
        },
      ],
    );
    const error2 = await rejectionOf(importUnits(db, env.ctx, Buffer.from(second)));
    expect(error2.details.rows).toEqual([
      { line: 3, field: 'code', reason: 'a grid code has 15 digits' },
      { line: 4, field: 'geometry', reason: 'a community needs a polygon' },
      { line: 5, field: 'code', reason: 'code 440310002901 appears twice in the file' },
    ]);
    expect((await listUnitViews(db)).length).toBe(before);
  });

  it('moves a department with its sub-units and refuses a cycle', async () => {
    const db = env.database.handle.db;
    const team = await createUnit(db, env.ctx, {
      code: 'PS.CGJ.ZFDD.T1',
      type: 'department',
      name: '一中队',
      parentCode: 'PS.CGJ.ZFDD',
      active: true,
    });
    const brigade = await getUnitByCode(db, 'PS.CGJ.ZFDD');
    const zjj = await getUnitByCode(db, 'PS.ZJJ');
    if (!brigade || !zjj) throw new Error('demo units missing');
    await updateUnit(db, env.ctx, brigade.id, { parentCode: 'PS.ZJJ' });
    const movedTeam = await getUnit(db, team.id);
    expect(movedTeam?.path.startsWith(zjj.path)).toBe(true);
    expect(movedTeam?.path).toBe(`${zjj.path}${brigade.id}/${team.id}/`);

    const cycle = await rejectionOf(updateUnit(db, env.ctx, zjj.id, { parentCode: 'PS.CGJ.ZFDD.T1' }));
    expect(cycle.code).toBe('UNIT_TREE_INVALID');
    expect(JSON.stringify(cycle.details)).toMatch(/cycle/);
  });

  it('keeps a street administrator inside the street', async () => {
    const db = env.database.handle.db;
    const street = await getUnitByCode(db, '440310003');
    const other = await getUnitByCode(db, '440310004');
    if (!street || !other) throw new Error('demo streets missing');
    const streetCtx: UseCaseContext = {
      ...env.ctx,
      actor: {
        kind: 'user',
        id: 'street-admin',
        username: 'street-admin',
        displayName: 'street admin',
        unitId: street.id,
        unitPath: street.path,
        roles: ['system_admin'],
        permissions: permissionsOf(['system_admin']),
      },
    };
    const inside = await createUnit(db, streetCtx, {
      code: 'BL.OFFICE',
      type: 'department',
      name: '碧岭街道综合办',
      parentCode: '440310003',
      active: true,
    });
    expect(inside.parentCode).toBe('440310003');
    const outside = await rejectionOf(
      createUnit(db, streetCtx, {
        code: 'SJ.OFFICE',
        type: 'department',
        name: '石井街道综合办',
        parentCode: other.code,
        active: true,
      }),
    );
    expect(outside.code).toBe('UNIT_TREE_INVALID');
    expect(JSON.stringify(outside.details)).toMatch(/outside your scope/);
    const exported = JSON.parse((await exportUnits(db, 'geojson', street.path)).body.toString()) as {
      features: { properties: { code: string } }[];
    };
    expect(
      exported.features.every((f) => f.properties.code.startsWith('440310003') || f.properties.code === 'BL.OFFICE'),
    ).toBe(true);
  });

  it('exports GeoJSON, CSV and Excel that re-import unchanged', async () => {
    const db = env.database.handle.db;
    const total = (await listUnitViews(db)).length;
    for (const format of ['geojson', 'csv', 'xlsx'] as const) {
      const file = await exportUnits(db, format, null);
      const outcome = await importUnits(db, env.ctx, file.body);
      expect(outcome).toEqual({ format, created: 0, updated: 0, unchanged: total });
    }
  });
});
