import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestEnv, signInAs, type ErrorBody, type TestEnv } from '../../../test/support/app.js';
import {
  act,
  actOk,
  categoryIdOf,
  createCase,
  createCaseOk,
  getCase,
  pointInGrid,
  unitIdOf,
} from '../../../test/support/cases.js';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { systemContext } from '../../platform/context.js';
import { demoPassword } from '../../seed/demo.js';
import { createUser } from '../auth/index.js';

interface GridView {
  worker: { displayName: string; unit: { code: string; type: string } | null };
  grids: {
    id: string;
    code: string;
    name: string;
    community: { name: string } | null;
    street: { name: string } | null;
    geometry: { type: string };
  }[];
}

interface QuickEvent {
  key: string;
  name: string;
  kind: string;
  categoryId: string | null;
  requestType: string;
  extraAnswers: Record<string, unknown>;
}

interface Page {
  items: { id: string; number: string; channel: string; node: string }[];
  nextCursor: string | null;
}

describeEachDatabase('the grid-worker app', (dialect) => {
  let env: TestEnv;
  const c: Record<string, string> = {};
  const home = '440310001001001';
  let homePoint: { lat: number; lon: number };

  const caseRow = (id: string) =>
    env.database.handle.db.selectFrom('case_record').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const codeOf = async (unitId: string | null) =>
    unitId
      ? (
          await env.database.handle.db
            .selectFrom('unit')
            .select('code')
            .where('id', '=', unitId)
            .executeTakeFirstOrThrow()
        ).code
      : null;
  const inbox = async (cookie: string, tab: string) =>
    (await env.app.inject({ url: `/api/cases/inbox?tab=${tab}`, headers: { cookie } }))
      .json<Page>()
      .items.map((i) => i.id);
  const addUser = async (username: string, unitCode: string, role: 'grid_worker' | 'handler') => {
    await createUser(
      env.database.handle.db,
      env.config,
      systemContext(env.clock),
      { username, displayName: username, unitCode, password: demoPassword, phone: null },
      [role],
    );
    c[username] = await signInAs(env.app, username);
  };
  const verifyPhoto = async (cookie: string) => {
    const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#0a0' } })
      .png()
      .toBuffer();
    const response = await env.app.inject({
      method: 'POST',
      url: '/api/attachments?purpose=verify',
      headers: { cookie, 'content-type': 'image/png' },
      payload: png,
    });
    expect(response.statusCode).toBe(201);
    return response.json<{ id: string }>().id;
  };
  const patrol = (extra: Record<string, unknown> = {}) => ({
    channel: 'grid',
    requestType: 'report',
    description: '巡查发现人行道旁有暴露垃圾一处，需要清运。',
    categoryId: undefined as string | undefined,
    reporter: { phone: '13900139000' },
    ...extra,
  });

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    for (const user of ['grid01', 'operator', 'dispatcher', 'ps.dispatcher', 'ps.handler', 'supervisor']) {
      c[user] = await signInAs(env.app, user);
    }
    homePoint = await pointInGrid(env, home);
    await addUser('community.worker', '440310001001', 'grid_worker');
    await addUser('other.grid', '440310002001001', 'grid_worker');
    await addUser('community.handler', '440310001001', 'handler');
  });
  afterAll(async () => env.close());

  it('shows a grid worker their grid, and a community’s worker every grid of the community', async () => {
    const mine = await env.app.inject({ url: '/api/grid/me', headers: { cookie: c.grid01 as string } });
    expect(mine.statusCode).toBe(200);
    const view = mine.json<GridView>();
    expect(view.worker).toMatchObject({ displayName: '孙丽（网格员）', unit: { code: home, type: 'grid' } });
    expect(view.grids.map((g) => g.code)).toEqual([home]);
    const parent = await env.database.handle.db
      .selectFrom('unit')
      .select('name')
      .where('code', '=', '440310001001')
      .executeTakeFirstOrThrow();
    expect(view.grids[0]).toMatchObject({ street: { name: '坪山街道' }, community: { name: parent.name } });
    expect(['Polygon', 'MultiPolygon']).toContain(view.grids[0]?.geometry.type);

    const community = await env.app.inject({
      url: '/api/grid/me',
      headers: { cookie: c['community.worker'] as string },
    });
    expect(community.json<GridView>().grids.map((g) => g.code)).toEqual([
      '440310001001001',
      '440310001001002',
      '440310001001003',
      '440310001001004',
    ]);
    const operator = await env.app.inject({ url: '/api/grid/me', headers: { cookie: c.operator as string } });
    expect(operator.statusCode).toBe(403);
  });

  it('offers the common grid events, each resolved to a real active catalogue item', async () => {
    const response = await env.app.inject({ url: '/api/grid/quick-events', headers: { cookie: c.grid01 as string } });
    expect(response.statusCode).toBe(200);
    const events = response.json<QuickEvent[]>();
    expect(events.length).toBeGreaterThanOrEqual(10);
    expect(events.length).toBeLessThanOrEqual(16);
    for (const event of events) {
      expect(event.categoryId, event.name).not.toBeNull();
      const item = await env.app.inject({
        url: `/api/catalogue/items/${event.categoryId ?? ''}`,
        headers: { cookie: c.grid01 as string },
      });
      expect(item.statusCode, event.name).toBe(200);
      expect(item.json<{ level: number; active: boolean }>()).toMatchObject({ level: 3, active: true });
    }
    const byName = new Map(events.map((e) => [e.name, e]));
    expect(byName.get('暴露垃圾')?.categoryId).toBe(await categoryIdOf(env, '环境卫生'));
    expect(byName.get('占道经营')?.categoryId).toBe(await categoryIdOf(env, '城管执法'));
    expect(byName.get('井盖缺损')).toMatchObject({
      kind: 'component',
      categoryId: await categoryIdOf(env, '基础设施'),
      extraAnswers: { facility: 'manhole' },
    });

    // A one-tap report with the event's item and answers is accepted as is.
    const manhole = byName.get('井盖缺损') as QuickEvent;
    const created = await createCase(env.app, c.grid01 as string, {
      ...patrol({ description: '巡查发现井盖缺失，已设置临时围挡。' }),
      requestType: manhole.requestType,
      categoryId: manhole.categoryId,
      extraAnswers: manhole.extraAnswers,
      location: homePoint,
    });
    expect(created.statusCode).toBe(201);
  });

  it('puts a patrol report in the worker’s own grid even when the GPS point is off or missing', async () => {
    const neighbour = await pointInGrid(env, '440310002001001');
    const off = await createCaseOk(env.app, c.grid01 as string, patrol({ location: neighbour }));
    let row = await caseRow(off.id);
    expect(await codeOf(row.grid_id)).toBe(home);
    // Street and community follow the point while it is inside the district.
    expect(await codeOf(row.street_id)).toBe('440310002');
    expect([row.lat, row.lon]).toEqual([neighbour.lat, neighbour.lon]);

    const far = { lat: 22.1, lon: 113.9 };
    const outside = await createCaseOk(env.app, c.grid01 as string, patrol({ location: far }));
    row = await caseRow(outside.id);
    expect([await codeOf(row.grid_id), await codeOf(row.community_id), await codeOf(row.street_id)]).toEqual([
      home,
      '440310001001',
      '440310001',
    ]);
    expect([row.lat, row.lon]).toEqual([far.lat, far.lon]);

    const noGps = await createCaseOk(env.app, c.grid01 as string, patrol());
    row = await caseRow(noGps.id);
    expect([await codeOf(row.grid_id), row.lat]).toEqual([home, null]);
    const detail = await getCase(env.app, c.grid01 as string, noGps.id);
    expect(detail.location).toMatchObject({ grid: { code: home } });

    // Others still need a point inside the district.
    const stray = await createCase(env.app, c.operator as string, patrol({ location: far }));
    expect(stray.json<ErrorBody>().error.code).toBe('LOCATION_OUTSIDE_DISTRICT');
    const community = await createCase(env.app, c['community.worker'] as string, patrol());
    expect(community.json<ErrorBody>().error.details.fields).toEqual(
      expect.arrayContaining([{ field: 'location', reason: 'a patrol report needs coordinates' }]),
    );
  });

  it('lists the worker’s own reports, newest first, page by page', async () => {
    const hotline = await createCaseOk(env.app, c.operator as string, {
      channel: 'hotline',
      requestType: 'complaint',
      description: '话务员受理的来电，不属于网格员的上报。',
      location: homePoint,
      reporter: { phone: '13800138000' },
    });
    const first = await env.app.inject({
      url: '/api/grid/my-reports?limit=2',
      headers: { cookie: c.grid01 as string },
    });
    expect(first.statusCode).toBe(200);
    const page = first.json<Page>();
    expect(page.items).toHaveLength(2);
    const ids = [...page.items.map((i) => i.id)];
    let cursor = page.nextCursor;
    while (cursor) {
      const next = (
        await env.app.inject({
          url: `/api/grid/my-reports?limit=2&cursor=${cursor}`,
          headers: { cookie: c.grid01 as string },
        })
      ).json<Page>();
      ids.push(...next.items.map((i) => i.id));
      cursor = next.nextCursor;
    }
    expect(ids).not.toContain(hotline.id);
    const created = await env.database.handle.db
      .selectFrom('case_record')
      .innerJoin('app_user', 'app_user.id', 'case_record.created_by_user_id')
      .select(['case_record.id'])
      .where('app_user.username', '=', 'grid01')
      .orderBy('case_record.created_at', 'desc')
      .orderBy('case_record.id', 'desc')
      .execute();
    expect(ids).toEqual(created.map((r) => r.id));
    expect(ids.length).toBeGreaterThanOrEqual(4);
  });

  it('gives the worker cases to verify in their grid, and takes a failed then a passed check', async () => {
    const report = await createCaseOk(env.app, c.grid01 as string, patrol({ location: homePoint }));
    const community = await unitIdOf(env, '440310001001');
    await actOk(env.app, c['ps.dispatcher'] as string, report.id, 'dispatch', { leadUnitId: community });
    await actOk(env.app, c['community.handler'] as string, report.id, 'sign');
    await actOk(env.app, c['community.handler'] as string, report.id, 'feedback', {
      result: '已安排保洁员清运。',
      reply: '您好，巡查发现的垃圾已清运。',
    });
    expect((await getCase(env.app, c.grid01 as string, report.id)).node).toBe('verify');
    expect(await inbox(c.grid01 as string, 'to_verify')).toContain(report.id);
    expect(await inbox(c['other.grid'] as string, 'to_verify')).not.toContain(report.id);
    const counts = await env.app.inject({
      url: '/api/cases/inbox/counts?tabs=to_verify',
      headers: { cookie: c.grid01 as string },
    });
    expect(counts.json<{ to_verify: number }>().to_verify).toBeGreaterThanOrEqual(1);

    // A worker of another grid neither sees the case nor verifies it.
    const foreign = await act(
      env.app,
      c['other.grid'] as string,
      report.id,
      'verify',
      { passed: true, note: '不是我的网格' },
      c.grid01,
    );
    expect(foreign.statusCode).toBe(404);
    await actOk(env.app, c.grid01 as string, report.id, 'verify', {
      passed: false,
      note: '现场仍有垃圾残留',
      attachmentIds: [await verifyPhoto(c.grid01 as string)],
    });
    expect((await getCase(env.app, c.grid01 as string, report.id)).node).toBe('handle');
    expect(await inbox(c.grid01 as string, 'to_verify')).not.toContain(report.id);
    await actOk(env.app, c['community.handler'] as string, report.id, 'feedback', { result: '已二次清运。' });
    await actOk(env.app, c.grid01 as string, report.id, 'verify', {
      passed: true,
      note: '现场已清理干净',
      attachmentIds: [await verifyPhoto(c.grid01 as string)],
    });
    const done = await getCase(env.app, c.supervisor as string, report.id);
    expect(done.node).toBe('return_visit');
  });

  it('gives the worker a case the street passed down to the grid, to sign and handle', async () => {
    const hotline = await createCaseOk(env.app, c.operator as string, {
      channel: 'hotline',
      requestType: 'complaint',
      categoryId: await categoryIdOf(env, '城管执法'),
      description: '来电反映网格内有商户占道经营。',
      location: homePoint,
      reporter: { phone: '13800138001' },
    });
    await actOk(env.app, c.dispatcher as string, hotline.id, 'dispatch', {
      leadUnitId: await unitIdOf(env, '440310001'),
    });
    await actOk(env.app, c['ps.handler'] as string, hotline.id, 'sign');
    expect(await inbox(c.grid01 as string, 'to_sign')).not.toContain(hotline.id);
    await actOk(env.app, c['ps.handler'] as string, hotline.id, 'pass_down', {
      unitId: await unitIdOf(env, home),
      note: '请网格员现场处置',
    });
    expect(await inbox(c.grid01 as string, 'to_sign')).toContain(hotline.id);
    expect(await inbox(c['other.grid'] as string, 'to_sign')).not.toContain(hotline.id);
    await actOk(env.app, c.grid01 as string, hotline.id, 'sign');
    expect(await inbox(c.grid01 as string, 'in_hand')).toContain(hotline.id);
    await actOk(env.app, c.grid01 as string, hotline.id, 'feedback', {
      result: '已劝导商户将货物收回店内。',
      reply: '您好，占道经营问题已现场处置。',
    });
    expect(await inbox(c.grid01 as string, 'in_hand')).not.toContain(hotline.id);
  });

  // Last: it moves the clock a week on (every other session ends).
  it('accepts a report kept offline for a week exactly once', async () => {
    const body = patrol({ description: '离线保存的巡查上报：绿化带树木倒伏。', location: homePoint });
    const headers = { cookie: c.grid01 as string, 'idempotency-key': 'offline-2026-11-25-0001' };
    const first = await env.app.inject({ method: 'POST', url: '/api/cases', headers, payload: body });
    expect(first.statusCode).toBe(201);
    // A week later the phone is back online; the worker signs in again and the app sends it.
    env.clock.advance(7 * 24 * 3600_000);
    const again = { ...headers, cookie: await signInAs(env.app, 'grid01') };
    const late = await env.app.inject({ method: 'POST', url: '/api/cases', headers: again, payload: body });
    expect(late.statusCode).toBe(201);
    expect(late.headers['idempotent-replayed']).toBe('true');
    expect(late.json<{ id: string }>().id).toBe(first.json<{ id: string }>().id);
    const count = await env.database.handle.db
      .selectFrom('case_record')
      .select('id')
      .where('description', '=', body.description)
      .execute();
    expect(count).toHaveLength(1);
  });
});
