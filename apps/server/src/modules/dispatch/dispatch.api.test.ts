import type { RouteCandidate } from '@citydesk/shared';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestEnv, signInAs, type ErrorBody, type TestEnv } from '../../../test/support/app.js';
import { categoryIdOf, createCaseOk, pointInGrid, unitIdOf } from '../../../test/support/cases.js';
import { describeEachDatabase } from '../../../test/support/databases.js';

describeEachDatabase('routing suggestions for a call not yet saved', (dialect) => {
  let env: TestEnv;
  let operator: string;
  let dispatcher: string;
  let auditor: string;
  let enforcement: string;
  let point: { lat: number; lon: number };

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    operator = await signInAs(env.app, 'operator');
    dispatcher = await signInAs(env.app, 'dispatcher');
    auditor = await signInAs(env.app, 'auditadmin');
    enforcement = await categoryIdOf(env, '城管执法');
    point = await pointInGrid(env, '440310002001001');
  });
  afterAll(async () => env.close());

  const suggest = (query: Record<string, string | number>, cookie = operator) =>
    env.app.inject({
      url: `/api/dispatch/suggest?${new URLSearchParams(
        Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]),
      ).toString()}`,
      headers: { cookie },
    });

  it('ranks exactly as the saved case’s routing does, for the same item and point', async () => {
    const suggested = await suggest({ categoryId: enforcement, lat: point.lat, lon: point.lon });
    expect(suggested.statusCode).toBe(200);
    const items = suggested.json<{ items: RouteCandidate[] }>().items;
    expect(items[0]).toMatchObject({ unit: { code: '440310002' }, role: 'lead', rule: 'street', rank: 1 });

    const created = await createCaseOk(env.app, operator, {
      channel: 'hotline',
      requestType: 'complaint',
      description: '路口有人占道经营。',
      categoryId: enforcement,
      location: point,
      reporter: { phone: '13800000001' },
    });
    const routed = await env.app.inject({ url: `/api/cases/${created.id}/route`, headers: { cookie: dispatcher } });
    expect(routed.json<{ items: RouteCandidate[] }>().items).toEqual(items);
  });

  it('uses a named street when there is no point, and only the street centre without an item', async () => {
    const street = await unitIdOf(env, '440310003');
    const byStreet = (await suggest({ categoryId: enforcement, streetId: street }, dispatcher)).json<{
      items: RouteCandidate[];
    }>().items;
    expect(byStreet[0]).toMatchObject({ unit: { code: '440310003' }, rule: 'street' });
    const streetOnly = (await suggest({ streetId: street })).json<{ items: RouteCandidate[] }>().items;
    expect(streetOnly).toHaveLength(1);
    expect(streetOnly[0]).toMatchObject({ unit: { code: '440310003' }, rule: 'location', role: 'lead' });
    expect((await suggest({})).json<{ items: RouteCandidate[] }>().items).toEqual([]);
  });

  it('names a wrong item, a unit that is not a street, and half a point', async () => {
    const department = await unitIdOf(env, 'PS.CGJ');
    const wrong = await suggest({ categoryId: 'nope', streetId: department });
    expect(wrong.statusCode).toBe(400);
    const fields = (wrong.json<ErrorBody>().error.details.fields as { field: string }[]).map((f) => f.field);
    expect(fields).toEqual(['categoryId', 'streetId']);
    expect((await suggest({ lat: point.lat })).statusCode).toBe(400);
  });

  it('refuses callers without a session or without intake or dispatch rights', async () => {
    expect((await env.app.inject({ url: '/api/dispatch/suggest' })).statusCode).toBe(401);
    const refused = await suggest({ categoryId: enforcement }, auditor);
    expect(refused.statusCode).toBe(403);
    expect(refused.json<ErrorBody>().error.code).toBe('FORBIDDEN');
  });
});
