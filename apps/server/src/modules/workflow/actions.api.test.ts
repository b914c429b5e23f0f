import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
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
  type CaseAnswer,
} from '../../../test/support/cases.js';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { createUser } from '../auth/index.js';
import { testStart } from '../../../test/support/app.js';

const hour = 3600_000;

describeEachDatabase('case actions', (dialect) => {
  let env: TestEnv;
  const c: Record<string, string> = {};
  let point: { lat: number; lon: number };
  let units: Record<string, string>;

  beforeAll(async () => {
    env = await createTestEnv(dialect, { env: { SESSION_IDLE_MINUTES: '1440', SESSION_MAX_HOURS: '720' } });
    point = await pointInGrid(env, '440310001001001');
    units = {};
    for (const code of ['440310001', 'PS.CGJ', 'PS.ZJJ', 'PS.JTJ', 'PS.CGJ.ZFDD', '440310001001'])
      units[code] = await unitIdOf(env, code);
  });
  afterAll(async () => env.close());
  // Tests move the clock by hours and days: start each at the same instant with fresh sessions.
  beforeEach(async () => {
    env.clock.set(testStart);
    for (const user of [
      'operator',
      'dispatcher',
      'ps.handler',
      'cgj.handler',
      'supervisor',
      'leader',
      'ps.dispatcher',
    ]) {
      c[user] = await signInAs(env.app, user);
    }
  });

  const newCase = async (extra: Record<string, unknown> = {}): Promise<CaseAnswer> =>
    createCaseOk(env.app, c.operator as string, {
      channel: 'hotline',
      requestType: 'complaint',
      description: '小区门口道路破损严重，雨天积水，行人难以通过。',
      location: { ...point, address: '坪山街道六和社区' },
      reporter: { name: '李女士', phone: '13700137000' },
      ...extra,
    });

  const rowOf = (id: string) =>
    env.database.handle.db.selectFrom('case_record').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('returns a case within the limit (co-units cancelled), lists it as returned, and refuses a late return', async () => {
    const kase = await newCase();
    await actOk(env.app, c.dispatcher as string, kase.id, 'dispatch', {
      leadUnitId: units['PS.CGJ'],
      coUnitIds: [units['PS.ZJJ']],
    });
    env.clock.advance(2 * hour);
    await actOk(env.app, c['cgj.handler'] as string, kase.id, 'return', { reason: '不属于城管职责，应由住建部门处理' });
    const detail = await getCase(env.app, c.dispatcher as string, kase.id);
    expect(detail.node).toBe('dispatch');
    expect(detail.assignments.map((a) => [a.unit?.code, a.status, a.endReason])).toEqual([
      ['PS.CGJ', 'returned', '不属于城管职责，应由住建部门处理'],
      ['PS.ZJJ', 'cancelled', 'the lead unit returned the case'],
    ]);
    const returned = await env.app.inject({
      url: '/api/cases/inbox?tab=returned',
      headers: { cookie: c.dispatcher as string },
    });
    expect(returned.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toContain(kase.id);
    // The returning unit no longer sees the case.
    expect(
      (await env.app.inject({ url: `/api/cases/${kase.id}`, headers: { cookie: c['cgj.handler'] as string } }))
        .statusCode,
    ).toBe(404);

    await actOk(env.app, c.dispatcher as string, kase.id, 'dispatch', { leadUnitId: units['PS.CGJ'] });
    env.clock.advance(25 * hour);
    c['cgj.handler'] = await signInAs(env.app, 'cgj.handler');
    const late = await act(env.app, c['cgj.handler'], kase.id, 'return', { reason: '太晚了' });
    expect(late.statusCode).toBe(422);
    expect(late.json<ErrorBody>().error.code).toBe('WINDOW_CLOSED');
  });

  it('reassigns the lead unit, and a street passes a case down and takes it back up', async () => {
    const kase = await newCase();
    await actOk(env.app, c.dispatcher as string, kase.id, 'dispatch', { leadUnitId: units['PS.CGJ'] });
    await actOk(env.app, c.dispatcher as string, kase.id, 'reassign', {
      fromUnitId: units['PS.CGJ'],
      toUnitId: units['440310001'],
      reason: '属地管理，改派街道',
    });
    let detail = await getCase(env.app, c.dispatcher as string, kase.id);
    expect(detail.assignments.map((a) => [a.unit?.code, a.status])).toEqual([
      ['PS.CGJ', 'cancelled'],
      ['440310001', 'dispatched'],
    ]);
    expect(detail.node).toBe('sign');

    await actOk(env.app, c['ps.handler'] as string, kase.id, 'sign');
    await actOk(env.app, c['ps.dispatcher'] as string, kase.id, 'pass_down', {
      unitId: units['440310001001'],
      note: '交社区处理',
    });
    detail = await getCase(env.app, c['ps.dispatcher'] as string, kase.id);
    expect(detail.assignments.map((a) => [a.unit?.code, a.status])).toEqual([
      ['PS.CGJ', 'cancelled'],
      ['440310001', 'passed_down'],
      ['440310001001', 'dispatched'],
    ]);
    // A street centre passes cases only down its own subtree.
    const sideways = await act(env.app, c['ps.dispatcher'] as string, kase.id, 'pass_down', {
      unitId: units['PS.JTJ'],
    });
    expect(sideways.json<ErrorBody>().error.details.fields).toEqual([
      { field: 'unitId', reason: 'dispatch goes down the tree, to a unit under the dispatching unit' },
    ]);
    // The community takes it back up: the street holds the case again.
    await createUser(
      env.database.handle.db,
      env.config,
      env.ctx,
      {
        username: 'lh.handler',
        displayName: '六和社区工作人员',
        unitCode: '440310001001',
        password: 'Community#2026',
        phone: null,
      },
      ['handler'],
    );
    const community = await signInAs(env.app, 'lh.handler', 'Community#2026');
    await actOk(env.app, community, kase.id, 'sign');
    await actOk(env.app, community, kase.id, 'return', { reason: '需街道协调多部门' });
    detail = await getCase(env.app, c['ps.dispatcher'] as string, kase.id);
    expect(detail.assignments.map((a) => [a.unit?.code, a.status])).toEqual([
      ['PS.CGJ', 'cancelled'],
      ['440310001', 'signed'],
      ['440310001001', 'returned'],
    ]);
    expect([detail.node, detail.leadUnit?.code]).toEqual(['handle', '440310001']);
  });

  it('approves and refuses extensions: only an approval moves the deadline', async () => {
    const kase = await newCase();
    await actOk(env.app, c.dispatcher as string, kase.id, 'dispatch', { leadUnitId: units['PS.CGJ'] });
    await actOk(env.app, c['cgj.handler'] as string, kase.id, 'sign');
    const before = await rowOf(kase.id);
    const early = await act(env.app, c['cgj.handler'] as string, kase.id, 'request_extension', {
      reason: '需协调施工单位',
      requestedDueAt: '2026-11-26T00:00:00Z',
    });
    expect(early.json<ErrorBody>().error.code).toBe('VALIDATION_FAILED');
    await actOk(env.app, c['cgj.handler'] as string, kase.id, 'request_extension', {
      reason: '需协调施工单位',
      requestedDueAt: '2026-12-09T15:59:59Z',
    });
    expect(
      (await act(env.app, c['cgj.handler'] as string, kase.id, 'decide_extension', { approve: true })).statusCode,
    ).toBe(403);
    await actOk(env.app, c.dispatcher as string, kase.id, 'decide_extension', { approve: false, note: '理由不充分' });
    expect((await rowOf(kase.id)).due_at).toBe(before.due_at);
    await actOk(env.app, c['cgj.handler'] as string, kase.id, 'request_extension', {
      reason: '施工需要两周',
      requestedDueAt: '2026-12-09T15:59:59Z',
    });
    await actOk(env.app, c.dispatcher as string, kase.id, 'decide_extension', { approve: true });
    const after = await rowOf(kase.id);
    expect(after.due_at).toBe('2026-12-09T15:59:59.000Z');
    expect(after.node_due_at).toBe('2026-12-09T15:59:59.000Z');
    const detail = await getCase(env.app, c.dispatcher as string, kase.id);
    expect((detail.extensions as { status: string }[]).map((e) => e.status)).toEqual(['refused', 'approved']);
  });

  it('suspends and resumes: every deadline moves out by exactly the paused time', async () => {
    const kase = await newCase();
    await actOk(env.app, c.dispatcher as string, kase.id, 'dispatch', { leadUnitId: units['PS.CGJ'] });
    await actOk(env.app, c['cgj.handler'] as string, kase.id, 'sign');
    const before = await rowOf(kase.id);
    await actOk(env.app, c['cgj.handler'] as string, kase.id, 'suspend', { reason: '等待产权单位确认' });
    expect((await getCase(env.app, c.dispatcher as string, kase.id)).status).toBe('suspended');
    expect(
      (await act(env.app, c['cgj.handler'] as string, kase.id, 'feedback', { result: 'x' })).json<ErrorBody>().error
        .code,
    ).toBe('ACTION_NOT_ALLOWED');
    const paused = 3 * hour + 17 * 60_000 + 5_000;
    env.clock.advance(paused);
    await actOk(env.app, c['cgj.handler'] as string, kase.id, 'resume');
    const after = await rowOf(kase.id);
    const shift = (t: string | null) => Date.parse(t ?? '') - Date.parse(t ?? '');
    expect(shift(null)).toBeNaN();
    expect(Date.parse(after.due_at ?? '') - Date.parse(before.due_at ?? '')).toBe(paused);
    expect(Date.parse(after.amber_at ?? '') - Date.parse(before.amber_at ?? '')).toBe(paused);
    expect(Date.parse(after.node_due_at ?? '') - Date.parse(before.node_due_at ?? '')).toBe(paused);
    expect(Number(after.paused_ms)).toBe(paused);
    expect(after.status).toBe('open');
  });

  it('redoes a case after an unsolved return visit, and opens a supervisor review', async () => {
    const kase = await newCase();
    await actOk(env.app, c.dispatcher as string, kase.id, 'dispatch', { leadUnitId: units['PS.CGJ'] });
    await actOk(env.app, c['cgj.handler'] as string, kase.id, 'sign');
    await actOk(env.app, c['cgj.handler'] as string, kase.id, 'feedback', { result: '已修复', reply: '道路已修复。' });
    await actOk(env.app, c.operator as string, kase.id, 'visit', {
      solved: false,
      satisfaction: 'unsatisfied',
      note: '市民称仍有积水',
    });
    const reviews = await env.app.inject({
      url: '/api/reviews?status=open',
      headers: { cookie: c.supervisor as string },
    });
    expect(reviews.json<{ items: { caseId: string; reason: string }[] }>().items).toEqual(
      expect.arrayContaining([expect.objectContaining({ caseId: kase.id, reason: 'visit_unsolved' })]),
    );
    await actOk(env.app, c.supervisor as string, kase.id, 'redo', { reason: '积水未解决，重办' });
    const detail = await getCase(env.app, c['cgj.handler'] as string, kase.id);
    expect([detail.node, detail.status, detail.reopenCount]).toEqual(['handle', 'open', 1]);
    expect(detail.assignments[0]?.status).toBe('signed');
  });

  it('answers a consultation at intake and closes it (直接办结); the citizen may rate and reopen it', async () => {
    const kase = await newCase({
      requestType: 'consultation',
      description: '请问新生儿医保在哪里办理？',
      directAnswer: '可在坪山区政务服务中心医保窗口或“粤省事”小程序办理。',
    });
    expect([kase.status, kase.node]).toEqual(['closed', 'done']);
    const view = await env.app.inject({
      method: 'POST',
      url: '/api/public/track',
      payload: { number: kase.number, phoneLast4: '7000' },
    });
    expect(view.json<{ replies: { body: string }[] }>().replies[0]?.body).toContain('医保窗口');
    expect((await outboxFor(env, kase.id)).map((m) => m.template)).toEqual(['case_accepted', 'case_closed']);
    const poor = await env.app.inject({
      method: 'POST',
      url: `/api/public/cases/${kase.number}/rating`,
      payload: {
        number: kase.number,
        phoneLast4: '7000',
        speed: 3,
        result: 2,
        attitude: 3,
        experience: 2,
        comment: '答复不清楚',
      },
    });
    expect(poor.statusCode).toBe(201);
    const reviews = await env.app.inject({
      url: '/api/reviews?status=open',
      headers: { cookie: c.supervisor as string },
    });
    expect(reviews.json<{ items: { caseId: string; reason: string }[] }>().items).toEqual(
      expect.arrayContaining([expect.objectContaining({ caseId: kase.id, reason: 'bad_rating' })]),
    );
    const reopened = await env.app.inject({
      method: 'POST',
      url: `/api/public/cases/${kase.number}/reopen`,
      payload: { number: kase.number, phoneLast4: '7000', reason: '仍不清楚具体材料' },
    });
    expect(reopened.statusCode).toBe(200);
    const row = await rowOf(kase.id);
    // Closed at intake without any unit: back to dispatch.
    expect([row.status, row.node, row.reopen_count]).toEqual(['open', 'dispatch', 1]);
  });

  it('refuses a citizen reopen after the allowed days', async () => {
    const kase = await newCase({
      requestType: 'consultation',
      description: '请问办事大厅几点上班？',
      directAnswer: '工作日9点至18点。',
    });
    env.clock.advance(16 * 24 * hour);
    const late = await env.app.inject({
      method: 'POST',
      url: `/api/public/cases/${kase.number}/reopen`,
      payload: { number: kase.number, phoneLast4: '7000', reason: '再问问' },
    });
    expect(late.json<ErrorBody>().error.code).toBe('WINDOW_CLOSED');
  });

  it('merges a duplicate into a main case: the main case’s reply reaches both reporters', async () => {
    const main = await newCase();
    const duplicate = await newCase({
      reporter: { phone: '13600136000' },
      description: '同一处道路破损，反映第二次。',
    });
    await actOk(env.app, c.dispatcher as string, duplicate.id, 'merge', { intoCaseId: main.id, reason: '同一问题' });
    expect((await getCase(env.app, c.dispatcher as string, duplicate.id)).status).toBe('merged');
    await actOk(env.app, c.dispatcher as string, main.id, 'dispatch', { leadUnitId: units['PS.CGJ'] });
    await actOk(env.app, c['cgj.handler'] as string, main.id, 'sign');
    await actOk(env.app, c['cgj.handler'] as string, main.id, 'reply', { body: '道路已安排修复。' });
    const messages = await env.database.handle.db
      .selectFrom('outbox_message')
      .select(['recipient', 'case_id'])
      .where('template', '=', 'case_replied')
      .where('case_id', 'in', [main.id, duplicate.id])
      .execute();
    expect(messages.map((m) => m.recipient).sort()).toEqual(['13600136000', '13700137000']);
    const view = await env.app.inject({
      method: 'POST',
      url: '/api/public/track',
      payload: { number: duplicate.number, phoneLast4: '6000' },
    });
    expect(view.json()).toMatchObject({ mergedIntoNumber: main.number, replies: [{ body: '道路已安排修复。' }] });
  });

  it('lets only a supervisor void a case; a voided case takes no more actions', async () => {
    const kase = await newCase({ description: '测试测试测试无效内容' });
    const denied = await act(env.app, c.dispatcher as string, kase.id, 'void', { reason: '无效' });
    expect(denied.statusCode).toBe(403);
    await actOk(env.app, c.supervisor as string, kase.id, 'void', { reason: '骚扰信息' });
    const after = await act(env.app, c.dispatcher as string, kase.id, 'dispatch', { leadUnitId: units['PS.CGJ'] });
    expect(after.json<ErrorBody>().error.code).toBe('ACTION_NOT_ALLOWED');
  });

  it('records a leader’s assignment with a notice to the responsible unit, and tags', async () => {
    const kase = await newCase();
    await actOk(env.app, c.dispatcher as string, kase.id, 'dispatch', { leadUnitId: units['PS.CGJ'] });
    await actOk(env.app, c.leader as string, kase.id, 'leader_assign', { instruction: '请三日内解决并报告' });
    await actOk(env.app, c.dispatcher as string, kase.id, 'tag', { tag: '民生实事' });
    await actOk(env.app, c.dispatcher as string, kase.id, 'untag', { tag: '民生实事' });
    const detail = await getCase(env.app, c['cgj.handler'] as string, kase.id);
    expect(detail.tags).toEqual(['领导交办']);
    expect(detail.urgency).toBe('urgent');
    const notices = await env.app.inject({
      url: '/api/notices?signed=false',
      headers: { cookie: c['cgj.handler'] as string },
    });
    const mine = notices
      .json<{ items: { id: string; kind: string; caseId: string }[] }>()
      .items.filter((n) => n.caseId === kase.id);
    expect(mine.map((n) => n.kind)).toEqual(['leader']);
    const sign = await env.app.inject({
      method: 'POST',
      url: `/api/notices/${mine[0]?.id}/sign`,
      headers: { cookie: c['cgj.handler'] as string },
    });
    expect(sign.statusCode).toBe(204);
  });

  it('refuses a stale version with 409 and keeps the newer change', async () => {
    const kase = await newCase();
    const stale = (await getCase(env.app, c.dispatcher as string, kase.id)).version;
    await actOk(env.app, c.dispatcher as string, kase.id, 'dispatch', { leadUnitId: units['PS.CGJ'], version: stale });
    const second = await act(env.app, c.dispatcher as string, kase.id, 'dispatch', {
      leadUnitId: units['PS.ZJJ'],
      version: stale,
    });
    expect(second.statusCode).toBe(409);
    expect(second.json<ErrorBody>().error).toMatchObject({
      code: 'VERSION_CONFLICT',
      details: { currentVersion: stale + 1 },
    });
    expect((await getCase(env.app, c.dispatcher as string, kase.id)).leadUnit).toMatchObject({ code: 'PS.CGJ' });
  });

  it('answers the same Idempotency-Key with the same case, refuses it for another body, and makes one case of concurrent repeats', async () => {
    const body = {
      channel: 'hotline',
      requestType: 'complaint',
      description: '幂等测试：同一通电话重复提交。',
      location: { address: '坪山街道' },
      reporter: { phone: '13500135000' },
    };
    const send = (payload: object, key: string) =>
      env.app.inject({
        method: 'POST',
        url: '/api/cases',
        headers: { cookie: c.operator as string, 'idempotency-key': key },
        payload,
      });
    const first = await send(body, 'call-0001');
    const again = await send(body, 'call-0001');
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json<CaseAnswer>().number).toBe(first.json<CaseAnswer>().number);
    expect(again.headers['idempotent-replayed']).toBe('true');
    const other = await send({ ...body, description: '另一件事' }, 'call-0001');
    expect(other.statusCode).toBe(422);
    expect(other.json<ErrorBody>().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const concurrent = await Promise.all(
      Array.from({ length: 5 }, () => send({ ...body, description: '并发重复提交' }, 'call-0002')),
    );
    const statuses = concurrent.map((r) => r.statusCode).sort();
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const numbers = new Set(concurrent.filter((r) => r.statusCode === 201).map((r) => r.json<CaseAnswer>().number));
    expect(numbers.size).toBe(1);
    const made = await env.database.handle.db
      .selectFrom('case_record')
      .select('id')
      .where('description', '=', '并发重复提交')
      .execute();
    expect(made).toHaveLength(1);
  });
});

export { categoryIdOf };
