import http from 'node:http';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { createTestEnv, signInAs, type TestEnv } from '../../../test/support/app.js';
import { actOk, categoryIdOf, createCaseOk, pointInGrid, unitIdOf } from '../../../test/support/cases.js';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { createProviders, deliverDueMessages } from '../notification/index.js';
import { sweepDeadlines } from './supervision.service.js';

const minute = 60_000;

describeEachDatabase('deadlines and supervision', (dialect) => {
  let env: TestEnv;
  const c: Record<string, string> = {};
  let point: { lat: number; lon: number };
  let cgj: string;

  beforeAll(async () => {
    env = await createTestEnv(dialect, { env: { SESSION_IDLE_MINUTES: '1440', SESSION_MAX_HOURS: '720' } });
    point = await pointInGrid(env, '440310001001001');
    cgj = await unitIdOf(env, 'PS.CGJ');
  });
  afterAll(async () => env.close());
  beforeEach(async () => {
    // Wednesday 2026-09-30 10:00 in Shanghai, the day before the National Day break.
    env.clock.set('2026-09-30T02:00:00.000Z');
    for (const user of ['operator', 'dispatcher', 'cgj.handler', 'supervisor', 'leader'])
      c[user] = await signInAs(env.app, user);
  });

  const notices = (caseId: string) =>
    env.database.handle.db
      .selectFrom('supervision_notice as n')
      .innerJoin('unit as u', 'u.id', 'n.to_unit_id')
      .select(['n.kind', 'u.code'])
      .where('n.case_id', '=', caseId)
      .orderBy('n.created_at')
      .orderBy('n.kind')
      .execute();

  it('turns a case amber at 75 % and red past the deadline across National Day, with urge, supervision, escalation and accountability', async () => {
    const kase = await createCaseOk(env.app, c.operator as string, {
      channel: 'hotline',
      requestType: 'complaint',
      categoryId: await categoryIdOf(env, '城管执法'),
      description: '节前占道经营投诉',
      location: point,
      reporter: { phone: '13800001111' },
    });
    // 5 working days after Wed 30 Sep: Oct 8, 9, 10 (make-up Saturday), 12, 13.
    expect(kase.dueAt).toBe('2026-10-13T15:59:59.000Z');
    await actOk(env.app, c.dispatcher as string, kase.id, 'dispatch', { leadUnitId: cgj });
    await actOk(env.app, c['cgj.handler'] as string, kase.id, 'sign');
    const row = await env.database.handle.db
      .selectFrom('case_record')
      .selectAll()
      .where('id', '=', kase.id)
      .executeTakeFirstOrThrow();
    const amberAt = Date.parse(row.amber_at ?? '');
    const dueAt = Date.parse(row.due_at ?? '');
    expect(amberAt - Date.parse('2026-09-30T02:00:00.000Z')).toBe(
      Math.round((dueAt - Date.parse('2026-09-30T02:00:00.000Z')) * 0.75),
    );

    env.clock.set(new Date(amberAt - minute));
    await sweepDeadlines(env.app.deps);
    expect(await notices(kase.id)).toEqual([]);

    env.clock.set(new Date(amberAt + minute));
    const amber = await sweepDeadlines(env.app.deps);
    expect(amber.turnedAmber).toBeGreaterThanOrEqual(1);
    expect((await notices(kase.id)).map((n) => [n.kind, n.code])).toEqual([['urge', 'PS.CGJ']]);

    env.clock.set(new Date(dueAt + minute));
    await sweepDeadlines(env.app.deps);
    expect((await notices(kase.id)).map((n) => [n.kind, n.code])).toEqual([
      ['urge', 'PS.CGJ'],
      ['escalation', '440310'],
      ['supervise', 'PS.CGJ'],
    ]);
    const accountable = await env.database.handle.db
      .selectFrom('accountability_record')
      .innerJoin('app_user', 'app_user.id', 'accountability_record.user_id')
      .select(['app_user.username', 'accountability_record.node'])
      .where('case_id', '=', kase.id)
      .execute();
    expect(accountable).toEqual([{ username: 'cgj.handler', node: 'handle' }]);
    // A second sweep adds nothing.
    await sweepDeadlines(env.app.deps);
    expect(await notices(kase.id)).toHaveLength(3);
    c.supervisor = await signInAs(env.app, 'supervisor');
    const overdue = await env.app.inject({
      url: '/api/cases/inbox?tab=overdue',
      headers: { cookie: c.supervisor },
    });
    expect(
      overdue.json<{ items: { id: string; deadlineStatus: string }[] }>().items.find((i) => i.id === kase.id)
        ?.deadlineStatus,
    ).toBe('red');
    const timeline = await env.app.inject({
      url: `/api/cases/${kase.id}/timeline`,
      headers: { cookie: c.supervisor },
    });
    expect(timeline.json<{ items: { action: string }[] }>().items.map((e) => e.action)).toEqual(
      expect.arrayContaining(['case.turned_amber', 'case.turned_red']),
    );
  });

  it('times the sign node on its own limit, and manual urges and supervision reach the unit', async () => {
    const kase = await createCaseOk(env.app, c.operator as string, {
      channel: 'hotline',
      requestType: 'complaint',
      description: '签收超时测试',
      location: point,
      reporter: { phone: '13800002222' },
    });
    await actOk(env.app, c.dispatcher as string, kase.id, 'dispatch', { leadUnitId: cgj });
    env.clock.advance(3 * 60 * minute + minute);
    await sweepDeadlines(env.app.deps);
    expect((await notices(kase.id)).map((n) => n.kind)).toEqual(['urge']);
    env.clock.advance(60 * minute);
    await sweepDeadlines(env.app.deps);
    expect((await notices(kase.id)).map((n) => n.kind)).toEqual(['urge', 'escalation', 'supervise']);

    const urge = await env.app.inject({
      method: 'POST',
      url: `/api/cases/${kase.id}/urge`,
      headers: { cookie: c.leader as string },
      payload: { reason: '请立即签收' },
    });
    expect(urge.json()).toEqual({ notices: 1 });
    const denied = await env.app.inject({
      method: 'POST',
      url: `/api/cases/${kase.id}/supervise`,
      headers: { cookie: c.dispatcher as string },
      payload: { reason: 'x' },
    });
    expect(denied.statusCode).toBe(403);
    await env.app.inject({
      method: 'POST',
      url: `/api/cases/${kase.id}/supervise`,
      headers: { cookie: c.supervisor as string },
      payload: { reason: '重点督办' },
    });
    const detail = await env.app.inject({
      url: `/api/cases/${kase.id}/supervision`,
      headers: { cookie: c.supervisor as string },
    });
    expect(
      detail
        .json<{ notices: { kind: string }[] }>()
        .notices.map((n) => n.kind)
        .sort(),
    ).toEqual(['escalation', 'supervise', 'supervise', 'urge', 'urge']);
  });

  it('never sends a notice twice when several sweeps run at once (FOR UPDATE SKIP LOCKED on PostgreSQL)', async () => {
    const kase = await createCaseOk(env.app, c.operator as string, {
      channel: 'hotline',
      requestType: 'complaint',
      description: '并发巡检测试',
      location: point,
      reporter: { phone: '13800009999' },
    });
    await actOk(env.app, c.dispatcher as string, kase.id, 'dispatch', { leadUnitId: cgj });
    env.clock.advance(3 * 60 * minute + minute);
    await Promise.all([sweepDeadlines(env.app.deps), sweepDeadlines(env.app.deps), sweepDeadlines(env.app.deps)]);
    expect((await notices(kase.id)).map((n) => n.kind)).toEqual(['urge']);
  });

  it('delivers the acceptance SMS through the outbox to the development message log', async () => {
    const kase = await createCaseOk(env.app, c.operator as string, {
      channel: 'hotline',
      requestType: 'suggestion',
      description: '建议增设公交站台遮雨棚',
      location: { address: '坪山大道' },
      reporter: { phone: '13800003333' },
    });
    const result = await deliverDueMessages(env.database.handle.db, {
      clock: env.clock,
      providers: createProviders(env.config, env.database.handle.db, env.clock),
      maxAttempts: 3,
    });
    expect(result.sent).toBeGreaterThanOrEqual(1);
    const log = await env.database.handle.db
      .selectFrom('message_log')
      .select(['recipient', 'body'])
      .where('recipient', '=', '13800003333')
      .execute();
    expect(log[0]?.body).toContain(kase.number);
    expect(log[0]?.body).toContain('3个工作日');
  });

  it('streams case changes to boards in scope only, as server-sent events', async () => {
    const address = await env.app.listen({ port: 0, host: '127.0.0.1' });
    const open = (cookie: string) =>
      new Promise<{ events: string[]; close: () => void }>((resolve) => {
        const events: string[] = [];
        const request = http.get(`${address}/api/cases/stream`, { headers: { cookie } }, (response) => {
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => events.push(chunk));
          resolve({ events, close: () => request.destroy() });
        });
      });
    const board = await open(c['cgj.handler'] as string);
    const centre = await open(c.supervisor as string);
    const kase = await createCaseOk(env.app, c.operator as string, {
      channel: 'hotline',
      requestType: 'complaint',
      description: '实时推送测试',
      location: point,
      reporter: { phone: '13800004444' },
    });
    await actOk(env.app, c.dispatcher as string, kase.id, 'dispatch', { leadUnitId: cgj });
    await new Promise((r) => setTimeout(r, 300));
    board.close();
    centre.close();
    const boardText = board.events.join('');
    const centreText = centre.events.join('');
    expect(centreText).toContain(`"number":"${kase.number}"`);
    expect(centreText).toContain('"action":"case.created"');
    expect(centreText).toContain('"action":"case.dispatched"');
    // The department's board sees the case only once it was dispatched to it.
    expect(boardText).not.toContain('"action":"case.created"');
    expect(boardText).toContain('"action":"case.dispatched"');
  });

  it('serves a case’s photos to staff who may see it, and result photos to the citizen through signed links only', async () => {
    const png = await sharp({ create: { width: 60, height: 40, channels: 3, background: '#36c' } })
      .png()
      .toBuffer();
    const upload = async (cookie: string, purpose: string) =>
      (
        await env.app.inject({
          method: 'POST',
          url: `/api/attachments?purpose=${purpose}`,
          headers: { cookie, 'content-type': 'image/png' },
          payload: png,
        })
      ).json<{ id: string }>().id;
    const reportPhoto = await upload(c.operator as string, 'report');
    const kase = await createCaseOk(env.app, c.operator as string, {
      channel: 'hotline',
      requestType: 'complaint',
      description: '照片测试',
      location: point,
      reporter: { phone: '13800005555' },
      attachmentIds: [reportPhoto],
    });
    await actOk(env.app, c.dispatcher as string, kase.id, 'dispatch', { leadUnitId: cgj });
    await actOk(env.app, c['cgj.handler'] as string, kase.id, 'sign');
    const resultPhoto = await upload(c['cgj.handler'] as string, 'feedback');
    await actOk(env.app, c['cgj.handler'] as string, kase.id, 'feedback', {
      result: '已处理',
      attachmentIds: [resultPhoto],
      reply: '已处理',
    });

    const staff = await env.app.inject({
      url: `/api/cases/${kase.id}/attachments/${reportPhoto}`,
      headers: { cookie: c['cgj.handler'] as string },
    });
    expect(staff.statusCode).toBe(200);
    expect(staff.headers['content-type']).toBe('image/png');
    const jtj = await signInAs(env.app, 'operator');
    expect(
      (
        await env.app.inject({
          url: `/api/cases/${kase.id}/attachments/${reportPhoto}?variant=thumbnail`,
          headers: { cookie: jtj },
        })
      ).statusCode,
    ).toBe(200);

    const view = await env.app.inject({
      method: 'POST',
      url: '/api/public/track',
      payload: { number: kase.number, phoneLast4: '5555' },
    });
    const photos = view.json<{ resultPhotos: { id: string; url: string; thumbnailUrl: string }[] }>().resultPhotos;
    expect(photos.map((p) => p.id)).toEqual([resultPhoto]);
    expect(view.body).not.toContain(reportPhoto);
    expect((await env.app.inject({ url: photos[0]?.url ?? '' })).statusCode).toBe(200);
    expect((await env.app.inject({ url: (photos[0]?.url ?? '').replace(/sig=.{4}/, 'sig=AAAA') })).statusCode).toBe(
      404,
    );
    const forged = (photos[0]?.url ?? '').replace(resultPhoto, reportPhoto);
    expect((await env.app.inject({ url: forged })).statusCode).toBe(404);
  });
});
