import type { AccountabilityPage, NoticeView } from '@citydesk/shared';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestEnv, signInAs, type ErrorBody, type TestEnv } from '../../../test/support/app.js';
import { actOk, createCaseOk, pointInGrid, unitIdOf } from '../../../test/support/cases.js';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { createUser } from '../auth/index.js';
import { sweepDeadlines } from './supervision.service.js';

/** Accountability records and notices listed across the caller's scope (the supervision page). */
describeEachDatabase('listing accountability records and notices', (dialect) => {
  let env: TestEnv;
  const c: Record<string, string> = {};
  const ids: Record<string, string> = {};
  let cgj: string;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    // A supervisor of 坪山 street only.
    await createUser(
      env.database.handle.db,
      env.config,
      env.ctx,
      {
        username: 'ps.supervisor',
        displayName: '坪山街道督办员',
        unitCode: '440310001',
        password: 'Pingshan#2026x',
        phone: null,
      },
      ['supervisor'],
    );
    const signIn = async () => {
      for (const user of ['operator', 'dispatcher', 'supervisor', 'leader', 'cgj.handler'])
        c[user] = await signInAs(env.app, user);
      c['ps.supervisor'] = await signInAs(env.app, 'ps.supervisor', 'Pingshan#2026x');
    };
    await signIn();
    cgj = await unitIdOf(env, 'PS.CGJ');
    const places = {
      pingshan: await pointInGrid(env, '440310001001001'),
      biling: await pointInGrid(env, '440310003001001'),
    };
    for (const key of ['pingshan', 'biling'] as const) {
      const created = await createCaseOk(env.app, c.operator as string, {
        channel: 'hotline',
        requestType: 'consultation',
        description: `问责测试：${key === 'pingshan' ? '坪山' : '碧岭'}街道咨询。`,
        location: places[key],
        reporter: { phone: '13900139000' },
      });
      ids[key] = created.id;
      await actOk(env.app, c.dispatcher as string, created.id, 'dispatch', { leadUnitId: cgj });
      env.clock.advance(60_000);
    }
    // Monday after: both consultations (one working day) are long overdue.
    env.clock.set('2026-11-30T02:00:00.000Z');
    await sweepDeadlines(env.app.deps);
    await signIn();
    const manual = await env.app.inject({
      method: 'POST',
      url: `/api/cases/${ids.pingshan}/accountability`,
      headers: { cookie: c.supervisor as string },
      payload: { unitId: cgj, reason: '未按时签收，约谈负责人' },
    });
    expect(manual.statusCode).toBe(201);
  });
  afterAll(async () => env.close());

  const list = (user: string, query = '') =>
    env.app.inject({ url: `/api/accountability${query}`, headers: { cookie: c[user] as string } });

  it('lists the sweep’s overdue records and supervisors’ own, newest first, with the case and the unit', async () => {
    const response = await list('supervisor');
    expect(response.statusCode).toBe(200);
    const page = response.json<AccountabilityPage>();
    expect(page.items.map((r) => [r.caseId, r.kind])).toEqual([
      [ids.pingshan, 'manual'],
      [ids.biling, 'overdue'],
      [ids.pingshan, 'overdue'],
    ]);
    expect(page.items[0]).toMatchObject({
      unit: { id: cgj, name: expect.any(String) as string },
      reason: '未按时签收，约谈负责人',
      caseTitle: expect.any(String) as string,
      caseNumber: expect.stringMatching(/^PS/) as string,
    });
    expect(page.items[1]?.node).toBe('sign');
    expect(page.nextCursor).toBeNull();

    const manual = await list('supervisor', '?kind=manual');
    expect(manual.json<AccountabilityPage>().items).toHaveLength(1);
  });

  it('pages with a cursor', async () => {
    const first = (await list('supervisor', '?limit=2')).json<AccountabilityPage>();
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = (await list('supervisor', `?limit=2&cursor=${first.nextCursor}`)).json<AccountabilityPage>();
    expect(second.items.map((r) => r.caseId)).toEqual([ids.pingshan]);
    expect(second.nextCursor).toBeNull();
    const bad = await list('supervisor', '?cursor=nonsense');
    expect(bad.statusCode).toBe(400);
  });

  it("keeps a street supervisor to the street's cases", async () => {
    const page = (await list('ps.supervisor')).json<AccountabilityPage>();
    expect(page.items.length).toBe(2);
    expect(page.items.every((r) => r.caseId === ids.pingshan)).toBe(true);
  });

  it('refuses without a session or without case.supervise', async () => {
    expect((await env.app.inject({ url: '/api/accountability' })).statusCode).toBe(401);
    const operator = await list('operator');
    expect(operator.statusCode).toBe(403);
    expect(operator.json<ErrorBody>().error.code).toBe('FORBIDDEN');
  });

  it('filters notices by kind (the escalations to a parent unit)', async () => {
    const response = await env.app.inject({
      url: '/api/notices?kind=escalation',
      headers: { cookie: c.leader as string },
    });
    expect(response.statusCode).toBe(200);
    const items = response.json<{ items: NoticeView[] }>().items;
    expect(items.length).toBeGreaterThanOrEqual(2);
    expect(items.every((n) => n.kind === 'escalation')).toBe(true);
    const all = await env.app.inject({ url: '/api/notices', headers: { cookie: c.leader as string } });
    expect(all.json<{ items: NoticeView[] }>().items.some((n) => n.kind !== 'escalation')).toBe(true);
  });
});
