import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestEnv, signInAs, type ErrorBody, type TestEnv } from '../../../test/support/app.js';
import { categoryIdOf, getCase, pointInGrid } from '../../../test/support/cases.js';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { createClientOk, rotateSecretOk, signedPost } from '../../../test/support/integration.js';
import { jpegImage } from '../media/test-images.js';

describeEachDatabase('camera AI events', (dialect) => {
  let env: TestEnv;
  let sys: string;
  let dispatcher: string;
  let camera: { clientId: string; secret: string };
  let point: { lat: number; lon: number };
  let snapshot: string;
  let eventSeq = 0;

  const event = (extra: Record<string, unknown> = {}) => ({
    eventId: `EV-${++eventSeq}`,
    cameraId: 'CAM-PS-0001',
    eventType: '占道经营',
    confidence: 0.92,
    occurredAt: env.clock.now().toISOString(),
    location: { ...point, address: '坪山大道与东纵路交叉口' },
    snapshot,
    ...extra,
  });
  const post = (body: unknown) => signedPost(env, '/api/integration/inbound/camera-events', camera, body);
  const eventsOf = (caseId: string) =>
    env.database.handle.db.selectFrom('camera_event').selectAll().where('case_id', '=', caseId).execute();

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    sys = await signInAs(env.app, 'sysadmin');
    dispatcher = await signInAs(env.app, 'dispatcher');
    point = await pointInGrid(env, '440310002001001');
    snapshot = (await jpegImage(160, 120)).toString('base64');
    const client = await createClientOk(env, sys, { name: '坪山区视频智能分析平台', kind: 'camera_system' });
    expect(client.channels).toEqual(['video_ai']);
    camera = { clientId: client.id, secret: await rotateSecretOk(env, sys, client.id) };
    const item = await env.database.handle.db
      .selectFrom('category')
      .select('code')
      .where('id', '=', await categoryIdOf(env, '城管执法'))
      .executeTakeFirstOrThrow();
    await env.app.inject({
      method: 'PUT',
      url: `/api/integration/clients/${client.id}/category-mappings`,
      headers: { cookie: sys },
      payload: { items: [{ externalCode: '占道经营', categoryCode: item.code }] },
    });
    const settings = await env.app.inject({
      method: 'PUT',
      url: `/api/integration/clients/${client.id}/camera-settings`,
      headers: { cookie: sys },
      payload: { minConfidence: 0.8, mergeWindowMinutes: 30 },
    });
    expect(settings.json()).toMatchObject({
      minConfidence: 0.8,
      mergeWindowMinutes: 30,
      source: { minConfidence: 'client' },
    });
  });
  afterAll(async () => env.close());

  it('keeps an event below the confidence threshold without opening a case or keeping its picture', async () => {
    const before = await env.database.handle.db
      .selectFrom('case_record')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const response = await post(event({ confidence: 0.55 }));
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ outcome: 'below_threshold', caseId: null });
    const after = await env.database.handle.db
      .selectFrom('case_record')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
    const stored = await env.database.handle.db
      .selectFrom('camera_event')
      .selectAll()
      .where('event_id', '=', `EV-${eventSeq}`)
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ outcome: 'below_threshold', case_id: null, attachment_id: null });
  });

  it('makes one case of ten events of one camera and type within the window, with all ten events and pictures', async () => {
    const answers: { outcome: string; caseId: string | null }[] = [];
    for (let i = 0; i < 10; i++) {
      const response = await post(event());
      expect(response.statusCode).toBe(201);
      answers.push(response.json());
      env.clock.advance(2 * 60_000);
    }
    expect(answers.map((a) => a.outcome)).toEqual(['opened', ...Array<string>(9).fill('joined')]);
    const caseId = answers[0]?.caseId ?? '';
    expect(new Set(answers.map((a) => a.caseId))).toEqual(new Set([caseId]));
    expect(await eventsOf(caseId)).toHaveLength(10);
    const detail = await getCase(env.app, dispatcher, caseId);
    expect(detail).toMatchObject({ channel: 'video_ai', requestType: 'report' });
    expect((detail.category as { id: string } | null)?.id).toBe(await categoryIdOf(env, '城管执法'));
    const pictures = await env.database.handle.db
      .selectFrom('attachment')
      .select('id')
      .where('case_id', '=', caseId)
      .execute();
    expect(pictures).toHaveLength(10);
    const timeline = await env.app.inject({ url: `/api/cases/${caseId}/timeline`, headers: { cookie: dispatcher } });
    const actions = timeline.json<{ items: { action: string }[] }>().items.map((e) => e.action);
    expect(actions.filter((a) => a === 'case.camera_event_joined')).toHaveLength(9);
  });

  it('opens a new case after the window, and for another camera or type, and stores a repeated event once', async () => {
    const first = (await post(event({ cameraId: 'CAM-PS-0002' }))).json<{ caseId: string; id: string }>();
    env.clock.advance(31 * 60_000);
    // Staff sessions end after 30 idle minutes of the moved clock.
    [sys, dispatcher] = [await signInAs(env.app, 'sysadmin'), await signInAs(env.app, 'dispatcher')];
    const later = (await post(event({ cameraId: 'CAM-PS-0002' }))).json<{ caseId: string; outcome: string }>();
    expect(later.outcome).toBe('opened');
    expect(later.caseId).not.toBe(first.caseId);
    const otherType = (await post(event({ cameraId: 'CAM-PS-0002', eventType: '暴露垃圾' }))).json<{
      caseId: string;
      outcome: string;
    }>();
    expect(otherType.outcome).toBe('opened');
    expect(otherType.caseId).not.toBe(later.caseId);
    // The unmapped event type waits at the dispatch desk.
    expect((await getCase(env.app, dispatcher, otherType.caseId)).node).toBe('register');
    const lastId = `EV-${eventSeq}`;
    const repeated = await post(event({ cameraId: 'CAM-PS-0002', eventType: '暴露垃圾', eventId: lastId }));
    expect(repeated.statusCode).toBe(200);
    expect(repeated.json()).toMatchObject({ duplicate: true, caseId: otherType.caseId });
  });

  it('refuses a camera event from a client not allowed the video_ai channel, and a broken snapshot', async () => {
    const platform = await createClientOk(env, sys, { name: '另一个平台', kind: 'platform' });
    const secret = await rotateSecretOk(env, sys, platform.id);
    const refused = await signedPost(
      env,
      '/api/integration/inbound/camera-events',
      { clientId: platform.id, secret },
      event(),
    );
    expect(refused.statusCode).toBe(403);
    const broken = await post(event({ snapshot: Buffer.from('not an image at all').toString('base64') }));
    expect(broken.statusCode).toBe(415);
    expect(broken.json<ErrorBody>().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const invalid = await post(event({ confidence: 1.5, location: { lat: 95, lon: 114 } }));
    expect(invalid.statusCode).toBe(400);
    const fields = (invalid.json<ErrorBody>().error.details.fields as { field: string }[]).map((f) => f.field).sort();
    expect(fields).toEqual(['confidence', 'location.lat']);
  });
});
