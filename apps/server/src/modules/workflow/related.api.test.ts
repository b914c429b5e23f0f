import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestEnv, signInAs, type ErrorBody, type TestEnv } from '../../../test/support/app.js';
import { createCaseOk, pointInGrid } from '../../../test/support/cases.js';
import { describeEachDatabase } from '../../../test/support/databases.js';

interface RelatedBody {
  samePhone: { id: string; number: string }[];
  nearby: { id: string; number: string }[];
  sameItem: { id: string; number: string }[];
}

const minute = 60_000;
const day = 24 * 3600_000;

/** Moves a point north by a number of metres (one degree of latitude is about 111.2 km). */
const north = (p: { lat: number; lon: number }, metres: number) => ({ lat: p.lat + metres / 111_195, lon: p.lon });

describeEachDatabase('related cases of a case page', (dialect) => {
  let env: TestEnv;
  const c: Record<string, string> = {};
  let pingshan: { lat: number; lon: number };
  let biling: { lat: number; lon: number };
  let shijing: { lat: number; lon: number };
  let itemA: string;
  let itemB: string;

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    for (const user of ['operator', 'dispatcher', 'ps.handler', 'sysadmin']) c[user] = await signInAs(env.app, user);
    pingshan = await pointInGrid(env, '440310001001001');
    biling = await pointInGrid(env, '440310003001001');
    shijing = await pointInGrid(env, '440310004001001');
    const items = await env.database.handle.db
      .selectFrom('category')
      .select('id')
      .where('level', '=', 3)
      .orderBy('code')
      .limit(2)
      .execute();
    itemA = items[0]?.id as string;
    itemB = items[1]?.id as string;
  });
  afterAll(async () => env.close());

  let phones = 0;
  /**
   * Creates a case a minute after the previous one, so "newest first" has a clear order. Without a
   * phone it is an anonymous web report; without a position it has only an address.
   */
  async function newCase(input: {
    phone?: string;
    at?: { lat: number; lon: number };
    categoryId?: string;
  }): Promise<{ id: string; number: string }> {
    env.clock.advance(minute);
    phones++;
    return createCaseOk(env.app, c.operator as string, {
      channel: input.phone ? 'hotline' : 'web',
      requestType: 'complaint',
      description: `关联工单测试 ${phones}：路边垃圾堆积多日无人清理。`,
      location: input.at ?? { address: '坪山区某路口' },
      ...(input.categoryId ? { categoryId: input.categoryId } : {}),
      reporter: input.phone ? { phone: input.phone } : { anonymous: true },
    });
  }

  /** Moves the clock by days; sessions do not last that long, so everyone signs in again. */
  async function travel(ms: number): Promise<void> {
    env.clock.advance(ms);
    for (const user of Object.keys(c)) c[user] = await signInAs(env.app, user);
  }

  const related = (cookie: string | undefined, id: string) =>
    env.app.inject({ url: `/api/cases/${id}/related`, headers: cookie ? { cookie } : {} });

  const ids = (list: { id: string }[]) => list.map((s) => s.id);

  it('refuses a caller without a session (401) and a role without case.read (403)', async () => {
    const kase = await newCase({ at: pingshan });
    expect((await related(undefined, kase.id)).statusCode).toBe(401);
    const forbidden = await related(c.sysadmin, kase.id);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json<ErrorBody>().error.code).toBe('FORBIDDEN');
  });

  it('answers 404 for a case outside the caller’s scope, as every case read does', async () => {
    const elsewhere = await newCase({ at: biling });
    const answer = await related(c['ps.handler'], elsewhere.id);
    expect(answer.statusCode).toBe(404);
    expect(answer.json<ErrorBody>().error.code).toBe('NOT_FOUND');
  });

  it('lists the same reporter’s other cases newest first, without the case itself and masked', async () => {
    const phone = '13812340001';
    const first = await newCase({ phone, at: pingshan });
    const second = await newCase({ phone, at: biling });
    await newCase({ phone: '13812340002', at: pingshan });
    const current = await newCase({ phone, at: pingshan });
    const answer = await related(c.dispatcher, current.id);
    expect(answer.statusCode, answer.body).toBe(200);
    const body = answer.json<{ samePhone: { id: string; reporter: { phone: string | null } }[] }>();
    expect(ids(body.samePhone)).toEqual([second.id, first.id]);
    expect(body.samePhone.every((s) => s.reporter.phone !== phone)).toBe(true);
  });

  it('keeps every list inside the caller’s scope: a street handler does not see another street’s case', async () => {
    const phone = '13812340003';
    const otherStreet = await newCase({ phone, at: biling });
    const ownStreet = await newCase({ phone, at: pingshan });
    const current = await newCase({ phone, at: pingshan });
    const centre = (await related(c.dispatcher, current.id)).json<RelatedBody>();
    expect(ids(centre.samePhone)).toEqual([ownStreet.id, otherStreet.id]);
    const street = await related(c['ps.handler'], current.id);
    expect(street.statusCode, street.body).toBe(200);
    expect(ids(street.json<RelatedBody>().samePhone)).toEqual([ownStreet.id]);
  });

  it('finds cases within 200 m of the case’s position and leaves out those farther away', async () => {
    // A place no other test uses, so only this test's cases lie near it.
    const centre = shijing;
    const close = await newCase({ at: north(centre, 120) });
    const far = await newCase({ at: north(centre, 320) });
    const closeOther = await newCase({ at: north(centre, -150) });
    const current = await newCase({ at: centre });
    const body = (await related(c.dispatcher, current.id)).json<RelatedBody>();
    expect(ids(body.nearby)).toEqual([closeOther.id, close.id]);
    expect(ids(body.nearby)).not.toContain(far.id);
    expect(ids(body.nearby)).not.toContain(current.id);
  });

  it('caps each list at ten cases, the newest ten', async () => {
    const phone = '13812340004';
    const made: string[] = [];
    for (let i = 0; i < 12; i++) made.push((await newCase({ phone, at: north(pingshan, 10) })).id);
    const current = await newCase({ phone, at: north(pingshan, 10) });
    const body = (await related(c.dispatcher, current.id)).json<RelatedBody>();
    expect(ids(body.samePhone)).toEqual(made.slice(2).reverse());
    expect(body.nearby).toHaveLength(10);
  });

  it('lists cases of the same catalogue item from the last 30 days only', async () => {
    const old = await newCase({ categoryId: itemA });
    await travel(2 * day);
    const recent = await newCase({ categoryId: itemA });
    await newCase({ categoryId: itemB });
    await travel(29 * day);
    const current = await newCase({ categoryId: itemA });
    const body = (await related(c.dispatcher, current.id)).json<RelatedBody>();
    expect(ids(body.sameItem)).toContain(recent.id);
    expect(ids(body.sameItem)).not.toContain(old.id);
    expect(ids(body.sameItem)).not.toContain(current.id);
  });

  it('answers empty lists for a case without phone, position or item', async () => {
    const bare = await newCase({});
    const body = (await related(c.dispatcher, bare.id)).json<RelatedBody>();
    expect(body).toEqual({ samePhone: [], nearby: [], sameItem: [] });
  });
});
