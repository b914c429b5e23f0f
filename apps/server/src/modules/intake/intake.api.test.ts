import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestEnv, signInAs, type ErrorBody, type TestEnv } from '../../../test/support/app.js';
import { createCase, pointInGrid, type CaseAnswer } from '../../../test/support/cases.js';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { createApiClient } from '../auth/index.js';

describeEachDatabase('intake from every channel', (dialect) => {
  let env: TestEnv;
  let operator: string;
  let key: string;
  let point: { lat: number; lon: number };

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    operator = await signInAs(env.app, 'operator');
    point = await pointInGrid(env, '440310002001001');
    key = (
      await createApiClient(env.database.handle.db, env.ctx, {
        name: '视频智能分析平台',
        unitCode: '440310',
        channels: ['video_ai', 'integration'],
      })
    ).key;
  });
  afterAll(async () => env.close());

  const asClient = (body: object, bearer = key) =>
    env.app.inject({
      method: 'POST',
      url: '/api/cases',
      headers: { authorization: `Bearer ${bearer}` },
      payload: body,
    });

  it('accepts a camera event without a phone from another system, with a tracking link, located by its point', async () => {
    const response = await asClient({
      channel: 'video_ai',
      requestType: 'report',
      description: '摄像头识别：马峦街道某路段发现占道经营。',
      location: point,
    });
    expect(response.statusCode).toBe(201);
    const created = response.json<CaseAnswer>();
    expect(created.trackingUrl).toMatch(/\/portal\/#\/track\/[\w-]{20,}$/);
    const token = created.trackingUrl?.split('/').pop() ?? '';
    const view = await env.app.inject({ method: 'POST', url: '/api/public/track', payload: { token } });
    expect(view.json()).toMatchObject({ number: created.number, channel: 'video_ai' });
    const row = await env.database.handle.db
      .selectFrom('case_record')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    const street = await env.database.handle.db
      .selectFrom('unit')
      .select('code')
      .where('id', '=', row.street_id ?? '')
      .executeTakeFirstOrThrow();
    expect(street.code).toBe('440310002');
    expect(row.created_by_client_id).not.toBeNull();
  });

  it('refuses a channel the client may not use, and an unknown key', async () => {
    const wrongChannel = await asClient({
      channel: 'hotline',
      requestType: 'report',
      description: 'x',
      location: point,
      reporter: { phone: '13800000000' },
    });
    expect(wrongChannel.statusCode).toBe(403);
    const unknown = await asClient(
      { channel: 'video_ai', requestType: 'report', description: 'x', location: point },
      'cdk_not-a-real-key',
    );
    expect(unknown.json<ErrorBody>().error.code).toBe('UNAUTHENTICATED');
  });

  it('keeps an integration case’s external reference and lets mailbox letters go without a location', async () => {
    const integration = await asClient({
      channel: 'integration',
      requestType: 'complaint',
      description: '省12345转办：噪音扰民',
      location: { address: '坪山街道' },
      reporter: { phone: '13800000001' },
      externalRef: 'GD12345-20261125-0001',
    });
    expect(integration.statusCode).toBe(201);
    const letter = await createCase(env.app, operator, {
      channel: 'mailbox',
      requestType: 'suggestion',
      description: '建议增加社区养老服务站。',
      reporter: { name: '陈老师', phone: '0755-28123456' },
    });
    expect(letter.statusCode).toBe(201);
  });

  it('names every problem of a bad case at once', async () => {
    const response = await createCase(env.app, operator, {
      channel: 'hotline',
      requestType: 'consultation',
      description: '',
      reporter: { phone: '12345' },
      directAnswer: '答复',
      externalRef: 'X',
    });
    expect(response.statusCode).toBe(400);
    const fields = (response.json<ErrorBody>().error.details.fields as { field: string }[]).map((f) => f.field).sort();
    expect(fields).toEqual(['description', 'reporter.phone']);
    const rules = await createCase(env.app, operator, {
      channel: 'hotline',
      requestType: 'complaint',
      description: '没有电话和地点',
      directAnswer: '不该直接办结',
      externalRef: 'X',
    });
    const ruleFields = (rules.json<ErrorBody>().error.details.fields as { field: string }[]).map((f) => f.field).sort();
    expect(ruleFields).toEqual(['directAnswer', 'externalRef', 'location', 'reporter.phone']);
    const outside = await createCase(env.app, operator, {
      channel: 'hotline',
      requestType: 'complaint',
      description: '福田区的问题',
      location: { lat: 22.54, lon: 114.05 },
      reporter: { phone: '13800000002' },
    });
    expect(outside.json<ErrorBody>().error.code).toBe('LOCATION_OUTSIDE_DISTRICT');
  });

  it('checks the item’s extra questions', async () => {
    const noise = await env.database.handle.db
      .selectFrom('category')
      .select('id')
      .where('name', '=', '噪音污染')
      .executeTakeFirstOrThrow();
    const response = await createCase(env.app, operator, {
      channel: 'hotline',
      requestType: 'complaint',
      description: '夜间施工噪音',
      categoryId: noise.id,
      location: point,
      reporter: { phone: '13800000003' },
      extraAnswers: { noise_period: 'midnight', unknown: 1 },
    });
    const fields = (response.json<ErrorBody>().error.details.fields as { field: string; reason: string }[])
      .map((f) => f.field)
      .sort();
    expect(fields).toEqual(['extraAnswers.noise_period', 'extraAnswers.unknown']);
    const ok = await createCase(env.app, operator, {
      channel: 'hotline',
      requestType: 'complaint',
      description: '夜间施工噪音',
      categoryId: noise.id,
      location: point,
      reporter: { phone: '13800000003' },
      extraAnswers: { noise_period: 'night' },
    });
    expect(ok.statusCode).toBe(201);
  });
});
