import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestEnv, signInAs, type ErrorBody, type TestEnv } from '../../../test/support/app.js';
import { pointInGrid } from '../../../test/support/cases.js';
import { describeEachDatabase } from '../../../test/support/databases.js';

interface CatalogueGroup {
  id: string;
  name: string;
  children: {
    id: string;
    name: string;
    items: {
      id: string;
      code: string;
      name: string;
      pathNames: string[];
      extraFields: unknown[];
      timeLimits: unknown;
    }[];
  }[];
}

interface Member {
  id: string;
  phone: string;
  name: string;
  group: string;
  note: string;
  createdAt: string;
}

describeEachDatabase('the portal’s public data and the special groups', (dialect) => {
  let env: TestEnv;
  const staff: Record<string, string> = {};

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    for (const user of ['sysadmin', 'secadmin', 'operator']) staff[user] = await signInAs(env.app, user);
  });
  afterAll(async () => env.close());

  it('serves the active catalogue with its questions and limits but no units or legal basis, cacheably', async () => {
    const response = await env.app.inject({ url: '/api/public/catalogue' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=300');
    const groups = response.json<CatalogueGroup[]>();
    const items = groups.flatMap((g) => g.children.flatMap((c) => c.items));
    expect(groups).toHaveLength(15);
    expect(items).toHaveLength(517);
    const facility = items.find((i) => i.name === '基础设施');
    expect(facility?.pathNames).toEqual(['城乡建设', '城市建设和市政管理']);
    expect(facility?.extraFields).toEqual([expect.objectContaining({ code: 'facility', required: true })]);
    expect(facility?.timeLimits).toMatchObject({ complaint: { workingDays: 5 }, consultation: { workingDays: 1 } });
    for (const word of ['legalBasis', 'responsibilities', 'PS.CGJ', '城市市容和环境卫生管理条例', 'workflowTemplate']) {
      expect(response.body).not.toContain(word);
    }

    const etag = response.headers.etag as string;
    const again = await env.app.inject({ url: '/api/public/catalogue', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);

    // A withdrawn item disappears (and the ETag changes).
    const withdrawn = await env.app.inject({
      method: 'PATCH',
      url: `/api/catalogue/items/${facility?.id ?? ''}`,
      headers: { cookie: staff.sysadmin as string },
      payload: { active: false },
    });
    expect(withdrawn.statusCode).toBe(200);
    const after = await env.app.inject({ url: '/api/public/catalogue', headers: { 'if-none-match': etag } });
    expect(after.statusCode).toBe(200);
    const names = after.json<CatalogueGroup[]>().flatMap((g) => g.children.flatMap((c) => c.items.map((i) => i.id)));
    expect(names).not.toContain(facility?.id);
    await env.app.inject({
      method: 'PATCH',
      url: `/api/catalogue/items/${facility?.id ?? ''}`,
      headers: { cookie: staff.sysadmin as string },
      payload: { active: true },
    });
  });

  it('draws the district, its streets and communities with names only', async () => {
    const response = await env.app.inject({ url: '/api/public/geo/areas' });
    expect(response.statusCode).toBe(200);
    const collection = response.json<{
      type: string;
      features: { id: string; properties: Record<string, unknown>; geometry: { type: string } }[];
    }>();
    expect(collection.type).toBe('FeatureCollection');
    const byType = new Map<string, number>();
    for (const f of collection.features) {
      expect(Object.keys(f.properties).sort()).toEqual(['id', 'name', 'nameEn', 'type']);
      expect(['Polygon', 'MultiPolygon']).toContain(f.geometry.type);
      const type = f.properties.type as string;
      byType.set(type, (byType.get(type) ?? 0) + 1);
    }
    expect(Object.fromEntries(byType)).toEqual({ district_centre: 1, street_centre: 6, community: 24 });
    for (const word of ['0755-', 'grid', '440310001001001']) expect(response.body).not.toContain(word);
  });

  it('says where a point falls, by name, and when it is outside the district', async () => {
    const point = await pointInGrid(env, '440310001001001');
    const inside = await env.app.inject({ url: `/api/public/geo/lookup?lat=${point.lat}&lon=${point.lon}` });
    const named = async (code: string) =>
      env.database.handle.db
        .selectFrom('unit')
        .select(['id', 'name'])
        .where('code', '=', code)
        .executeTakeFirstOrThrow();
    expect(inside.json()).toEqual({
      inside: true,
      street: await named('440310001'),
      community: await named('440310001001'),
      grid: await named('440310001001001'),
    });
    const outside = await env.app.inject({ url: '/api/public/geo/lookup?lat=39.9&lon=116.4' });
    expect(outside.json()).toEqual({ inside: false, street: null, community: null, grid: null });
    const bad = await env.app.inject({ url: '/api/public/geo/lookup?lat=abc&lon=116.4' });
    expect(bad.json<ErrorBody>().error.details.fields).toEqual([expect.objectContaining({ field: 'lat' })]);
  });

  it('lets only the system administrator register group members, masked, protected at rest and audited', async () => {
    const body = { phone: '13512345678', name: '王委员', group: 'cppcc_member', note: '区政协委员' };
    for (const user of ['operator', 'secadmin']) {
      const refused = await env.app.inject({
        method: 'POST',
        url: '/api/citizen-groups/members',
        headers: { cookie: staff[user] as string },
        payload: body,
      });
      expect(refused.statusCode, user).toBe(403);
      expect(refused.json<ErrorBody>().error.details).toEqual({ missing: ['citizen_group.manage'] });
    }
    const created = await env.app.inject({
      method: 'POST',
      url: '/api/citizen-groups/members',
      headers: { cookie: staff.sysadmin as string },
      payload: body,
    });
    expect(created.statusCode).toBe(201);
    const member = created.json<Member>();
    expect(member).toMatchObject({ phone: '135****5678', name: '王委员', group: 'cppcc_member', note: '区政协委员' });
    const duplicate = await env.app.inject({
      method: 'POST',
      url: '/api/citizen-groups/members',
      headers: { cookie: staff.sysadmin as string },
      payload: body,
    });
    expect(duplicate.json<ErrorBody>().error.code).toBe('CONFLICT');
    const other = await env.app.inject({
      method: 'POST',
      url: '/api/citizen-groups/members',
      headers: { cookie: staff.sysadmin as string },
      payload: { phone: '13612345678', name: '赵女士', group: 'vulnerable' },
    });
    expect(other.statusCode).toBe(201);
    const badPhone = await env.app.inject({
      method: 'POST',
      url: '/api/citizen-groups/members',
      headers: { cookie: staff.sysadmin as string },
      payload: { ...body, phone: '12345' },
    });
    expect(badPhone.json<ErrorBody>().error.details.fields).toEqual([expect.objectContaining({ field: 'phone' })]);

    const list = await env.app.inject({
      url: '/api/citizen-groups/members?group=cppcc_member',
      headers: { cookie: staff.sysadmin as string },
    });
    expect(list.json<{ items: Member[] }>().items.map((m) => m.id)).toEqual([member.id]);
    const all = await env.app.inject({
      url: '/api/citizen-groups/members?limit=1',
      headers: { cookie: staff.sysadmin as string },
    });
    const first = all.json<{ items: Member[]; nextCursor: string | null }>();
    expect(first.items).toHaveLength(1);
    const next = await env.app.inject({
      url: `/api/citizen-groups/members?limit=1&cursor=${first.nextCursor ?? ''}`,
      headers: { cookie: staff.sysadmin as string },
    });
    expect([...first.items, ...next.json<{ items: Member[] }>().items].map((m) => m.name).sort()).toEqual(
      ['王委员', '赵女士'].sort(),
    );

    const rows = await env.database.handle.db.selectFrom('citizen_group_member').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain('13512345678');
    const audit = await env.database.handle.db
      .selectFrom('audit_event')
      .select(['action', 'after_json'])
      .where('subject_type', '=', 'citizen_group_member')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['citizen_group.member_added', 'citizen_group.member_added']);
    expect(JSON.stringify(audit)).not.toContain('13512345678');
    expect(JSON.stringify(audit)).not.toContain('王委员');

    const removed = await env.app.inject({
      method: 'DELETE',
      url: `/api/citizen-groups/members/${member.id}`,
      headers: { cookie: staff.sysadmin as string },
    });
    expect(removed.statusCode).toBe(204);
    const gone = await env.app.inject({
      method: 'DELETE',
      url: `/api/citizen-groups/members/${member.id}`,
      headers: { cookie: staff.sysadmin as string },
    });
    expect(gone.statusCode).toBe(404);
    const actions = await env.database.handle.db
      .selectFrom('audit_event')
      .select('action')
      .where('subject_id', '=', member.id)
      .orderBy('seq')
      .execute();
    expect(actions.map((a) => a.action)).toEqual(['citizen_group.member_added', 'citizen_group.member_removed']);
  });
});
