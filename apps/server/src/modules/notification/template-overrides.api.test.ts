import type { MessageTemplateView } from '@citydesk/shared';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestEnv, signInAs, type ErrorBody, type TestEnv } from '../../../test/support/app.js';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { createProviders, deliverDueMessages, enqueueMessage, type MessageLogView } from './index.js';

const phone = '13912340000';

describeEachDatabase('the message template API', (dialect) => {
  let env: TestEnv;
  let sys: string;
  let operator: string;
  let audit: string;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    sys = await signInAs(env.app, 'sysadmin');
    operator = await signInAs(env.app, 'operator');
    audit = await signInAs(env.app, 'auditadmin');
  });
  afterAll(async () => env.close());

  const put = (key: string, payload: Record<string, unknown>) =>
    env.app.inject({ method: 'PUT', url: `/api/notifications/templates/${key}`, headers: { cookie: sys }, payload });

  /** Queues a closing notice, delivers it through the development provider and returns its text. */
  async function sendClosingNotice(number: string): Promise<string> {
    const db = env.database.handle.db;
    await db.transaction().execute((trx) =>
      enqueueMessage(trx, env.ctx, {
        channel: 'sms',
        recipient: phone,
        template: 'case_closed',
        payload: { number, trackingUrl: `https://example.test/t/${number}` },
      }),
    );
    await deliverDueMessages(db, {
      clock: env.clock,
      providers: createProviders(env.config, db, env.clock),
      maxAttempts: 3,
    });
    const log = await env.app.inject({
      url: `/api/notifications/message-log?recipient=${phone}`,
      headers: { cookie: sys },
    });
    const body = log.json<{ items: MessageLogView[] }>().items.find((m) => m.body.includes(number))?.body;
    if (!body) throw new Error(`no message for ${number}`);
    return body;
  }

  it('refuses callers who are not signed in and staff without notification.manage', async () => {
    for (const [method, url, payload] of [
      ['GET', '/api/notifications/templates', undefined],
      ['PUT', '/api/notifications/templates/case_closed', { zh: '【坪山区12345】x', en: '[Pingshan 12345] x' }],
      ['DELETE', '/api/notifications/templates/case_closed', undefined],
    ] as const) {
      expect((await env.app.inject({ method, url, payload })).statusCode, url).toBe(401);
      for (const cookie of [operator, audit]) {
        const forbidden = await env.app.inject({ method, url, payload, headers: { cookie } });
        expect(forbidden.statusCode, url).toBe(403);
        expect(forbidden.json<ErrorBody>().error.details).toEqual({ missing: ['notification.manage'] });
      }
    }
  });

  it('lists every template with its variables, shipped text, preview values and SMS sign', async () => {
    const response = await env.app.inject({ url: '/api/notifications/templates', headers: { cookie: sys } });
    expect(response.statusCode).toBe(200);
    const items = response.json<{ items: MessageTemplateView[] }>().items;
    expect(items.map((t) => t.key)).toEqual([
      'case_accepted',
      'case_replied',
      'case_closed',
      'rating_invitation',
      'case_reopened',
      'verification_code',
      'unit_notice',
    ]);
    const accepted = items[0];
    expect(accepted?.variables).toEqual(['number', 'timeLimit', 'trackingUrl']);
    expect(accepted?.override).toBeNull();
    expect(accepted?.effective).toEqual(accepted?.defaults);
    expect(accepted?.sign).toEqual({ zh: '【坪山区12345】', en: '[Pingshan 12345]' });
    expect(accepted?.sample.timeLimit).toEqual({ zh: '3个工作日', en: '3 working days' });
    const notice = items.find((t) => t.key === 'unit_notice');
    expect(notice?.sign).toBeNull();
    expect(notice?.choices.kind?.urge).toEqual({ zh: '催办', en: 'Urge' });
  });

  it('refuses unknown placeholders and a dropped SMS sign, naming them, and an unknown template', async () => {
    const unknown = await put('case_closed', {
      zh: '【坪山区12345】{name}您好，工单{number}已办结：{trackingUrl}',
      en: '[Pingshan 12345] Case {number} closed: {link}',
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json<ErrorBody>().error).toMatchObject({
      code: 'TEMPLATE_INVALID',
      details: { unknown: ['name', 'link'], allowed: ['number', 'trackingUrl'] },
    });
    const unsigned = await put('case_closed', {
      zh: '工单{number}已办结',
      en: '[Pingshan 12345] Case {number} closed',
    });
    expect(unsigned.json<ErrorBody>().error).toMatchObject({
      code: 'TEMPLATE_INVALID',
      details: { sign: '【坪山区12345】', fields: [{ field: 'zh' }] },
    });
    expect((await put('case_closed', { zh: '', en: 'x' })).statusCode).toBe(400);
    expect((await put('no_such_template', { zh: 'x', en: 'x' })).statusCode).toBe(404);
  });

  it('sends messages with the changed text, records before and after, and a reset brings the shipped text back', async () => {
    const text = {
      zh: '【坪山区12345】您的诉求{number}已办结，欢迎评价：{trackingUrl}',
      en: '[Pingshan 12345] Case {number} is closed. Rate it: {trackingUrl}',
    };
    const saved = await put('case_closed', text);
    expect(saved.statusCode).toBe(200);
    expect(saved.json<MessageTemplateView>()).toMatchObject({ override: text, effective: text, updatedBy: 'sysadmin' });
    expect(await sendClosingNotice('PS20261125101')).toBe(
      '【坪山区12345】您的诉求PS20261125101已办结，欢迎评价：https://example.test/t/PS20261125101',
    );

    const reset = await env.app.inject({
      method: 'DELETE',
      url: '/api/notifications/templates/case_closed',
      headers: { cookie: sys },
    });
    expect(reset.statusCode).toBe(200);
    expect(reset.json<MessageTemplateView>().override).toBeNull();
    expect(await sendClosingNotice('PS20261125102')).toMatch(
      /^【坪山区12345】您反映的诉求（工单号：PS20261125102）已办结。/,
    );

    const events = await env.database.handle.db
      .selectFrom('audit_event')
      .select(['action', 'subject_id', 'before_json', 'after_json'])
      .where('subject_type', '=', 'message_template')
      .orderBy('seq')
      .execute();
    expect(events.map((e) => [e.action, e.subject_id])).toEqual([
      ['message_template.updated', 'case_closed'],
      ['message_template.reset', 'case_closed'],
    ]);
    expect(JSON.parse(events[0]?.after_json ?? '{}')).toEqual(text);
    expect(JSON.parse(events[1]?.before_json ?? '{}')).toEqual(text);
  });
});
