import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestEnv, signInAs, type ErrorBody, type TestEnv } from '../../../test/support/app.js';
import { actOk, createCaseOk, pointInGrid, unitIdOf } from '../../../test/support/cases.js';
import { describeEachDatabase } from '../../../test/support/databases.js';
import {
  createClientOk,
  districtCentreId,
  issueKeyOk,
  LocalReceiver,
  rotateSecretOk,
  signedPost,
} from '../../../test/support/integration.js';
import { createApiClient } from '../auth/index.js';
import { createProviders, deliverDueMessages } from '../notification/index.js';
import { integrationWebhookSigner } from './index.js';
import { signBody } from './signature.js';

describeEachDatabase('the integration administration API', (dialect) => {
  let env: TestEnv;
  let sys: string;
  let operator: string;
  let dispatcher: string;
  let point: { lat: number; lon: number };
  const receiver = new LocalReceiver();

  const deliver = () =>
    deliverDueMessages(env.database.handle.db, {
      clock: env.clock,
      providers: createProviders(env.config, env.database.handle.db, env.clock, {
        webhookSigner: integrationWebhookSigner(env.database.handle.db, env.app.deps.signingSecret),
      }),
      maxAttempts: env.config.notifications.maxAttempts,
    });
  const auditActions = async (subjectId: string) =>
    (
      await env.database.handle.db
        .selectFrom('audit_event')
        .select('action')
        .where('subject_id', '=', subjectId)
        .orderBy('seq')
        .execute()
    ).map((r) => r.action);

  beforeAll(async () => {
    env = await createTestEnv(dialect, { env: { OUTBOX_MAX_ATTEMPTS: '2' } });
    sys = await signInAs(env.app, 'sysadmin');
    operator = await signInAs(env.app, 'operator');
    dispatcher = await signInAs(env.app, 'dispatcher');
    point = await pointInGrid(env, '440310001001001');
    await receiver.start();
  });
  afterAll(async () => {
    await receiver.stop();
    await env.close();
  });

  it('is for holders of integration.manage only', async () => {
    for (const [method, url] of [
      ['GET', '/api/integration/clients'],
      ['POST', '/api/integration/clients'],
      ['GET', '/api/integration/deliveries'],
      ['PUT', '/api/integration/camera-settings'],
    ] as const) {
      const forbidden = await env.app.inject({ method, url, headers: { cookie: dispatcher }, payload: {} });
      expect(forbidden.statusCode, url).toBe(403);
      expect(forbidden.json<ErrorBody>().error.details).toEqual({ missing: ['integration.manage'] });
      expect((await env.app.inject({ method, url, payload: {} })).statusCode, url).toBe(401);
    }
  });

  it('registers a client, issues keys shown once, lists them by prefix and refuses a revoked key', async () => {
    const client = await createClientOk(env, sys, {
      name: '省12345',
      kind: 'platform',
      description: '广东省12345政务服务便民热线',
    });
    expect(client).toMatchObject({ kind: 'platform', channels: ['integration'], keys: [] });
    const key = await issueKeyOk(env, sys, client.id);
    expect(key).toMatch(/^cdk_[\w-]{40,}$/);
    const listed = await env.app.inject({ url: `/api/integration/clients/${client.id}`, headers: { cookie: sys } });
    const keys = listed.json<{ keys: { id: string; prefix: string }[] }>().keys;
    expect(keys).toHaveLength(1);
    expect(key.startsWith(keys[0]?.prefix ?? '?')).toBe(true);
    expect(listed.body).not.toContain(key);
    const asClient = () =>
      env.app.inject({
        method: 'POST',
        url: '/api/cases',
        headers: { authorization: `Bearer ${key}` },
        payload: {
          channel: 'integration',
          requestType: 'complaint',
          description: '转办件',
          location: { address: '坪山' },
        },
      });
    expect((await asClient()).statusCode).toBe(201);
    const revoked = await env.app.inject({
      method: 'POST',
      url: `/api/integration/clients/${client.id}/keys/${keys[0]?.id}/revoke`,
      headers: { cookie: sys },
    });
    expect(revoked.json()).toMatchObject({ revokedAt: expect.any(String) as string });
    expect((await asClient()).statusCode).toBe(401);
    const again = await env.app.inject({
      method: 'POST',
      url: `/api/integration/clients/${client.id}/keys/${keys[0]?.id}/revoke`,
      headers: { cookie: sys },
    });
    expect(again.statusCode).toBe(409);
    expect(await auditActions(client.id)).toEqual([
      'api_client.created',
      'integration_client.configured',
      'api_client.key_issued',
      'api_client.key_revoked',
    ]);
    const duplicate = await env.app.inject({
      method: 'POST',
      url: '/api/integration/clients',
      headers: { cookie: sys },
      payload: { name: '省12345', kind: 'platform', unitId: await districtCentreId(env) },
    });
    expect(duplicate.statusCode).toBe(409);
    const noUnit = await env.app.inject({
      method: 'POST',
      url: '/api/integration/clients',
      headers: { cookie: sys },
      payload: { name: '无单位', kind: 'satellite', unitId: client.id, callbackUrl: 'ftp://x' },
    });
    expect(noUnit.statusCode).toBe(400);
    expect((noUnit.json<ErrorBody>().error.details.fields as { field: string }[]).map((f) => f.field).sort()).toEqual([
      'callbackUrl',
      'kind',
    ]);
  });

  it('rotates the signing secret at once: the old secret no longer signs, and the secret is never shown again', async () => {
    const client = await createClientOk(env, sys, { name: '12319 城建热线', kind: 'platform' });
    const first = await rotateSecretOk(env, sys, client.id);
    const body = { caseId: 'X-1', description: '测试', location: { address: '坪山' } };
    expect(
      (await signedPost(env, '/api/integration/inbound/cases', { clientId: client.id, secret: first }, body))
        .statusCode,
    ).toBe(201);
    const second = await rotateSecretOk(env, sys, client.id);
    expect(second).not.toBe(first);
    const old = await signedPost(
      env,
      '/api/integration/inbound/cases',
      { clientId: client.id, secret: first },
      { ...body, caseId: 'X-2' },
    );
    expect(old.statusCode).toBe(401);
    const view = await env.app.inject({ url: `/api/integration/clients/${client.id}`, headers: { cookie: sys } });
    expect(view.json()).toMatchObject({ hasSecret: true });
    expect(view.body).not.toContain(second);
    const stored = await env.database.handle.db
      .selectFrom('integration_client')
      .select('secret_cipher')
      .where('client_id', '=', client.id)
      .executeTakeFirstOrThrow();
    expect(stored.secret_cipher).not.toContain(second);
  });

  it('names every unknown catalogue item of a mapping and changes nothing then', async () => {
    const client = await createClientOk(env, sys, { name: '信访系统', kind: 'platform' });
    const response = await env.app.inject({
      method: 'PUT',
      url: `/api/integration/clients/${client.id}/category-mappings`,
      headers: { cookie: sys },
      payload: {
        items: [
          { externalCode: 'A', categoryCode: 'NOPE-1' },
          { externalCode: 'B', categoryCode: 'NOPE-2' },
        ],
      },
    });
    expect(response.statusCode).toBe(400);
    expect((response.json<ErrorBody>().error.details.fields as { field: string }[]).map((f) => f.field)).toEqual([
      'items.0.categoryCode',
      'items.1.categoryCode',
    ]);
    const list = await env.app.inject({
      url: `/api/integration/clients/${client.id}/category-mappings`,
      headers: { cookie: sys },
    });
    expect(list.json()).toEqual({ items: [] });
  });

  it('delivers subscribed case events as signed webhooks within the client’s scope, and re-sends a dead letter', async () => {
    const client = await createClientOk(env, sys, { name: '城市运行中心', kind: 'platform' });
    const secret = await rotateSecretOk(env, sys, client.id);
    const street = await createClientOk(env, sys, {
      name: '马峦街道系统',
      kind: 'platform',
      unitId: await unitIdOf(env, '440310002'),
    });
    await rotateSecretOk(env, sys, street.id);
    for (const c of [client, street]) {
      const sub = await env.app.inject({
        method: 'POST',
        url: `/api/integration/clients/${c.id}/subscriptions`,
        headers: { cookie: sys },
        payload: { url: receiver.url, events: ['case.created', 'case.dispatched'] },
      });
      expect(sub.statusCode).toBe(201);
    }
    await deliver();
    receiver.calls.length = 0;
    const created = await createCaseOk(env.app, operator, {
      channel: 'hotline',
      requestType: 'complaint',
      description: '路灯不亮',
      location: { ...point, address: '坪山街道' },
      reporter: { name: '陈先生', phone: '13600136000' },
    });
    await actOk(env.app, dispatcher, created.id, 'dispatch', { leadUnitId: await unitIdOf(env, 'PS.CGJ') });
    await deliver();
    // The case lies in 坪山街道: the 马峦 street's client hears nothing of it.
    expect(receiver.calls.map((c) => c.headers['x-citydesk-event'])).toEqual(['case.created', 'case.dispatched']);
    const call = receiver.calls[0];
    expect(call?.headers['x-citydesk-client']).toBe(client.id);
    expect(call?.headers['x-citydesk-signature']).toBe(
      signBody(secret, Number(call?.headers['x-citydesk-timestamp']), call?.body ?? ''),
    );
    const body = JSON.parse(call?.body ?? '{}') as { event: string; case: { number: string; status: string } };
    expect(body).toMatchObject({ event: 'case.created', case: { number: created.number, status: 'open' } });
    expect(call?.body).not.toContain('13600136000');
    expect(call?.body).not.toContain('陈先生');

    // Receiver answers 500: two attempts, then a dead letter an administrator re-sends.
    receiver.status = 500;
    await actOk(env.app, dispatcher, created.id, 'note', { body: '内部备注' });
    await env.app.inject({
      method: 'POST',
      url: `/api/cases/${created.id}/supervise`,
      headers: { cookie: await signInAs(env.app, 'supervisor') },
      payload: { kind: 'urge', reason: '请尽快处理' },
    });
    const subs = await env.app.inject({
      url: `/api/integration/clients/${client.id}/subscriptions`,
      headers: { cookie: sys },
    });
    const subId = subs.json<{ items: { id: string }[] }>().items[0]?.id;
    await env.app.inject({
      method: 'PATCH',
      url: `/api/integration/clients/${client.id}/subscriptions/${subId}`,
      headers: { cookie: sys },
      payload: { events: ['case.created', 'case.dispatched', 'case.signed'] },
    });
    await actOk(env.app, await signInAs(env.app, 'cgj.handler'), created.id, 'sign');
    expect(await deliver()).toMatchObject({ retried: 1 });
    env.clock.advance(31_000);
    expect(await deliver()).toMatchObject({ dead: 1 });
    const dead = await env.app.inject({
      url: `/api/integration/deliveries?status=dead&clientId=${client.id}`,
      headers: { cookie: sys },
    });
    const letters = dead.json<{
      items: { id: string; topic: string; caseNumber: string; clientName: string }[];
      total: number;
    }>();
    expect(letters.total).toBe(1);
    expect(letters.items[0]).toMatchObject({
      topic: 'webhook:case.signed',
      caseNumber: created.number,
      clientName: '城市运行中心',
    });
    receiver.status = 200;
    receiver.calls.length = 0;
    const resent = await env.app.inject({
      method: 'POST',
      url: `/api/integration/deliveries/${letters.items[0]?.id}/resend`,
      headers: { cookie: sys },
    });
    expect(resent.json()).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await deliver()).toMatchObject({ sent: 1 });
    expect(receiver.calls.map((c) => c.headers['x-citydesk-event'])).toEqual(['case.signed']);
    const deleted = await env.app.inject({
      method: 'DELETE',
      url: `/api/integration/clients/${client.id}/subscriptions/${subId}`,
      headers: { cookie: sys },
    });
    expect(deleted.statusCode).toBe(204);
    expect(await auditActions(subId ?? '')).toEqual([
      'webhook_subscription.created',
      'webhook_subscription.updated',
      'webhook_subscription.deleted',
    ]);
  });

  it('keeps camera thresholds per client over the global ones over the environment', async () => {
    const environment = await env.app.inject({ url: '/api/integration/camera-settings', headers: { cookie: sys } });
    expect(environment.json()).toMatchObject({
      minConfidence: 0.6,
      mergeWindowMinutes: 30,
      source: { minConfidence: 'environment' },
    });
    await env.app.inject({
      method: 'PUT',
      url: '/api/integration/camera-settings',
      headers: { cookie: sys },
      payload: { minConfidence: 0.7, mergeWindowMinutes: null },
    });
    const camera = await createClientOk(env, sys, { name: '高点视频', kind: 'camera_system' });
    const inherited = await env.app.inject({
      url: `/api/integration/clients/${camera.id}/camera-settings`,
      headers: { cookie: sys },
    });
    expect(inherited.json()).toMatchObject({
      minConfidence: 0.7,
      mergeWindowMinutes: 30,
      source: { minConfidence: 'global', mergeWindowMinutes: 'environment' },
    });
    const invalid = await env.app.inject({
      method: 'PUT',
      url: `/api/integration/clients/${camera.id}/camera-settings`,
      headers: { cookie: sys },
      payload: { minConfidence: 2, mergeWindowMinutes: -1 },
    });
    expect(invalid.statusCode).toBe(400);
    expect((invalid.json<ErrorBody>().error.details.fields as { field: string }[]).map((f) => f.field).sort()).toEqual([
      'mergeWindowMinutes',
      'minConfidence',
    ]);
  });

  it('lists a client registered from the command line like any other, and refuses an external unit for other kinds', async () => {
    const cli = await createApiClient(env.database.handle.db, env.ctx, {
      name: '命令行平台',
      unitCode: '440310',
      channels: ['integration'],
    });
    const list = await env.app.inject({ url: '/api/integration/clients', headers: { cookie: sys } });
    const found = list
      .json<{ items: { id: string; kind: string; keys: unknown[]; hasSecret: boolean }[] }>()
      .items.find((c) => c.id === cli.id);
    expect(found).toMatchObject({ kind: 'platform', hasSecret: false });
    expect(found?.keys).toHaveLength(1);
    const refused = await env.app.inject({
      method: 'PUT',
      url: `/api/integration/clients/${cli.id}/external-unit`,
      headers: { cookie: sys },
      payload: { endpoint: 'http://127.0.0.1:1/open311/v2' },
    });
    expect(refused.statusCode).toBe(400);
    const patched = await env.app.inject({
      method: 'PATCH',
      url: `/api/integration/clients/${cli.id}`,
      headers: { cookie: sys },
      payload: { active: false, callbackUrl: 'https://example.org/cb' },
    });
    expect(patched.json()).toMatchObject({ active: false, callbackUrl: 'https://example.org/cb' });
    const bearer = await env.app.inject({ url: '/api/cases/inbox', headers: { authorization: `Bearer ${cli.key}` } });
    expect(bearer.statusCode).toBe(401);
  });
});
