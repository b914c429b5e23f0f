import type { BoardMap, BoardSummary } from '@citydesk/shared';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestEnv, signInAs, type ErrorBody, type TestEnv } from '../../../test/support/app.js';
import { actOk, categoryIdOf, createCaseOk, pointInGrid, unitIdOf } from '../../../test/support/cases.js';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { sweepDeadlines } from '../supervision/index.js';

const minute = 60_000;

/**
 * A week of cases in two streets, then the board on Thursday 2026-11-26 10:00 (Shanghai):
 * Monday A (consultation, never handled), B (complaint, dispatched), F (consultation handled two
 * days late, closed today), G (complaint fed back on Monday, closed today); Tuesday C (碧岭,
 * consultation, never handled); today D (answered on the call) and E (complaint, dispatched).
 */
describeEachDatabase('the command board', (dialect) => {
  let env: TestEnv;
  const c: Record<string, string> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    // The clock jumps across days: sign in afresh after each jump.
    const signIn = async () => {
      for (const user of ['operator', 'dispatcher', 'ps.dispatcher', 'ps.handler', 'leader'])
        c[user] = await signInAs(env.app, user);
    };
    await signIn();
    const pingshan = await pointInGrid(env, '440310001001001');
    const biling = await pointInGrid(env, '440310003001001');
    const street = await unitIdOf(env, '440310001');
    const cgj = await unitIdOf(env, 'PS.CGJ');
    const item = await categoryIdOf(env, '城管执法');
    const create = async (key: string, body: Record<string, unknown>) => {
      const created = await createCaseOk(env.app, c.operator as string, {
        channel: 'hotline',
        location: pingshan,
        reporter: { phone: '13800138000' },
        ...body,
      });
      ids[key] = created.id;
      env.clock.advance(minute);
    };
    const handle = async (key: string) => {
      await actOk(env.app, c['ps.handler'] as string, ids[key] as string, 'feedback', {
        result: '已处理',
        reply: '已处理完毕。',
      });
    };
    const finish = async (key: string) => {
      await actOk(env.app, c.operator as string, ids[key] as string, 'visit', {
        solved: true,
        satisfaction: 'satisfied',
      });
      await actOk(env.app, c.dispatcher as string, ids[key] as string, 'close', { note: '办结' });
    };

    env.clock.set('2026-11-23T02:00:00.000Z'); // Monday 10:00
    await signIn();
    await create('A', { requestType: 'consultation', description: '看板测试 A：咨询社保卡补办。' });
    await create('B', { requestType: 'complaint', description: '看板测试 B：占道经营。', categoryId: item });
    await actOk(env.app, c.dispatcher as string, ids.B as string, 'dispatch', { leadUnitId: cgj });
    for (const key of ['F', 'G']) {
      await create(key, {
        requestType: key === 'F' ? 'consultation' : 'complaint',
        description: `看板测试 ${key}：小区路灯不亮。`,
      });
      await actOk(env.app, c.dispatcher as string, ids[key] as string, 'dispatch', { leadUnitId: street });
      await actOk(env.app, c['ps.handler'] as string, ids[key] as string, 'sign');
    }
    await handle('G');

    env.clock.set('2026-11-24T02:00:00.000Z'); // Tuesday 10:00
    await signIn();
    await create('C', { requestType: 'consultation', description: '看板测试 C：咨询公交线路。', location: biling });

    env.clock.set('2026-11-26T02:00:00.000Z'); // Thursday 10:00
    await signIn();
    await handle('F');
    await finish('F');
    await finish('G');
    await create('D', {
      requestType: 'consultation',
      description: '看板测试 D：咨询办事时间。',
      directAnswer: '工作日 9 点至 18 点。',
    });
    await create('E', { requestType: 'complaint', description: '看板测试 E：夜间施工噪音。', categoryId: item });
    await actOk(env.app, c.dispatcher as string, ids.E as string, 'dispatch', { leadUnitId: cgj });
    await sweepDeadlines(env.app.deps);
  });
  afterAll(async () => env.close());

  const summaryOf = async (user: string) => {
    const response = await env.app.inject({ url: '/api/board/summary', headers: { cookie: c[user] as string } });
    expect(response.statusCode).toBe(200);
    return response.json<BoardSummary>();
  };

  it("counts today's and this week's cases in Shanghai days, with the on-time rate of closed cases", async () => {
    const s = await summaryOf('dispatcher');
    expect(s.today.from).toBe('2026-11-25T16:00:00.000Z');
    expect(s.week.from).toBe('2026-11-22T16:00:00.000Z');
    expect(s.today).toMatchObject({ received: 2, dispatched: 1, closed: 3, closedOnTime: 2, overdue: 0 });
    expect(s.today.onTimeRate).toBeCloseTo(2 / 3);
    expect(s.week).toMatchObject({ received: 7, dispatched: 4, closed: 3, closedOnTime: 2, overdue: 3 });
    const red = await env.database.handle.db
      .selectFrom('case_record')
      .select('id')
      .where('status', '=', 'open')
      .where('deadline_status', '=', 'red')
      .execute();
    expect(red.map((r) => r.id)).toEqual(expect.arrayContaining([ids.A, ids.C]));
    expect(s.open.total).toBe(4);
    expect(s.open.red).toBe(red.length);
    expect(s.open.normal + s.open.amber + s.open.red).toBeLessThanOrEqual(4);
    expect(s.topCategories).toEqual([{ id: expect.any(String) as string, name: '城管执法', count: 1 }]);
    expect(s.topStreets).toEqual([{ id: await unitIdOf(env, '440310001'), name: '坪山街道', count: 2 }]);
  });

  it("limits every figure to the caller's scope", async () => {
    const s = await summaryOf('ps.dispatcher');
    expect(s.week).toMatchObject({ received: 6, closed: 3, overdue: 2 });
    expect(s.open.total).toBe(3);
  });

  it('lists open cases with coordinates for the map, newest first and capped', async () => {
    const all = await env.app.inject({ url: '/api/board/map', headers: { cookie: c.leader as string } });
    expect(all.statusCode).toBe(200);
    const map = all.json<BoardMap>();
    expect(map.items.map((p) => p.id)).toEqual([ids.E, ids.C, ids.B, ids.A]);
    expect(map.capped).toBe(false);
    expect(map.items[0]).toMatchObject({
      title: expect.any(String) as string,
      deadlineStatus: expect.any(String) as string,
    });
    expect(typeof map.items[0]?.lat).toBe('number');

    const two = await env.app.inject({ url: '/api/board/map?limit=2', headers: { cookie: c.leader as string } });
    expect(two.json<BoardMap>()).toMatchObject({ capped: true });
    expect(two.json<BoardMap>().items).toHaveLength(2);

    const street = await env.app.inject({ url: '/api/board/map', headers: { cookie: c['ps.dispatcher'] as string } });
    expect(street.json<BoardMap>().items.map((p) => p.id)).toEqual([ids.E, ids.B, ids.A]);
  });

  it('refuses without a session or without board.view', async () => {
    for (const url of ['/api/board/summary', '/api/board/map']) {
      expect((await env.app.inject({ url })).statusCode).toBe(401);
      const forbidden = await env.app.inject({ url, headers: { cookie: c.operator as string } });
      expect(forbidden.statusCode).toBe(403);
      expect(forbidden.json<ErrorBody>().error.code).toBe('FORBIDDEN');
    }
    const bad = await env.app.inject({ url: '/api/board/map?limit=0', headers: { cookie: c.leader as string } });
    expect(bad.statusCode).toBe(400);
  });
});
