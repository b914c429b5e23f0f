import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestEnv, signInAs, type ErrorBody, type TestEnv } from '../../../test/support/app.js';
import {
  act,
  actOk,
  categoryIdOf,
  createCaseOk,
  getCase,
  outboxFor,
  pointInGrid,
  unitIdOf,
} from '../../../test/support/cases.js';
import { describeEachDatabase } from '../../../test/support/databases.js';

interface PublicView {
  number: string;
  status: string;
  nodes: { node: string; status: string; at: string | null }[];
  replies: { body: string; unitName: string | null }[];
  canRate: boolean;
  canReopen: boolean;
  rating: unknown;
  mergedIntoNumber: string | null;
}

describeEachDatabase('a case through the general template', (dialect) => {
  let env: TestEnv;
  const c: Record<string, string> = {};
  let point: { lat: number; lon: number };

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    for (const user of [
      'operator',
      'dispatcher',
      'ps.handler',
      'cgj.handler',
      'supervisor',
      'leader',
      'grid01',
      'ps.dispatcher',
    ]) {
      c[user] = await signInAs(env.app, user);
    }
    point = await pointInGrid(env, '440310001001001');
  });
  afterAll(async () => env.close());

  it('walks intake → dispatch (parallel) → sign → feedback with reply → visit → close → rating', async () => {
    const app = env.app;
    const category = await categoryIdOf(env, '城管执法');
    const created = await createCaseOk(app, c.operator as string, {
      channel: 'hotline',
      requestType: 'complaint',
      description: '六和社区门口每天晚上有流动摊贩占道经营，油烟很大，影响通行。',
      categoryId: category,
      location: { ...point, address: '坪山街道六和社区东纵路12号门口' },
      reporter: { name: '张先生', phone: '13800138000' },
      extraAnswers: { stall_count: 3 },
      tags: ['重复投诉'],
    });
    expect(created.number).toMatch(/^PS20261125-\d{5}$/);
    expect(created.node).toBe('register');
    // Complaint: 5 working days from Wed 2026-11-25 → Wed 2026-12-02 23:59:59 +08:00.
    expect(created.dueAt).toBe('2026-12-02T15:59:59.000Z');
    expect(created.trackingUrl).toBeNull();
    const messages = await outboxFor(env, created.id);
    expect(messages).toEqual([
      expect.objectContaining({ template: 'case_accepted', recipient: '13800138000', status: 'pending' }),
    ]);

    const route = await app.inject({
      url: `/api/cases/${created.id}/route`,
      headers: { cookie: c.dispatcher as string },
    });
    const candidates = route.json<{ items: { unit: { code: string }; role: string; reason: string; rank: number }[] }>()
      .items;
    expect(candidates[0]).toMatchObject({ unit: { code: '440310001' }, role: 'lead', rank: 1 });
    expect(candidates[0]?.reason).toMatch(/城管执法 → 坪山街道 by street rule/);

    const street = await unitIdOf(env, '440310001');
    const cgj = await unitIdOf(env, 'PS.CGJ');
    await actOk(app, c.dispatcher as string, created.id, 'dispatch', { leadUnitId: street, coUnitIds: [cgj] });
    let detail = await getCase(app, c.dispatcher as string, created.id);
    expect(detail.node).toBe('sign');
    expect(detail.assignments.map((a) => [a.unit?.code, a.role, a.status])).toEqual([
      ['440310001', 'lead', 'dispatched'],
      ['PS.CGJ', 'co', 'dispatched'],
    ]);

    await actOk(app, c['ps.handler'] as string, created.id, 'sign');
    expect((await getCase(app, c['ps.handler'] as string, created.id)).node).toBe('handle');

    // The co-unit signs and submits its part; the case waits for the lead.
    await actOk(app, c['cgj.handler'] as string, created.id, 'sign');
    await actOk(app, c['cgj.handler'] as string, created.id, 'feedback', {
      result: '执法大队已约谈摊主，责令其撤离。',
    });
    expect((await getCase(app, c.dispatcher as string, created.id)).node).toBe('handle');

    await actOk(app, c['ps.handler'] as string, created.id, 'note', {
      body: '内部：该摊主系屡次违规，已列入重点巡查。',
    });
    await actOk(app, c['ps.handler'] as string, created.id, 'feedback', {
      result: '街道执法队已清理占道摊点，并安排每晚巡查。',
      reply: '您好，您反映的占道经营问题已处理，相关摊点已清理，街道将加强夜间巡查。',
    });
    detail = await getCase(app, c.operator as string, created.id);
    expect(detail.node).toBe('return_visit');
    expect(detail.replies.map((r) => r.body)).toEqual([
      '您好，您反映的占道经营问题已处理，相关摊点已清理，街道将加强夜间巡查。',
    ]);
    expect(detail.internal.map((e) => e.kind)).toEqual(['feedback', 'note', 'feedback']);
    expect(detail.reporter).toEqual({ name: '张**', phone: '138****8000', anonymous: false });

    await actOk(app, c.operator as string, created.id, 'visit', {
      solved: true,
      satisfaction: 'satisfied',
      note: '市民确认已解决',
    });
    expect((await getCase(app, c.dispatcher as string, created.id)).node).toBe('close');
    await actOk(app, c.dispatcher as string, created.id, 'close', { note: '办结' });
    detail = await getCase(app, c.dispatcher as string, created.id);
    expect([detail.status, detail.node, detail.deadlineStatus]).toEqual(['closed', 'rate', 'none']);
    expect((await outboxFor(env, created.id)).map((m) => m.template)).toEqual([
      'case_accepted',
      'case_replied',
      'case_closed',
    ]);

    // The citizen follows the case with the number and the last four digits of the phone.
    const track = await app.inject({
      method: 'POST',
      url: '/api/public/track',
      payload: { number: created.number, phoneLast4: '8000' },
    });
    expect(track.statusCode).toBe(200);
    const view = track.json<PublicView>();
    expect(view.nodes.map((n) => [n.node, n.status])).toEqual([
      ['accept', 'done'],
      ['register', 'done'],
      ['dispatch', 'done'],
      ['sign', 'done'],
      ['handle', 'done'],
      ['feedback', 'done'],
      ['return_visit', 'done'],
      ['close', 'done'],
      ['rate', 'current'],
    ]);
    expect(view.replies).toEqual([expect.objectContaining({ unitName: '坪山街道' })]);
    expect(view.canRate).toBe(true);
    const raw = track.body;
    for (const secret of ['内部', '13800138000', '张先生', '执法大队已约谈', 'ps.handler', '黄伟'])
      expect(raw).not.toContain(secret);
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/public/track',
      payload: { number: created.number, phoneLast4: '0000' },
    });
    expect(wrong.statusCode).toBe(404);

    const rated = await app.inject({
      method: 'POST',
      url: `/api/public/cases/${created.number}/rating`,
      payload: {
        number: created.number,
        phoneLast4: '8000',
        speed: 5,
        result: 5,
        attitude: 5,
        experience: 4,
        comment: '处理及时',
      },
    });
    expect(rated.statusCode).toBe(201);
    expect(rated.json<PublicView>().nodes.at(-1)).toMatchObject({ node: 'rate', status: 'done' });
    const again = await app.inject({
      method: 'POST',
      url: `/api/public/cases/${created.number}/rating`,
      payload: { number: created.number, phoneLast4: '8000', speed: 1, result: 1, attitude: 1, experience: 1 },
    });
    expect(again.json<ErrorBody>().error.code).toBe('ALREADY_RATED');

    const timeline = await app.inject({
      url: `/api/cases/${created.id}/timeline`,
      headers: { cookie: c.supervisor as string },
    });
    const actions = timeline.json<{ items: { action: string }[] }>().items.map((e) => e.action);
    expect(actions).toEqual([
      'case.created',
      'case.dispatched',
      'case.signed',
      'case.signed',
      'case.fed_back',
      'case.noted',
      'case.fed_back',
      'case.visited',
      'case.closed',
      'case.rated',
    ]);
    // Staff are named as people (display names), the citizen's rating by no account.
    const first = timeline.json<{ items: { actorName: string; actorDisplayName: string | null }[] }>().items;
    expect(first[0]).toMatchObject({ actorName: 'operator', actorDisplayName: '王芳（话务员）' });
    expect(first.at(-1)?.actorDisplayName).toBeNull();
  });

  it('verifies grid reports on site: a failed check sends the case back, a passed one moves it on', async () => {
    const app = env.app;
    const upload = async (cookie: string) => {
      const sharp = (await import('sharp')).default;
      const png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#0a0' } })
        .png()
        .toBuffer();
      const response = await app.inject({
        method: 'POST',
        url: '/api/attachments?purpose=verify',
        headers: { cookie, 'content-type': 'image/png' },
        payload: png,
      });
      return response.json<{ id: string }>().id;
    };
    const report = await createCaseOk(app, c.grid01 as string, {
      channel: 'grid',
      requestType: 'report',
      description: '六和社区第01网格发现暴露垃圾一处。',
      categoryId: await categoryIdOf(env, '环境卫生'),
      location: point,
      reporter: { phone: '13900139000' },
      attachmentIds: [await upload(c.grid01 as string)],
    });
    // A patrol report is dispatched by the grid's street centre.
    const grid = await unitIdOf(env, '440310001001001');
    await actOk(app, c['ps.dispatcher'] as string, report.id, 'dispatch', { leadUnitId: grid });
    await actOk(app, c.grid01 as string, report.id, 'sign');
    await actOk(app, c.grid01 as string, report.id, 'feedback', { result: '已清理', reply: '垃圾已清理完毕。' });
    expect((await getCase(app, c.grid01 as string, report.id)).node).toBe('verify');

    const noPhotos = await act(app, c.grid01 as string, report.id, 'verify', { passed: false, note: '仍有残留' });
    expect(noPhotos.json<ErrorBody>().error.code).toBe('VALIDATION_FAILED');
    await actOk(app, c.grid01 as string, report.id, 'verify', {
      passed: false,
      note: '仍有残留',
      attachmentIds: [await upload(c.grid01 as string)],
    });
    expect((await getCase(app, c.grid01 as string, report.id)).node).toBe('handle');
    await actOk(app, c.grid01 as string, report.id, 'feedback', { result: '二次清理完成' });
    await actOk(app, c.grid01 as string, report.id, 'verify', { passed: true, note: '现场已清理干净' });
    expect((await getCase(app, c.supervisor as string, report.id)).node).toBe('return_visit');
  });

  it('takes a patrol report without a phone and, with no citizen to answer, goes from feedback to verification', async () => {
    const app = env.app;
    const report = await createCaseOk(app, c.grid01 as string, {
      channel: 'grid',
      requestType: 'report',
      description: '六和社区第01网格井盖缺损一处，存在安全隐患。',
      location: point,
    });
    const grid = await unitIdOf(env, '440310001001001');
    await actOk(app, c['ps.dispatcher'] as string, report.id, 'dispatch', { leadUnitId: grid });
    await actOk(app, c.grid01 as string, report.id, 'sign');
    await actOk(app, c.grid01 as string, report.id, 'feedback', { result: '已设置警示并报修' });
    expect((await getCase(app, c.grid01 as string, report.id)).node).toBe('verify');
  });

  it('names the unit of whoever replies on the citizen’s progress page', async () => {
    const app = env.app;
    const created = await createCaseOk(app, c.operator as string, {
      channel: 'hotline',
      requestType: 'complaint',
      description: '六和社区路灯不亮已经一周，晚上出行不便。',
      location: point,
      reporter: { phone: '13900139001' },
    });
    // The street handles it; its dispatcher answers, then the hotline calls back and answers too.
    const street = await unitIdOf(env, '440310001');
    await actOk(app, c.dispatcher as string, created.id, 'dispatch', { leadUnitId: street });
    await actOk(app, c['ps.dispatcher'] as string, created.id, 'reply', { body: '已安排维修，预计三天内修复。' });
    await actOk(app, c.operator as string, created.id, 'reply', { body: '已电话回访，维修已在进行中。' });
    const track = await app.inject({
      method: 'POST',
      url: '/api/public/track',
      payload: { number: created.number, phoneLast4: '9001' },
    });
    expect(
      track
        .json<{ replies: { unitName: string | null }[] }>()
        .replies.map((r) => r.unitName)
        .sort(),
    ).toEqual(['坪山区民生诉求指挥中心', '坪山街道'].sort());
  });
});
