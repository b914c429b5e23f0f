import type { WorkflowSettingsView } from '@citydesk/shared';
import { afterAll, beforeAll, beforeEach, expect, it, vi } from 'vitest';
import { createTestEnv, signInAs, testStart, type ErrorBody, type TestEnv } from '../../../test/support/app.js';
import { act, actOk, categoryIdOf, createCaseOk, pointInGrid, unitIdOf } from '../../../test/support/cases.js';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { sweepDeadlines } from '../supervision/index.js';
import { workflowSettingsOf } from './index.js';

const minute = 60_000;
const hour = 60 * minute;

describeEachDatabase('the workflow settings API', (dialect) => {
  let env: TestEnv;
  const c: Record<string, string> = {};
  let point: { lat: number; lon: number };

  beforeAll(async () => {
    env = await createTestEnv(dialect, {
      env: { SESSION_IDLE_MINUTES: '1440', SESSION_MAX_HOURS: '720', REOPEN_DAYS: '15', RETURN_LIMIT_HOURS: '24' },
    });
    point = await pointInGrid(env, '440310001001001');
  });
  afterAll(async () => env.close());
  beforeEach(async () => {
    env.clock.set(testStart);
    for (const user of ['sysadmin', 'operator', 'dispatcher', 'cgj.handler', 'secadmin'])
      c[user] = await signInAs(env.app, user);
  });

  const put = (body: Record<string, unknown>, cookie = c.sysadmin) =>
    env.app.inject({ method: 'PUT', url: '/api/settings/workflow', headers: { cookie }, payload: body });
  // Signs in again each time: tests move the clock by days, past the session's idle limit.
  const putOk = async (body: Record<string, unknown>) => {
    const response = await put(body, await signInAs(env.app, 'sysadmin'));
    if (response.statusCode !== 200) throw new Error(`settings: ${response.statusCode} ${response.body}`);
    return response.json<WorkflowSettingsView>();
  };
  const caseRow = (id: string) =>
    env.database.handle.db.selectFrom('case_record').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it('refuses callers who are not signed in and staff without settings.manage', async () => {
    for (const [method, payload] of [
      ['GET', undefined],
      ['PUT', { reopenDays: 3 }],
    ] as const) {
      const anonymous = await env.app.inject({ method, url: '/api/settings/workflow', payload });
      expect(anonymous.statusCode).toBe(401);
      for (const user of ['operator', 'secadmin']) {
        const forbidden = await env.app.inject({
          method,
          url: '/api/settings/workflow',
          headers: { cookie: c[user] },
          payload,
        });
        expect(forbidden.statusCode, user).toBe(403);
        expect(forbidden.json<ErrorBody>().error.details).toEqual({ missing: ['settings.manage'] });
      }
    }
  });

  it('shows the environment values until an administrator overrides them', async () => {
    const response = await env.app.inject({ url: '/api/settings/workflow', headers: { cookie: c.sysadmin } });
    expect(response.statusCode).toBe(200);
    const view = response.json<WorkflowSettingsView>();
    expect(view.overrides).toEqual({});
    expect(view.effective).toEqual(view.defaults);
    expect(view.defaults).toMatchObject({ reopenDays: 15, returnLimitHours: 24, amberRatio: 0.75 });
  });

  it('refuses values out of bounds and unknown settings, naming every bad field, and changes nothing', async () => {
    const bad = await put({ amberRatio: 1.2, reopenDays: 0, returnLimitHours: 2.5, colour: 'red' });
    expect(bad.statusCode).toBe(400);
    const fields = bad.json<ErrorBody>().error.details.fields as { field: string }[];
    expect(fields.map((f) => f.field).sort()).toEqual(['(root)', 'amberRatio', 'reopenDays', 'returnLimitHours']);
    const view = await env.app.inject({ url: '/api/settings/workflow', headers: { cookie: c.sysadmin } });
    expect(view.json<WorkflowSettingsView>().overrides).toEqual({});
  });

  it('applies a changed reopen window to citizens at once, records before and after, and a reset restores the default', async () => {
    const changed = await putOk({ reopenDays: 3, reason: '试点缩短重启期限' });
    expect(changed.overrides).toEqual({ reopenDays: 3 });
    expect(changed.effective.reopenDays).toBe(3);
    expect(changed.updatedBy).toBe('sysadmin');

    const kase = await createCaseOk(env.app, c.operator as string, {
      channel: 'hotline',
      requestType: 'consultation',
      description: '请问办事大厅几点上班？',
      directAnswer: '工作日9点至18点。',
      location: point,
      reporter: { phone: '13700137000' },
    });
    env.clock.advance(4 * 24 * hour);
    const reopen = () =>
      env.app.inject({
        method: 'POST',
        url: `/api/public/cases/${kase.number}/reopen`,
        payload: { number: kase.number, phoneLast4: '7000', reason: '还想再问问' },
      });
    const late = await reopen();
    expect(late.statusCode).toBe(422);
    expect(late.json<ErrorBody>().error).toMatchObject({ code: 'WINDOW_CLOSED', details: { reopenDays: 3 } });
    const track = await env.app.inject({
      method: 'POST',
      url: '/api/public/track',
      payload: { number: kase.number, phoneLast4: '7000' },
    });
    expect(track.json<{ canReopen: boolean }>().canReopen).toBe(false);

    const reset = await putOk({ reopenDays: null });
    expect(reset.overrides).toEqual({});
    expect(reset.effective.reopenDays).toBe(15);
    expect((await reopen()).statusCode).toBe(200);

    const audit = await env.database.handle.db
      .selectFrom('audit_event')
      .select(['action', 'actor_name', 'before_json', 'after_json', 'reason'])
      .where('action', '=', 'workflow_settings.updated')
      .orderBy('seq')
      .execute();
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ actor_name: 'sysadmin', reason: '试点缩短重启期限' });
    expect(JSON.parse(audit[0]?.before_json ?? '{}')).toMatchObject({ values: { reopenDays: 15 }, overridden: [] });
    expect(JSON.parse(audit[0]?.after_json ?? '{}')).toMatchObject({
      values: { reopenDays: 3 },
      overridden: ['reopenDays'],
    });
  });

  it('does not log a change that changes nothing', async () => {
    const count = async () =>
      (
        await env.database.handle.db
          .selectFrom('audit_event')
          .select('seq')
          .where('action', '=', 'workflow_settings.updated')
          .execute()
      ).length;
    const before = await count();
    await putOk({ autoDispatch: null });
    expect(await count()).toBe(before);
  });

  it('times amber by the changed ratio, and the sweep sends no urge notice when urging at amber is off', async () => {
    await putOk({ amberRatio: 0.5, urgeAtAmber: false });
    const kase = await createCaseOk(env.app, c.operator as string, {
      channel: 'hotline',
      requestType: 'complaint',
      categoryId: await categoryIdOf(env, '城管执法'),
      description: '占道经营投诉',
      location: point,
      reporter: { phone: '13800001111' },
    });
    await actOk(env.app, c.dispatcher as string, kase.id, 'dispatch', { leadUnitId: await unitIdOf(env, 'PS.CGJ') });
    await actOk(env.app, c['cgj.handler'] as string, kase.id, 'sign');
    const row = await caseRow(kase.id);
    const accepted = Date.parse(row.accepted_at);
    const amberAt = Date.parse(row.amber_at ?? '');
    expect(amberAt - accepted).toBe(Math.round((Date.parse(row.due_at ?? '') - accepted) * 0.5));

    env.clock.set(new Date(amberAt + minute));
    const swept = await sweepDeadlines(env.app.deps);
    expect(swept.turnedAmber).toBeGreaterThanOrEqual(1);
    expect((await caseRow(kase.id)).deadline_status).toBe('amber');
    const notices = await env.database.handle.db
      .selectFrom('supervision_notice')
      .select('kind')
      .where('case_id', '=', kase.id)
      .execute();
    expect(notices).toEqual([]);
    await putOk({ amberRatio: null, urgeAtAmber: null });
  });

  it('sees a change written by another server process once its cached copy is a few seconds old', async () => {
    const deps = env.app.deps;
    expect(workflowSettingsOf(deps).reopenDays).toBe(15);
    // Another process on the same database: the row appears without this process knowing.
    await env.database.handle.db
      .insertInto('app_setting')
      .values({ key: 'workflow.reopenDays', value: '7', updated_at: testStart, updated_by: 'other' })
      .execute();
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      expect(workflowSettingsOf(deps).reopenDays).toBe(15);
      vi.setSystemTime(Date.now() + 6_000);
      await vi.waitFor(() => expect(workflowSettingsOf(deps).reopenDays).toBe(7));
    } finally {
      vi.useRealTimers();
    }
    await putOk({ reopenDays: null });
    expect(workflowSettingsOf(deps).reopenDays).toBe(15);
  });

  it('applies a changed return limit to units returning a case', async () => {
    await putOk({ returnLimitHours: 1 });
    const kase = await createCaseOk(env.app, c.operator as string, {
      channel: 'hotline',
      requestType: 'complaint',
      description: '道路破损',
      location: point,
      reporter: { phone: '13800003333' },
    });
    await actOk(env.app, c.dispatcher as string, kase.id, 'dispatch', { leadUnitId: await unitIdOf(env, 'PS.CGJ') });
    env.clock.advance(2 * hour);
    const late = await act(env.app, c['cgj.handler'] as string, kase.id, 'return', { reason: '不属于本单位职责' });
    expect(late.json<ErrorBody>().error).toMatchObject({ code: 'WINDOW_CLOSED', details: { limitHours: 1 } });
    await putOk({ returnLimitHours: 3 });
    await actOk(env.app, c['cgj.handler'] as string, kase.id, 'return', { reason: '不属于本单位职责' });
    await putOk({ returnLimitHours: null });
  });
});
