import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestEnv, signInAs, type ErrorBody, type TestEnv } from '../../../test/support/app.js';
import { actOk, categoryIdOf, getCase, outboxFor, pointInGrid, unitIdOf } from '../../../test/support/cases.js';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { citizenCookieFor, photo, submitPublic, uploadPublicPhoto } from './test-citizens.js';

interface Receipt {
  number: string;
  trackingUrl: string;
  trackingToken: string;
  requestType: string;
  acceptedAt: string;
  dueAt: string | null;
  timeLimit: { workingDays?: number; hours?: number };
  droppedAttachmentIds: string[];
}

interface ProgressView {
  number: string;
  nodes: { node: string; status: string }[];
  replies: { body: string; unitName: string | null; photos: { url: string }[] }[];
  resultPhotos: { id: string; url: string; thumbnailUrl: string }[];
  canRate: boolean;
  rating: unknown;
}

describeEachDatabase('reports and letters from the citizen portal', (dialect) => {
  let env: TestEnv;
  let point: { lat: number; lon: number };
  let citizen: string;
  const staff: Record<string, string> = {};

  const caseRow = (number: string) =>
    env.database.handle.db.selectFrom('case_record').selectAll().where('number', '=', number).executeTakeFirstOrThrow();
  const tagsOf = async (caseId: string) =>
    (await env.database.handle.db.selectFrom('case_tag').select('tag').where('case_id', '=', caseId).execute()).map(
      (t) => t.tag,
    );
  const report = (extra: Record<string, unknown> = {}) => ({
    requestType: 'complaint',
    description: '小区门口的人行道上有一处井盖缺失，晚上路过很危险。',
    location: { ...point, address: '坪山街道六和社区东纵路8号' },
    ...extra,
  });

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    point = await pointInGrid(env, '440310001001001');
    citizen = await citizenCookieFor(env.app, env.database.handle.db, '13800138000');
    for (const user of ['dispatcher', 'ps.handler', 'sysadmin', 'supervisor'])
      staff[user] = await signInAs(env.app, user);
  });
  afterAll(async () => env.close());

  it('takes a report with two photos by its upload key and drops a photo uploaded with another key', async () => {
    const key = 'upload-key-0001-abcdef';
    const mine = [await uploadPublicPhoto(env.app, key), await uploadPublicPhoto(env.app, key, await photo(80, 60))];
    for (const upload of mine) expect(upload.statusCode).toBe(201);
    const [first, second] = mine.map((r) => r.json<{ id: string; width: number; bytes: number }>());
    expect(first).toMatchObject({ width: 64, suggestedLocation: null });
    const foreign = (await uploadPublicPhoto(env.app, 'someone-elses-key-9999')).json<{ id: string }>();

    const response = await submitPublic(
      env.app,
      '/api/public/cases',
      report({
        categoryId: await categoryIdOf(env, '基础设施'),
        extraAnswers: { facility: 'manhole' },
        name: '陈女士',
        attachmentIds: [first?.id, foreign.id, second?.id],
        uploadKey: key,
      }),
      { cookie: citizen },
    );
    expect(response.statusCode).toBe(201);
    const receipt = response.json<Receipt>();
    expect(receipt.number).toMatch(/^PS20261125-\d{5}$/);
    expect(receipt).toMatchObject({
      requestType: 'complaint',
      acceptedAt: '2026-11-25T02:00:00.000Z',
      // Complaint, 5 working days from Wed 2026-11-25.
      dueAt: '2026-12-02T15:59:59.000Z',
      timeLimit: { workingDays: 5 },
      droppedAttachmentIds: [foreign.id],
    });
    expect(receipt.trackingUrl).toBe(`${env.config.publicBaseUrl}/portal/#/track/${receipt.trackingToken}`);

    const row = await caseRow(receipt.number);
    expect(row).toMatchObject({
      channel: 'web',
      reporter_phone: '13800138000',
      reporter_name: '陈女士',
      reporter_anonymous: 0,
      node: 'register',
      urgency: 'normal',
    });
    const attached = await env.database.handle.db
      .selectFrom('attachment')
      .select(['id', 'case_id'])
      .where('id', 'in', [first?.id ?? '', second?.id ?? '', foreign.id])
      .execute();
    expect(Object.fromEntries(attached.map((a) => [a.id, a.case_id]))).toEqual({
      [first?.id ?? '']: row.id,
      [second?.id ?? '']: row.id,
      [foreign.id]: null,
    });
    // The acceptance notice goes to the verified phone.
    expect((await outboxFor(env, row.id)).map((m) => [m.template, m.recipient])).toEqual([
      ['case_accepted', '13800138000'],
    ]);
    // The secret link follows the case.
    const tracked = await env.app.inject({
      method: 'POST',
      url: '/api/public/track',
      payload: { token: receipt.trackingToken },
    });
    expect(tracked.json<ProgressView>().number).toBe(receipt.number);
  });

  it('refuses a report without an Idempotency-Key, or without a session unless anonymous', async () => {
    const noKey = await submitPublic(env.app, '/api/public/cases', report(), { cookie: citizen, key: null });
    expect(noKey.statusCode).toBe(400);
    expect(noKey.json<ErrorBody>().error.details.fields).toEqual([
      expect.objectContaining({ field: 'Idempotency-Key' }),
    ]);
    const noSession = await submitPublic(env.app, '/api/public/cases', report());
    expect(noSession.statusCode).toBe(401);
    expect(noSession.json<ErrorBody>().error.code).toBe('UNAUTHENTICATED');
    const bad = await submitPublic(env.app, '/api/public/cases', report({ description: '短' }), { cookie: citizen });
    expect(bad.json<ErrorBody>().error.details.fields).toEqual([expect.objectContaining({ field: 'description' })]);
  });

  it('makes one case of a double submit, and replays the same receipt with the same secret link', async () => {
    const body = report({ description: '同一条反映被连续点了两次提交按钮，只应生成一张工单。' });
    const key = 'double-tap-key-0001';
    const [a, b] = await Promise.all([
      submitPublic(env.app, '/api/public/cases', body, { cookie: citizen, key }),
      submitPublic(env.app, '/api/public/cases', body, { cookie: citizen, key }),
    ]);
    for (const r of [a, b]) expect([201, 409]).toContain(r.statusCode);
    // After a dropped connection the phone retries: the same answer, marked as replayed.
    const retry = await submitPublic(env.app, '/api/public/cases', body, { cookie: citizen, key });
    expect(retry.statusCode).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    const firstAnswer = (a.statusCode === 201 ? a : b).json<Receipt>();
    expect(retry.json<Receipt>()).toEqual(firstAnswer);
    const cases = await env.database.handle.db
      .selectFrom('case_record')
      .select('number')
      .where('description', '=', body.description)
      .execute();
    expect(cases.map((c) => c.number)).toEqual([firstAnswer.number]);
    // The stored answer holds no secret: only its hash is anywhere in the database.
    const stored = await env.database.handle.db
      .selectFrom('idempotency_key')
      .select('response_body')
      .where('key', '=', key)
      .executeTakeFirstOrThrow();
    expect(stored.response_body).not.toContain(firstAnswer.trackingToken);
    // Another body under the same key is refused.
    const reused = await submitPublic(env.app, '/api/public/cases', report(), { cookie: citizen, key });
    expect(reused.json<ErrorBody>().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('keeps no phone or name with an anonymous report, which only its secret link follows', async () => {
    const response = await submitPublic(
      env.app,
      '/api/public/cases',
      report({ anonymous: true, name: '不该保存', description: '匿名反映：夜间施工噪音很大，影响休息。' }),
    );
    expect(response.statusCode).toBe(201);
    const receipt = response.json<Receipt>();
    const row = await caseRow(receipt.number);
    expect(row).toMatchObject({ reporter_phone: null, reporter_name: null, reporter_anonymous: 1 });
    expect(await outboxFor(env, row.id)).toEqual([]);
    const byToken = await env.app.inject({
      method: 'POST',
      url: '/api/public/track',
      payload: { token: receipt.trackingToken },
    });
    expect(byToken.statusCode).toBe(200);
    const mine = await env.app.inject({ url: '/api/public/my-cases', headers: { cookie: citizen } });
    expect(mine.json<{ items: { number: string }[] }>().items.map((i) => i.number)).not.toContain(receipt.number);
  });

  it('tags a group member’s report and marks it urgent; the group entrance refuses others', async () => {
    const refused = await submitPublic(env.app, '/api/public/cases', report({ entrance: 'group' }), {
      cookie: citizen,
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json<ErrorBody>().error.code).toBe('FORBIDDEN');

    const added = await env.app.inject({
      method: 'POST',
      url: '/api/citizen-groups/members',
      headers: { cookie: staff.sysadmin as string },
      payload: { phone: '13700137000', name: '刘代表', group: 'npc_deputy', note: '区人大代表' },
    });
    expect(added.statusCode).toBe(201);
    const deputy = await citizenCookieFor(env.app, env.database.handle.db, '13700137000');
    const session = await env.app.inject({ url: '/api/public/session', headers: { cookie: deputy } });
    expect(session.json<{ groups: string[] }>().groups).toEqual(['npc_deputy']);

    const response = await submitPublic(
      env.app,
      '/api/public/cases',
      report({ entrance: 'group', description: '代表反映：东纵路公交站台雨棚破损，需尽快修复。' }),
      { cookie: deputy },
    );
    expect(response.statusCode).toBe(201);
    const row = await caseRow(response.json<Receipt>().number);
    expect(row.urgency).toBe('urgent');
    expect((await tagsOf(row.id)).sort()).toEqual(['两代表一委员', '重点督办'].sort());
    // The supervisors' lists find it by the key-supervision tag.
    const search = await env.app.inject({
      url: '/api/cases/search?tag=重点督办',
      headers: { cookie: staff.supervisor as string },
    });
    expect(search.json<{ items: { number: string }[] }>().items.map((i) => i.number)).toContain(row.number);
  });

  it('sends a mailbox letter, without a location, to the leader office’s inbox', async () => {
    const response = await submitPublic(
      env.app,
      '/api/public/mailbox',
      {
        subject: '关于增设社区图书室的建议',
        description: '建议在六和社区党群服务中心增设一间24小时开放的图书室，方便居民阅读。',
      },
      { cookie: citizen },
    );
    expect(response.statusCode).toBe(201);
    const receipt = response.json<Receipt>();
    expect(receipt).toMatchObject({ requestType: 'suggestion', timeLimit: { workingDays: 3 } });
    const row = await caseRow(receipt.number);
    const office = await unitIdOf(env, env.config.portal.mailboxUnitCode);
    expect(row).toMatchObject({
      channel: 'mailbox',
      title: '关于增设社区图书室的建议',
      lat: null,
      street_id: null,
      lead_unit_id: office,
      node: 'sign',
      reporter_phone: '13800138000',
    });

    // The demo district's account in the leader's office.
    const handler = await signInAs(env.app, 'ldbgs.handler');
    const inbox = await env.app.inject({ url: '/api/cases/inbox?tab=to_sign', headers: { cookie: handler } });
    expect(inbox.json<{ items: { number: string }[] }>().items.map((i) => i.number)).toEqual([receipt.number]);

    const anonymous = await submitPublic(env.app, '/api/public/mailbox', {
      subject: '匿名来信',
      description: '反映某单位工作人员办事推诿的情况，希望领导关注并督促整改。',
      anonymous: true,
    });
    expect(anonymous.statusCode).toBe(201);
    expect(await caseRow(anonymous.json<Receipt>().number)).toMatchObject({
      reporter_phone: null,
      reporter_anonymous: 1,
      lead_unit_id: office,
    });
  });

  it('lists only the verified phone’s own cases, and shows another’s case to no one', async () => {
    const other = await citizenCookieFor(env.app, env.database.handle.db, '13900139000');
    const theirs = (
      await submitPublic(
        env.app,
        '/api/public/cases',
        report({ description: '另一位市民反映：路灯不亮已经一周了。' }),
        {
          cookie: other,
        },
      )
    ).json<Receipt>();
    const mine = await env.app.inject({ url: '/api/public/my-cases', headers: { cookie: citizen } });
    expect(mine.statusCode).toBe(200);
    const page = mine.json<{ items: { number: string; acceptedAt: string; canRate: boolean }[]; nextCursor: null }>();
    const numbers = page.items.map((i) => i.number);
    expect(numbers.length).toBeGreaterThanOrEqual(3);
    expect(numbers).not.toContain(theirs.number);
    for (const number of numbers) expect((await caseRow(number)).reporter_phone).toBe('13800138000');
    expect([...numbers].sort().reverse()).toEqual(numbers);
    expect(page.nextCursor).toBeNull();

    const peek = await env.app.inject({ url: `/api/public/my-cases/${theirs.number}`, headers: { cookie: citizen } });
    expect(peek.statusCode).toBe(404);
    const own = await env.app.inject({ url: `/api/public/my-cases/${theirs.number}`, headers: { cookie: other } });
    expect(own.statusCode).toBe(200);
    const noSession = await env.app.inject({ url: '/api/public/my-cases' });
    expect(noSession.statusCode).toBe(401);
  });

  it('shows progress without staff names or internal notes, and takes the rating on the session', async () => {
    const receipt = (
      await submitPublic(
        env.app,
        '/api/public/cases',
        report({
          categoryId: await categoryIdOf(env, '城管执法'),
          description: '东纵路口每晚有流动摊贩占道经营，影响行人通行。',
        }),
        { cookie: citizen },
      )
    ).json<Receipt>();
    const row = await caseRow(receipt.number);
    const street = await unitIdOf(env, '440310001');
    await actOk(env.app, staff.dispatcher as string, row.id, 'dispatch', { leadUnitId: street });
    await actOk(env.app, staff['ps.handler'] as string, row.id, 'sign');
    await actOk(env.app, staff['ps.handler'] as string, row.id, 'note', { body: '内部备注：摊主系屡次违规人员。' });
    await actOk(env.app, staff['ps.handler'] as string, row.id, 'feedback', {
      result: '执法队员已劝离摊贩并登记在案。',
      reply: '您好，您反映的占道经营问题已处理，街道将加强夜间巡查。',
    });
    const detail = await getCase(env.app, staff.dispatcher as string, row.id);
    expect(detail.node).toBe('return_visit');

    const view = await env.app.inject({ url: `/api/public/my-cases/${receipt.number}`, headers: { cookie: citizen } });
    expect(view.statusCode).toBe(200);
    const body = view.json<ProgressView>();
    expect(body.replies).toEqual([
      expect.objectContaining({ body: '您好，您反映的占道经营问题已处理，街道将加强夜间巡查。', unitName: '坪山街道' }),
    ]);
    expect(body.canRate).toBe(true);
    for (const secret of ['内部备注', '执法队员已劝离', '黄伟', 'ps.handler', '李强', '13800138000', '陈女士']) {
      expect(view.body).not.toContain(secret);
    }

    const listed = await env.app.inject({ url: '/api/public/my-cases', headers: { cookie: citizen } });
    expect(
      listed.json<{ items: { number: string; canRate: boolean }[] }>().items.find((i) => i.number === receipt.number),
    ).toMatchObject({ canRate: true });

    // The session is the identity: no number + digits, no token.
    const rated = await env.app.inject({
      method: 'POST',
      url: `/api/public/cases/${receipt.number}/rating`,
      headers: { cookie: citizen },
      payload: { speed: 5, result: 4, attitude: 5, experience: 4, comment: '处理及时' },
    });
    expect(rated.statusCode).toBe(201);
    expect(rated.json<ProgressView>()).toMatchObject({ canRate: false, rating: { result: 4, comment: '处理及时' } });
    const twice = await env.app.inject({
      method: 'POST',
      url: `/api/public/cases/${receipt.number}/rating`,
      headers: { cookie: citizen },
      payload: { speed: 1, result: 1, attitude: 1, experience: 1 },
    });
    expect(twice.json<ErrorBody>().error.code).toBe('ALREADY_RATED');
    // Another citizen's session does not rate it, nor does no session at all.
    const other = await citizenCookieFor(env.app, env.database.handle.db, '13600136000');
    const foreign = await env.app.inject({
      method: 'POST',
      url: `/api/public/cases/${receipt.number}/rating`,
      headers: { cookie: other },
      payload: { speed: 1, result: 1, attitude: 1, experience: 1 },
    });
    expect(foreign.statusCode).toBe(404);
    const anonymous = await env.app.inject({
      method: 'POST',
      url: `/api/public/cases/${receipt.number}/rating`,
      payload: { speed: 1, result: 1, attitude: 1, experience: 1 },
    });
    expect(anonymous.statusCode).toBe(401);

    // Closed, it can be reopened on the session too, with a reason.
    const operator = await signInAs(env.app, 'operator');
    await actOk(env.app, operator, row.id, 'visit', { solved: true, satisfaction: 'satisfied', note: '市民确认' });
    await actOk(env.app, staff.dispatcher as string, row.id, 'close', { note: '办结' });
    expect((await caseRow(receipt.number)).status).toBe('closed');
    const reopened = await env.app.inject({
      method: 'POST',
      url: `/api/public/cases/${receipt.number}/reopen`,
      headers: { cookie: citizen },
      payload: { reason: '摊贩又回来了' },
    });
    expect(reopened.statusCode).toBe(200);
    expect(await caseRow(receipt.number)).toMatchObject({ status: 'open', reopen_count: 1 });
  });

  it('refuses uploads without a key, too large and of the wrong kind', async () => {
    const noKey = await env.app.inject({
      method: 'POST',
      url: '/api/public/attachments',
      headers: { 'content-type': 'image/png' },
      payload: await photo(),
    });
    expect(noKey.statusCode).toBe(400);
    expect(noKey.json<ErrorBody>().error.details.fields).toEqual([expect.objectContaining({ field: 'X-Upload-Key' })]);
    const shortKey = await uploadPublicPhoto(env.app, 'short');
    expect(shortKey.statusCode).toBe(400);
    const big = await uploadPublicPhoto(env.app, 'upload-key-large-0001', Buffer.alloc(11 * 1024 * 1024, 1));
    expect(big.statusCode).toBe(413);
    expect(big.json<ErrorBody>().error.code).toBe('PAYLOAD_TOO_LARGE');
    const gif = await uploadPublicPhoto(
      env.app,
      'upload-key-gif-00001',
      Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'),
    );
    expect(gif.statusCode).toBe(415);
    expect(gif.json<ErrorBody>().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});
