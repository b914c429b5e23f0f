import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestEnv, signInAs, type ErrorBody, type TestEnv } from '../../../test/support/app.js';
import { createCase, createCaseOk, getCase, pointInGrid, unitIdOf } from '../../../test/support/cases.js';
import { describeEachDatabase } from '../../../test/support/databases.js';

describeEachDatabase('a call placed by a named street or community', (dialect) => {
  let env: TestEnv;
  let operator: string;
  let streetDispatcher: string;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    operator = await signInAs(env.app, 'operator');
    streetDispatcher = await signInAs(env.app, 'ps.dispatcher');
  });
  afterAll(async () => env.close());

  const call = (location: Record<string, unknown>) => ({
    channel: 'hotline',
    requestType: 'complaint',
    description: '小区门口垃圾没人清运。',
    location,
    reporter: { phone: '13800000002' },
  });

  it('places a case in the community and its street without a pin, visible to that street', async () => {
    const community = await unitIdOf(env, '440310001001');
    const created = await createCaseOk(env.app, operator, call({ areaId: community }));
    const view = await getCase(env.app, streetDispatcher, created.id);
    expect(view).toMatchObject({
      street: { code: '440310001' },
      location: { community: { code: '440310001001' }, grid: null, lat: null },
    });
  });

  it('prefers the pin over the named area', async () => {
    const point = await pointInGrid(env, '440310002001001');
    const created = await createCaseOk(
      env.app,
      operator,
      call({ ...point, areaId: await unitIdOf(env, '440310001001') }),
    );
    const view = await getCase(env.app, operator, created.id);
    expect(view).toMatchObject({ street: { code: '440310002' } });
  });

  it('refuses an area that is not a street, community or grid', async () => {
    const response = await createCase(env.app, operator, call({ areaId: await unitIdOf(env, 'PS.CGJ') }));
    expect(response.statusCode).toBe(400);
    expect(response.json<ErrorBody>().error.details.fields).toEqual([
      { field: 'location.areaId', reason: 'no active street, community or grid with this id' },
    ]);
  });
});
