import type { CategorySearchHit } from '@citydesk/shared';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestEnv, signInAs, type TestEnv } from '../../../test/support/app.js';
import { describeEachDatabase } from '../../../test/support/databases.js';

describeEachDatabase('searching the catalogue by pinyin', (dialect) => {
  let env: TestEnv;
  let sys: string;
  let operator: string;
  beforeAll(async () => {
    env = await createTestEnv(dialect);
    sys = await signInAs(env.app, 'sysadmin');
    operator = await signInAs(env.app, 'operator');
  });
  afterAll(async () => env.close());

  const search = async (q: string, cookie = operator) => {
    const response = await env.app.inject({
      url: `/api/catalogue/items?q=${encodeURIComponent(q)}`,
      headers: { cookie },
    });
    expect(response.statusCode).toBe(200);
    return response.json<{ items: CategorySearchHit[] }>().items;
  };

  it('finds 占道经营 items by the initials zdjy, with the matching keyword and the group names', async () => {
    const hits = await search('zdjy');
    expect(hits[0]).toMatchObject({
      name: '城管执法',
      matchedBy: 'pinyin_keyword',
      matchedKeyword: '占道经营',
      pathNames: ['城乡建设', '城市建设和市政管理'],
    });
  });

  it('finds items by full pinyin and by Chinese text, name matches first', async () => {
    expect((await search('chengguan')).map((h) => h.name)).toContain('城管执法');
    const hits = await search('噪音');
    expect(hits[0]).toMatchObject({ name: '噪音污染', matchedBy: 'name' });
    expect((await search('乱摆卖'))[0]).toMatchObject({ name: '城管执法', matchedBy: 'keyword' });
  });

  it('sees a renamed item and new keywords at once, and leaves out deactivated items', async () => {
    const [item] = await search('城管执法');
    expect(item).toBeDefined();
    const patch = await env.app.inject({
      method: 'PATCH',
      url: `/api/catalogue/items/${item?.id}`,
      headers: { cookie: sys },
      payload: { keywords: ['共享单车'] },
    });
    expect(patch.statusCode).toBe(200);
    expect((await search('gxdc')).map((h) => h.name)).toContain('城管执法');
    expect((await search('zdjy')).map((h) => h.name)).not.toContain('城管执法');
    await env.app.inject({
      method: 'PATCH',
      url: `/api/catalogue/items/${item?.id}`,
      headers: { cookie: sys },
      payload: { active: false },
    });
    expect((await search('cgzf')).map((h) => h.name)).not.toContain('城管执法');
  });

  it('refuses a caller without a session', async () => {
    const response = await env.app.inject({ url: '/api/catalogue/items?q=zdjy' });
    expect(response.statusCode).toBe(401);
  });
});
