import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestEnv, signInAs, type ErrorBody, type TestEnv } from '../../../test/support/app.js';
import { actOk, categoryIdOf, getCase, pointInGrid, unitIdOf } from '../../../test/support/cases.js';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { createClientOk, LocalReceiver, rotateSecretOk, signedPost } from '../../../test/support/integration.js';
import { deliverDueMessages, createProviders } from '../notification/index.js';
import { integrationWebhookSigner } from './index.js';
import { signBody } from './signature.js';

describeEachDatabase('cases from other platforms, with status feedback', (dialect) => {
  let env: TestEnv;
  let sys: string;
  let dispatcher: string;
  let platform: { clientId: string; secret: string };
  let point: { lat: number; lon: number };
  const receiver = new LocalReceiver();

  const countRows = async (table: 'case_record' | 'integration_inbound_case' | 'audit_event') =>
    Number(
      (
        await env.database.handle.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const deliver = () =>
    deliverDueMessages(env.database.handle.db, {
      clock: env.clock,
      providers: createProviders(env.config, env.database.handle.db, env.clock, {
        webhookSigner: integrationWebhookSigner(env.database.handle.db, env.app.deps.signingSecret),
      }),
      maxAttempts: env.config.notifications.maxAttempts,
    });
  const newCase = (caseId: string, extra: Record<string, unknown> = {}) => ({
    caseId,
    category: 'GD-ZD-01',
    requestType: 'complaint',
    description: '省12345转办：小区门口流动摊贩占道经营，影响通行。',
    location: { ...point, address: '坪山街道某小区门口' },
    reporter: { name: '张先生', phone: '13800138000' },
    ...extra,
  });

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    sys = await signInAs(env.app, 'sysadmin');
    dispatcher = await signInAs(env.app, 'dispatcher');
    point = await pointInGrid(env, '440310001001001');
    await receiver.start();
    const client = await createClientOk(env, sys, {
      name: '广东省12345平台',
      kind: 'platform',
      callbackUrl: receiver.url,
    });
    platform = { clientId: client.id, secret: await rotateSecretOk(env, sys, client.id) };
    const item = await env.database.handle.db
      .selectFrom('category')
      .select('code')
      .where('id', '=', await categoryIdOf(env, '城管执法'))
      .executeTakeFirstOrThrow();
    const mapped = await env.app.inject({
      method: 'PUT',
      url: `/api/integration/clients/${client.id}/category-mappings`,
      headers: { cookie: sys },
      payload: { items: [{ externalCode: 'GD-ZD-01', categoryCode: item.code, label: '占道经营' }] },
    });
    expect(mapped.statusCode).toBe(200);
  });
  afterAll(async () => {
    await receiver.stop();
    await env.close();
  });

  it('refuses a bad signature with 401 and stores nothing', async () => {
    const [cases, links, audits] = [
      await countRows('case_record'),
      await countRows('integration_inbound_case'),
      await countRows('audit_event'),
    ];
    const wrongSecret = await signedPost(
      env,
      '/api/integration/inbound/cases',
      { ...platform, secret: 'cds_not-the-secret' },
      newCase('GD-BAD-1'),
    );
    expect(wrongSecret.statusCode).toBe(401);
    expect(wrongSecret.json<ErrorBody>().error.code).toBe('SIGNATURE_INVALID');
    // A body changed after signing: the signature no longer matches.
    const ts = Math.floor(env.clock.now().getTime() / 1000);
    const tampered = await env.app.inject({
      method: 'POST',
      url: '/api/integration/inbound/cases',
      headers: {
        'content-type': 'application/json',
        'x-citydesk-client': platform.clientId,
        'x-citydesk-timestamp': String(ts),
        'x-citydesk-signature': signBody(platform.secret, ts, JSON.stringify(newCase('GD-BAD-2'))),
      },
      payload: JSON.stringify(newCase('GD-BAD-2', { description: '篡改后的内容' })),
    });
    expect(tampered.statusCode).toBe(401);
    const unknownClient = await signedPost(
      env,
      '/api/integration/inbound/cases',
      { clientId: 'nobody', secret: platform.secret },
      newCase('GD-BAD-3'),
    );
    expect(unknownClient.statusCode).toBe(401);
    expect([
      await countRows('case_record'),
      await countRows('integration_inbound_case'),
      await countRows('audit_event'),
    ]).toEqual([cases, links, audits]);
  });

  it('refuses a replayed request whose timestamp is older than 5 minutes with 401', async () => {
    const before = await countRows('case_record');
    const old = Math.floor(env.clock.now().getTime() / 1000) - 301;
    const replay = await signedPost(env, '/api/integration/inbound/cases', platform, newCase('GD-OLD-1'), {
      timestamp: old,
    });
    expect(replay.statusCode).toBe(401);
    expect(replay.json<ErrorBody>().error.code).toBe('SIGNATURE_EXPIRED');
    const justInTime = await signedPost(env, '/api/integration/inbound/cases', platform, newCase('GD-OLD-1'), {
      timestamp: old + 2,
    });
    expect(justInTime.statusCode).toBe(201);
    expect(await countRows('case_record')).toBe(before + 1);
  });

  it('makes one case of the same platform id sent twice, with the mapped item, and says 受理 to the platform', async () => {
    await deliver();
    receiver.calls.length = 0;
    const first = await signedPost(env, '/api/integration/inbound/cases', platform, newCase('GD-2026-0001'));
    expect(first.statusCode).toBe(201);
    const created = first.json<{ id: string; number: string; duplicate: boolean; categoryMapped: boolean }>();
    expect(created).toMatchObject({ duplicate: false, categoryMapped: true });
    const again = await signedPost(
      env,
      '/api/integration/inbound/cases',
      platform,
      newCase('GD-2026-0001', { description: '重复推送' }),
    );
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: created.id, number: created.number, duplicate: true });
    const rows = await env.database.handle.db
      .selectFrom('case_record')
      .selectAll()
      .where('external_ref', '=', 'GD-2026-0001')
      .execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]?.channel).toBe('integration');
    expect(rows[0]?.category_id).toBe(await categoryIdOf(env, '城管执法'));
    const timeline = await env.app.inject({
      url: `/api/cases/${created.id}/timeline`,
      headers: { cookie: dispatcher },
    });
    expect(timeline.json<{ items: { action: string }[] }>().items.map((e) => e.action)).toContain(
      'case.received_from_platform',
    );

    await deliver();
    expect(receiver.calls.map((c) => c.body)).toHaveLength(1);
    const call = receiver.calls[0];
    const body = JSON.parse(call?.body ?? '{}') as Record<string, unknown>;
    expect(body).toMatchObject({
      platformCaseId: 'GD-2026-0001',
      caseNumber: created.number,
      event: 'case.created',
      status: '受理',
    });
    // Signed with the client's secret over the timestamp and the body, like inbound calls.
    const ts = Number(call?.headers['x-citydesk-timestamp']);
    expect(call?.headers['x-citydesk-signature']).toBe(signBody(platform.secret, ts, call?.body ?? ''));
    expect(call?.headers['x-citydesk-client']).toBe(platform.clientId);
    expect(JSON.stringify(body)).not.toContain('13800138000');
  });

  it('leaves a case whose category is not mapped waiting at the dispatch desk, never dropped', async () => {
    const response = await signedPost(
      env,
      '/api/integration/inbound/cases',
      platform,
      newCase('GD-2026-0002', { category: 'GD-UNKNOWN-99' }),
    );
    expect(response.statusCode).toBe(201);
    const created = response.json<{ id: string; number: string; categoryMapped: boolean }>();
    expect(created.categoryMapped).toBe(false);
    const detail = await getCase(env.app, dispatcher, created.id);
    expect(detail.node).toBe('register');
    const desk = await env.app.inject({
      url: '/api/cases/inbox?tab=to_dispatch&limit=100',
      headers: { cookie: dispatcher },
    });
    expect(desk.json<{ items: { id: string }[] }>().items.map((i) => i.id)).toContain(created.id);
    const link = await env.database.handle.db
      .selectFrom('integration_inbound_case')
      .selectAll()
      .where('case_id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(link.external_category).toBe('GD-UNKNOWN-99');
  });

  it('feeds 派单 back to the platform, and a feedback sent while the receiver was down arrives once it is back', async () => {
    const response = await signedPost(env, '/api/integration/inbound/cases', platform, newCase('GD-2026-0003'));
    const created = response.json<{ id: string }>();
    await deliver();
    receiver.calls.length = 0;
    await receiver.stop();
    await actOk(env.app, dispatcher, created.id, 'dispatch', { leadUnitId: await unitIdOf(env, 'PS.CGJ') });
    expect(await deliver()).toMatchObject({ sent: 0, retried: 1 });
    // Still down after the first backoff (30 s): the second attempt fails too.
    env.clock.advance(31_000);
    expect(await deliver()).toMatchObject({ retried: 1 });
    const failing = await env.app.inject({
      url: `/api/integration/deliveries?clientId=${platform.clientId}&status=pending`,
      headers: { cookie: sys },
    });
    const pending = failing.json<{ items: { topic: string; attempts: number; lastError: string; caseId: string }[] }>()
      .items;
    expect(pending.find((d) => d.caseId === created.id)).toMatchObject({ topic: 'feedback', attempts: 2 });
    expect(pending[0]?.lastError).toMatch(/ECONNREFUSED|failed/);
    await receiver.start();
    // Not due yet: the second retry waits 60 s.
    expect(await deliver()).toMatchObject({ sent: 0 });
    env.clock.advance(61_000);
    expect(await deliver()).toMatchObject({ sent: 1 });
    expect(receiver.calls.map((c) => (JSON.parse(c.body) as { status: string }).status)).toEqual(['派单']);
    expect(receiver.calls[0]?.headers['x-citydesk-delivery']).toBeTruthy();
  });

  it('takes a platform’s update back as an internal note and echoes nothing back', async () => {
    const response = await signedPost(env, '/api/integration/inbound/cases', platform, newCase('GD-2026-0004'));
    const created = response.json<{ id: string }>();
    await deliver();
    receiver.calls.length = 0;
    const urge = { caseId: 'GD-2026-0004', updateId: 'U-0004-1', status: '催办', message: '群众再次来电催促' };
    const update = await signedPost(env, '/api/integration/inbound/updates', platform, urge);
    expect(update.statusCode).toBe(200);
    expect(update.json()).toMatchObject({ action: 'note' });
    // The platform resends the same update (it missed our answer): it is applied once.
    const again = await signedPost(env, '/api/integration/inbound/updates', platform, urge);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(update.json());
    const detail = await getCase(env.app, dispatcher, created.id);
    expect(detail.internal.filter((e) => e.body.includes('群众再次来电催促'))).toHaveLength(1);
    await deliver();
    expect(receiver.calls).toHaveLength(0);
    const unknown = await signedPost(env, '/api/integration/inbound/updates', platform, {
      caseId: 'GD-NOPE',
      status: '催办',
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('speaks the platform’s own words as the administrator mapped them, both ways', async () => {
    const put = await env.app.inject({
      method: 'PUT',
      url: `/api/integration/clients/${platform.clientId}/status-mappings`,
      headers: { cookie: sys },
      payload: { outbound: { 'case.dispatched': '已派发', 'case.signed': null }, inbound: { 已阅: 'ignore' } },
    });
    expect(put.statusCode).toBe(200);
    const words = put.json<{ outbound: { event: string; word: string | null }[] }>().outbound;
    expect(words.find((w) => w.event === 'case.dispatched')?.word).toBe('已派发');
    expect(words.find((w) => w.event === 'case.closed')?.word).toBe('办结');
    const created = (await signedPost(env, '/api/integration/inbound/cases', platform, newCase('GD-2026-0005'))).json<{
      id: string;
    }>();
    await deliver();
    receiver.calls.length = 0;
    await actOk(env.app, dispatcher, created.id, 'dispatch', { leadUnitId: await unitIdOf(env, 'PS.CGJ') });
    await actOk(env.app, await signInAs(env.app, 'cgj.handler'), created.id, 'sign');
    await deliver();
    // 签收 was switched off: only the dispatch is fed back, in the platform's word.
    expect(receiver.calls.map((c) => (JSON.parse(c.body) as { status: string }).status)).toEqual(['已派发']);
    const ignored = await signedPost(env, '/api/integration/inbound/updates', platform, {
      caseId: 'GD-2026-0005',
      status: '已阅',
      message: '平台已阅',
    });
    expect(ignored.json()).toMatchObject({ action: 'ignore' });
    const detail = await getCase(env.app, dispatcher, created.id);
    expect(detail.internal.map((e) => e.body).join()).not.toContain('平台已阅');
  });
});
