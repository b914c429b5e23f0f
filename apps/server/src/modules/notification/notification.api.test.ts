import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestEnv, signInAs, type ErrorBody, type TestEnv } from '../../../test/support/app.js';
import { describeEachDatabase } from '../../../test/support/databases.js';
import {
  createProviders,
  deliverDueMessages,
  enqueueMessage,
  type NewMessage,
  type NotificationProviders,
  type OutboxMessageView,
  type MessageLogView,
} from './index.js';

const phone = '13912345678';

async function refuse(): Promise<{ providerRef?: string }> {
  throw new Error(`gateway refused ${phone}`);
}

const failingProviders: NotificationProviders = {
  sms: { channel: 'sms', send: refuse },
  wechat: { channel: 'wechat', send: refuse },
  email: { channel: 'email', send: refuse },
  in_app: { channel: 'in_app', send: refuse },
};

describeEachDatabase('the notification administration API', (dialect) => {
  let env: TestEnv;
  let sys: string;
  let operator: string;
  const enqueue = (message: NewMessage) =>
    env.database.handle.db.transaction().execute((trx) => enqueueMessage(trx, env.ctx, message));

  beforeAll(async () => {
    env = await createTestEnv(dialect, { env: { OUTBOX_MAX_ATTEMPTS: '2' } });
    sys = await signInAs(env.app, 'sysadmin');
    operator = await signInAs(env.app, 'operator');
  });
  afterAll(async () => env.close());

  it('refuses staff without notification.manage and callers who are not signed in', async () => {
    for (const [method, url] of [
      ['GET', '/api/notifications/outbox'],
      ['POST', '/api/notifications/outbox/00000000-0000-7000-8000-000000000000/retry'],
      ['GET', '/api/notifications/message-log'],
    ] as const) {
      const forbidden = await env.app.inject({ method, url, headers: { cookie: operator } });
      expect(forbidden.statusCode, url).toBe(403);
      expect(forbidden.json<ErrorBody>().error.details).toEqual({ missing: ['notification.manage'] });
      expect((await env.app.inject({ method, url })).statusCode, url).toBe(401);
    }
  });

  it('lists a dead letter with the phone masked, and retry sends it back to pending with an audit event', async () => {
    const db = env.database.handle.db;
    const maxAttempts = env.config.notifications.maxAttempts;
    const id = await enqueue({
      channel: 'sms',
      recipient: phone,
      template: 'case_closed',
      payload: { number: 'PS20261125007', trackingUrl: 'https://example.test/t/7' },
      caseId: 'case-7',
    });
    expect(await deliverDueMessages(db, { clock: env.clock, providers: failingProviders, maxAttempts })).toEqual({
      sent: 0,
      retried: 1,
      dead: 0,
    });
    env.clock.advance(30_000);
    expect(await deliverDueMessages(db, { clock: env.clock, providers: failingProviders, maxAttempts })).toEqual({
      sent: 0,
      retried: 0,
      dead: 1,
    });

    const dead = await env.app.inject({ url: '/api/notifications/outbox?status=dead', headers: { cookie: sys } });
    expect(dead.statusCode).toBe(200);
    expect(dead.body).not.toContain(phone);
    expect(dead.json<{ items: OutboxMessageView[]; total: number }>()).toEqual({
      total: 1,
      items: [
        {
          id,
          channel: 'sms',
          recipient: '139****5678',
          template: 'case_closed',
          locale: 'zh-CN',
          caseId: 'case-7',
          status: 'dead',
          attempts: 2,
          nextAttemptAt: env.clock.now().toISOString(),
          lastError: 'gateway refused 139****5678',
          createdAt: expect.any(String) as string,
          sentAt: null,
        },
      ],
    });
    const pending = await env.app.inject({ url: '/api/notifications/outbox?status=pending', headers: { cookie: sys } });
    expect(pending.json()).toEqual({ items: [], total: 0 });

    const retried = await env.app.inject({
      method: 'POST',
      url: `/api/notifications/outbox/${id}/retry`,
      headers: { cookie: sys },
    });
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({
      id,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: env.clock.now().toISOString(),
      lastError: null,
    });
    const audit = await db
      .selectFrom('audit_event')
      .select(['action', 'actor_name', 'before_json', 'after_json'])
      .where('subject_type', '=', 'outbox_message')
      .where('subject_id', '=', id)
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'notification.retried', actor_name: 'sysadmin' });
    expect(JSON.parse(audit[0]?.before_json ?? 'null')).toEqual({
      status: 'dead',
      attempts: 2,
      lastError: 'gateway refused 139****5678',
    });

    const again = await env.app.inject({
      method: 'POST',
      url: `/api/notifications/outbox/${id}/retry`,
      headers: { cookie: sys },
    });
    expect(again.statusCode).toBe(409);
    expect(again.json<ErrorBody>().error.details).toMatchObject({ status: 'pending' });

    const providers = createProviders(env.config, db, env.clock);
    expect(await deliverDueMessages(db, { clock: env.clock, providers, maxAttempts })).toMatchObject({ sent: 1 });
    const sent = await env.app.inject({ url: '/api/notifications/outbox?status=sent', headers: { cookie: sys } });
    expect(sent.json<{ items: OutboxMessageView[] }>().items.map((m) => m.id)).toContain(id);
  });

  it('answers 404 for an unknown message and 400 for an unknown status', async () => {
    const missing = await env.app.inject({
      method: 'POST',
      url: '/api/notifications/outbox/00000000-0000-7000-8000-000000000000/retry',
      headers: { cookie: sys },
    });
    expect(missing.statusCode).toBe(404);
    const bad = await env.app.inject({ url: '/api/notifications/outbox?status=lost', headers: { cookie: sys } });
    expect(bad.statusCode).toBe(400);
    expect((bad.json<ErrorBody>().error.details.fields as { field: string }[]).map((f) => f.field)).toEqual(['status']);
  });

  it('shows the development message log of one recipient, verification code included', async () => {
    const db = env.database.handle.db;
    const citizen = '13700001111';
    await enqueue({
      channel: 'sms',
      recipient: citizen,
      template: 'verification_code',
      payload: { code: '905172', purpose: 'report', minutes: 5 },
    });
    await enqueue({
      channel: 'sms',
      recipient: '13700002222',
      template: 'verification_code',
      payload: { code: '111111', purpose: 'report', minutes: 5 },
    });
    const providers = createProviders(env.config, db, env.clock);
    await deliverDueMessages(db, { clock: env.clock, providers, maxAttempts: 2 });

    const response = await env.app.inject({
      url: `/api/notifications/message-log?recipient=${citizen}`,
      headers: { cookie: sys },
    });
    expect(response.statusCode).toBe(200);
    const items = response.json<{ items: MessageLogView[] }>().items;
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      channel: 'sms',
      recipient: '137****1111',
      template: 'verification_code',
      body: '【坪山区12345】验证码905172，用于提交诉求，5分钟内有效。请勿将验证码告诉他人；如非本人操作，请忽略本短信。',
    });
    const all = await env.app.inject({ url: '/api/notifications/message-log?limit=500', headers: { cookie: sys } });
    expect(all.json<{ items: MessageLogView[] }>().items.length).toBeGreaterThanOrEqual(3);
    expect(all.body).not.toContain(citizen);
  });
});
