import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestEnv, signInAs, type ErrorBody, type TestEnv } from '../../../test/support/app.js';
import {
  act,
  actOk,
  createCaseOk,
  getCase,
  pointInGrid,
  unitIdOf,
  type CaseAnswer,
} from '../../../test/support/cases.js';
import { describeEachDatabase } from '../../../test/support/databases.js';

/**
 * For every action: a role without the permission gets 403, a unit outside the case's scope
 * gets 404 and a stale version gets 409 — checked against a case in the state the action needs.
 */
describeEachDatabase('who may act on a case', (dialect) => {
  let env: TestEnv;
  const c: Record<string, string> = {};
  let point: { lat: number; lon: number };
  let units: Record<string, string>;
  let outsider: string;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    for (const user of ['operator', 'dispatcher', 'ps.handler', 'cgj.handler', 'supervisor', 'leader', 'grid01']) {
      c[user] = await signInAs(env.app, user);
    }
    point = await pointInGrid(env, '440310001001001');
    units = { cgj: await unitIdOf(env, 'PS.CGJ'), jtj: await unitIdOf(env, 'PS.JTJ') };
    // A dispatcher of another street (碧岭) for the 404 checks.
    const { createUser } = await import('../auth/index.js');
    await createUser(
      env.database.handle.db,
      env.config,
      env.ctx,
      {
        username: 'bl.dispatcher',
        displayName: '碧岭街道分拨员',
        unitCode: '440310003',
        password: 'Biling#2026x',
        phone: null,
      },
      ['dispatcher', 'handler'],
    );
    outsider = await signInAs(env.app, 'bl.dispatcher', 'Biling#2026x');
  });
  afterAll(async () => env.close());

  const freshCase = async (): Promise<CaseAnswer> =>
    createCaseOk(env.app, c.operator as string, {
      channel: 'hotline',
      requestType: 'complaint',
      description: '权限测试用工单：路灯不亮。',
      location: point,
      reporter: { phone: '13300133000' },
    });

  /** A case brought to the state an action needs, with the actor who may take it and a valid body. */
  const scenarios: {
    action: string;
    setup: (id: string) => Promise<void>;
    actor: string;
    forbidden: string;
    body: (id: string) => Promise<Record<string, unknown>> | Record<string, unknown>;
  }[] = [
    {
      action: 'classify',
      setup: async () => undefined,
      actor: 'dispatcher',
      forbidden: 'operator',
      body: async () => ({ categoryId: await firstItem() }),
    },
    {
      action: 'dispatch',
      setup: async () => undefined,
      actor: 'dispatcher',
      forbidden: 'operator',
      body: () => ({ leadUnitId: units.cgj }),
    },
    {
      action: 'sign',
      setup: (id) => dispatchTo(id, 'cgj'),
      actor: 'cgj.handler',
      forbidden: 'dispatcher',
      body: () => ({}),
    },
    {
      action: 'return',
      setup: (id) => dispatchTo(id, 'cgj'),
      actor: 'cgj.handler',
      forbidden: 'operator',
      body: () => ({ reason: '非本单位职责' }),
    },
    {
      action: 'reassign',
      setup: (id) => dispatchTo(id, 'cgj'),
      actor: 'dispatcher',
      forbidden: 'cgj.handler',
      body: () => ({ fromUnitId: units.cgj, toUnitId: units.jtj, reason: '改派' }),
    },
    {
      action: 'request_extension',
      setup: (id) => dispatchTo(id, 'cgj', true),
      actor: 'cgj.handler',
      forbidden: 'operator',
      body: () => ({ reason: '需要更多时间', requestedDueAt: '2027-01-29T15:59:59Z' }),
    },
    {
      action: 'suspend',
      setup: (id) => dispatchTo(id, 'cgj', true),
      actor: 'cgj.handler',
      forbidden: 'operator',
      body: () => ({ reason: '等待' }),
    },
    {
      action: 'feedback',
      setup: (id) => dispatchTo(id, 'cgj', true),
      actor: 'cgj.handler',
      forbidden: 'operator',
      body: () => ({ result: '已处理' }),
    },
    {
      action: 'reply',
      setup: (id) => dispatchTo(id, 'cgj', true),
      actor: 'cgj.handler',
      forbidden: 'grid01',
      body: () => ({ body: '已答复' }),
    },
    {
      action: 'visit',
      setup: (id) => toVisit(id),
      actor: 'operator',
      forbidden: 'cgj.handler',
      body: () => ({ solved: true, satisfaction: 'satisfied' }),
    },
    {
      action: 'close',
      setup: (id) => toVisit(id, true),
      actor: 'dispatcher',
      forbidden: 'cgj.handler',
      body: () => ({}),
    },
    {
      action: 'void',
      setup: async () => undefined,
      actor: 'supervisor',
      forbidden: 'dispatcher',
      body: () => ({ reason: '无效' }),
    },
    {
      action: 'leader_assign',
      setup: async () => undefined,
      actor: 'leader',
      forbidden: 'dispatcher',
      body: () => ({ instruction: '尽快办理' }),
    },
  ];

  async function firstItem(): Promise<string> {
    const row = await env.database.handle.db
      .selectFrom('category')
      .select('id')
      .where('level', '=', 3)
      .orderBy('code')
      .executeTakeFirstOrThrow();
    return row.id;
  }
  async function dispatchTo(id: string, unit: 'cgj', signed = false): Promise<void> {
    await actOk(env.app, c.dispatcher as string, id, 'dispatch', { leadUnitId: units[unit] });
    if (signed) await actOk(env.app, c['cgj.handler'] as string, id, 'sign');
  }
  async function toVisit(id: string, visited = false): Promise<void> {
    await dispatchTo(id, 'cgj', true);
    await actOk(env.app, c['cgj.handler'] as string, id, 'feedback', { result: '已处理', reply: '已处理完毕' });
    if (visited) await actOk(env.app, c.operator as string, id, 'visit', { solved: true, satisfaction: 'satisfied' });
  }

  for (const s of scenarios) {
    it(`${s.action}: 403 for a role without the permission, 404 outside the scope, 409 on a stale version, 200 for the right actor`, async () => {
      const kase = await freshCase();
      await s.setup(kase.id);
      const version = (await getCase(env.app, c.supervisor as string, kase.id)).version;
      const body = await s.body(kase.id);
      const forbidden = await act(
        env.app,
        c[s.forbidden] as string,
        kase.id,
        s.action,
        { ...body, version },
        c.supervisor,
      );
      expect(forbidden.statusCode, forbidden.body).toBe(403);
      const outside = await act(env.app, outsider, kase.id, s.action, { ...body, version }, c.supervisor);
      // Someone who holds the permission but whose unit has no part in the case cannot see it.
      if (
        [
          'classify',
          'dispatch',
          'sign',
          'return',
          'reassign',
          'request_extension',
          'suspend',
          'feedback',
          'reply',
        ].includes(s.action)
      ) {
        expect(outside.statusCode, outside.body).toBe(404);
        expect(outside.json<ErrorBody>().error.code).toBe('NOT_FOUND');
      }
      const stale = await act(
        env.app,
        c[s.actor] as string,
        kase.id,
        s.action,
        { ...body, version: version > 1 ? version - 1 : version + 1 },
        c.supervisor,
      );
      expect(stale.statusCode, stale.body).toBe(409);
      expect(stale.json<ErrorBody>().error.code).toBe('VERSION_CONFLICT');
      const ok = await act(env.app, c[s.actor] as string, kase.id, s.action, { ...body, version }, c.supervisor);
      expect(ok.statusCode, ok.body).toBe(200);
    });
  }

  it('hides a case from units that have no part in it, everywhere: detail, timeline, search and inbox', async () => {
    const kase = await freshCase();
    await actOk(env.app, c.dispatcher as string, kase.id, 'dispatch', { leadUnitId: units.cgj });
    for (const url of [`/api/cases/${kase.id}`, `/api/cases/${kase.id}/timeline`]) {
      expect((await env.app.inject({ url, headers: { cookie: outsider } })).statusCode).toBe(404);
    }
    const search = await env.app.inject({
      url: `/api/cases/search?number=${kase.number}`,
      headers: { cookie: outsider },
    });
    expect(search.json<{ items: unknown[] }>().items).toEqual([]);
    const mine = await env.app.inject({
      url: `/api/cases/search?number=${kase.number}`,
      headers: { cookie: c['cgj.handler'] as string },
    });
    expect(mine.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toEqual([kase.id]);
    const inbox = await env.app.inject({
      url: '/api/cases/inbox?tab=to_sign',
      headers: { cookie: c['cgj.handler'] as string },
    });
    expect(inbox.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toContain(kase.id);
    const counts = await env.app.inject({
      url: '/api/cases/inbox/counts',
      headers: { cookie: c['cgj.handler'] as string },
    });
    expect(counts.json<Record<string, number>>().to_sign).toBeGreaterThanOrEqual(1);
    expect(counts.json<Record<string, number>>()).not.toHaveProperty('all');
    // A page asks only for the tabs it shows; an unknown tab is refused.
    const two = await env.app.inject({
      url: '/api/cases/inbox/counts?tabs=to_sign,overdue',
      headers: { cookie: c['cgj.handler'] as string },
    });
    expect(Object.keys(two.json<Record<string, number>>()).sort()).toEqual(['overdue', 'to_sign']);
    const bad = await env.app.inject({
      url: '/api/cases/inbox/counts?tabs=to_sign,nonsense',
      headers: { cookie: c['cgj.handler'] as string },
    });
    expect(bad.statusCode).toBe(400);
    const other = await env.app.inject({ url: '/api/cases/inbox?tab=to_sign', headers: { cookie: outsider } });
    expect(other.json<{ items: { id: string }[] }>().items.map((i) => i.id)).not.toContain(kase.id);
  });

  it('masks the reporter everywhere and reveals the contact only on a logged call by an allowed role', async () => {
    const kase = await createCaseOk(env.app, c.operator as string, {
      channel: 'hotline',
      requestType: 'help',
      description: '老人独居，需要帮助联系社区。',
      location: { address: '坪山街道' },
      reporter: { name: '王建国', phone: '13112345678' },
    });
    const detail = await env.app.inject({ url: `/api/cases/${kase.id}`, headers: { cookie: c.dispatcher as string } });
    expect(detail.body).not.toContain('13112345678');
    expect(detail.body).not.toContain('王建国');
    const dispatcherReveal = await env.app.inject({
      method: 'POST',
      url: `/api/cases/${kase.id}/reveal-contact`,
      headers: { cookie: c.dispatcher as string },
    });
    expect(dispatcherReveal.statusCode).toBe(403);
    const reveal = await env.app.inject({
      method: 'POST',
      url: `/api/cases/${kase.id}/reveal-contact`,
      headers: { cookie: c.operator as string },
    });
    expect(reveal.json()).toEqual({ name: '王建国', phone: '13112345678', anonymous: false });
    const logged = await env.database.handle.db
      .selectFrom('audit_event')
      .select(['actor_name'])
      .where('action', '=', 'case.contact_revealed')
      .where('subject_id', '=', kase.id)
      .execute();
    expect(logged).toEqual([{ actor_name: 'operator' }]);
    const lookup = await env.app.inject({
      url: '/api/cases/lookup-phone?phone=13112345678',
      headers: { cookie: c.operator as string },
    });
    expect(lookup.json<{ items: { number: string; reporter: { phone: string } }[] }>().items[0]).toMatchObject({
      number: kase.number,
      reporter: { phone: '131****5678' },
    });
  });

  it('finds cases by Chinese words of their text', async () => {
    const kase = await createCaseOk(env.app, c.operator as string, {
      channel: 'hotline',
      requestType: 'complaint',
      description: '坪山街道六和社区有商户占道经营，并且夜间噪音扰民严重。',
      location: { address: '六和社区' },
      reporter: { phone: '13300133001' },
    });
    for (const q of ['占道经营', '噪音扰民', '六和社区 噪音', '占道']) {
      const found = await env.app.inject({
        url: `/api/cases/search?q=${encodeURIComponent(q)}`,
        headers: { cookie: c.dispatcher as string },
      });
      expect(
        found.json<{ items: { id: string }[] }>().items.map((i) => i.id),
        q,
      ).toContain(kase.id);
    }
    const none = await env.app.inject({
      url: `/api/cases/search?q=${encodeURIComponent('燃气泄漏')}`,
      headers: { cookie: c.dispatcher as string },
    });
    expect(none.json<{ items: { id: string }[] }>().items.map((i) => i.id)).not.toContain(kase.id);
  });
});
