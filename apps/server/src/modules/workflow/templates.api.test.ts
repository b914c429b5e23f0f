import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestEnv, signInAs, type TestEnv } from '../../../test/support/app.js';
import { actOk, createCaseOk, getCase, pointInGrid, unitIdOf } from '../../../test/support/cases.js';
import { describeEachDatabase } from '../../../test/support/databases.js';

describeEachDatabase('the simple template and automatic dispatch', (dialect) => {
  let env: TestEnv;
  const c: Record<string, string> = {};
  let point: { lat: number; lon: number };

  beforeAll(async () => {
    env = await createTestEnv(dialect, { env: { AUTO_DISPATCH: 'true' } });
    for (const user of ['operator', 'dispatcher', 'supervisor']) c[user] = await signInAs(env.app, user);
    point = await pointInGrid(env, '440310001001001');
  });
  afterAll(async () => env.close());

  const itemOfTemplate = async (template: 'simple' | 'general', name?: string) => {
    let query = env.database.handle.db
      .selectFrom('category')
      .select('id')
      .where('level', '=', 3)
      .where('workflow_template', '=', template);
    if (name) query = query.where('name', '=', name);
    return (await query.orderBy('code').executeTakeFirstOrThrow()).id;
  };

  it('walks the simple template: accept → dispatch → handle → feedback → close, with no signing step', async () => {
    const kase = await createCaseOk(env.app, c.operator as string, {
      channel: 'hotline',
      requestType: 'suggestion',
      description: '建议政府网站增加无障碍浏览功能。',
      categoryId: await itemOfTemplate('simple'),
      location: { address: '坪山区' },
      reporter: { phone: '13800006666' },
    });
    // A simple-template item with a clear rule is dispatched at once (AUTO_DISPATCH=true).
    let detail = await getCase(env.app, c.dispatcher as string, kase.id);
    expect([detail.workflowTemplate, detail.node]).toEqual(['simple', 'handle']);
    const lead = detail.assignments[0]?.unit?.code ?? '';
    const handlerUnit = await unitIdOf(env, lead);
    const { createUser } = await import('../auth/index.js');
    await createUser(
      env.database.handle.db,
      env.config,
      env.ctx,
      { username: 'simple.handler', displayName: '承办人', unitCode: lead, password: 'Simple#2026x', phone: null },
      ['handler'],
    );
    expect(handlerUnit).toBeTruthy();
    const handler = await signInAs(env.app, 'simple.handler', 'Simple#2026x');
    await actOk(env.app, handler, kase.id, 'feedback', {
      result: '已采纳建议',
      reply: '感谢建议，已纳入网站改版计划。',
    });
    detail = await getCase(env.app, c.dispatcher as string, kase.id);
    expect(detail.node).toBe('close');
    await actOk(env.app, c.dispatcher as string, kase.id, 'close');
    detail = await getCase(env.app, c.dispatcher as string, kase.id);
    expect([detail.status, detail.node]).toEqual(['closed', 'done']);
    const view = await env.app.inject({
      method: 'POST',
      url: '/api/public/track',
      payload: { number: kase.number, phoneLast4: '6666' },
    });
    expect(view.json<{ nodes: { node: string; status: string }[] }>().nodes.map((n) => [n.node, n.status])).toEqual([
      ['accept', 'done'],
      ['dispatch', 'done'],
      ['handle', 'done'],
      ['feedback', 'done'],
      ['close', 'done'],
    ]);
  });

  it('dispatches automatically by the street rule when the item and the place give one clear unit', async () => {
    const kase = await createCaseOk(env.app, c.operator as string, {
      channel: 'hotline',
      requestType: 'complaint',
      description: '路边摊占道经营。',
      categoryId: await itemOfTemplate('general', '城管执法'),
      location: point,
      reporter: { phone: '13800007777' },
    });
    const detail = await getCase(env.app, c.dispatcher as string, kase.id);
    expect(detail.node).toBe('sign');
    expect(detail.assignments.map((a) => [a.unit?.code, a.role])).toEqual([
      ['440310001', 'lead'],
      ['PS.CGJ', 'co'],
      ['PS.CGJ.ZFDD', 'co'],
    ]);
    const timeline = await env.app.inject({
      url: `/api/cases/${kase.id}/timeline`,
      headers: { cookie: c.supervisor as string },
    });
    const dispatched = timeline.json<{
      items: { action: string; reason: string | null; after: { automatic?: boolean } }[];
    }>().items[1];
    expect(dispatched).toMatchObject({ action: 'case.dispatched', after: { automatic: true } });
    expect(dispatched?.reason).toMatch(/by street rule/);
  });

  it('pages through a queue with a cursor, oldest first, without repeats', async () => {
    for (let i = 0; i < 5; i++) {
      env.clock.advance(1000);
      await createCaseOk(env.app, c.operator as string, {
        channel: 'hotline',
        requestType: 'other',
        description: `分页测试 ${i}`,
        location: { address: '坪山' },
        reporter: { phone: '13800008888' },
      });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/api/cases/inbox?tab=to_dispatch&requestType=other&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await env.app.inject({ url: query, headers: { cookie: c.dispatcher as string } });
      const body = page.json<{ items: { id: string; createdAt: string }[]; nextCursor: string | null }>();
      seen.push(...body.items.map((i) => i.createdAt));
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect([...seen].sort()).toEqual(seen);
  });
});
