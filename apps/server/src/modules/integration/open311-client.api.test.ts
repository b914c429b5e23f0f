import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestEnv, signInAs, type TestEnv } from '../../../test/support/app.js';
import { actOk, categoryIdOf, createCaseOk, getCase, pointInGrid, unitIdOf } from '../../../test/support/cases.js';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { createClientOk } from '../../../test/support/integration.js';
import { pullOpen311Updates, sendDueOpen311 } from './index.js';

/**
 * A minimal GeoReport v2 server of an external unit (the water utility), on 127.0.0.1: POST
 * requests.json with api_key, GET requests.json by service_request_id, and a switch to refuse.
 */
class FakeGeoReportServer {
  readonly posted: URLSearchParams[] = [];
  readonly requests = new Map<string, { status: string; status_notes: string; updated_datetime: string }>();
  /** What POST answers: 200 with an id, or an Open311 error. */
  postStatus = 200;
  private server: http.Server | null = null;
  private next = 1001;
  port = 0;

  async start(): Promise<void> {
    const server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        const url = new URL(request.url ?? '/', 'http://localhost');
        const json = (status: number, body: unknown) => {
          response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
          response.end(JSON.stringify(body));
        };
        if (request.method === 'POST' && url.pathname === '/open311/v2/requests.json') {
          const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
          if (form.get('api_key') !== 'EXT-KEY') return json(403, [{ code: 403, description: 'Invalid api_key' }]);
          if (this.postStatus !== 200)
            return json(this.postStatus, [{ code: this.postStatus, description: 'service_code WATER-X unknown' }]);
          this.posted.push(form);
          const id = `W-${this.next++}`;
          this.requests.set(id, { status: 'open', status_notes: '', updated_datetime: '2026-11-25T10:00:00+08:00' });
          return json(200, [{ service_request_id: id, service_notice: '已收到' }]);
        }
        if (request.method === 'GET' && url.pathname === '/open311/v2/requests.json') {
          const ids = (url.searchParams.get('service_request_id') ?? '').split(',');
          return json(
            200,
            ids.flatMap((id) => {
              const r = this.requests.get(id);
              return r ? [{ service_request_id: id, service_code: 'WATER-LEAK', ...r }] : [];
            }),
          );
        }
        return json(404, [{ code: 404, description: 'not found' }]);
      });
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', () => resolve()));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}/open311/v2`;
  }
}

describeEachDatabase('the Open311 client for units handled in an external GeoReport v2 system', (dialect) => {
  let env: TestEnv;
  let sys: string;
  let operator: string;
  let dispatcher: string;
  let clientId: string;
  let waterUnit: string;
  let point: { lat: number; lon: number };
  let itemCode: string;
  const external = new FakeGeoReportServer();

  const sendOf = (caseId: string) =>
    env.database.handle.db
      .selectFrom('open311_send')
      .selectAll()
      .where('case_id', '=', caseId)
      .executeTakeFirstOrThrow();
  const actions = async (caseId: string) =>
    (await env.app.inject({ url: `/api/cases/${caseId}/timeline`, headers: { cookie: dispatcher } })).json<{
      items: { action: string; reason: string | null; actorName: string }[];
    }>().items;
  const dispatchedCase = async (description: string) => {
    const created = await createCaseOk(env.app, operator, {
      channel: 'hotline',
      requestType: 'report',
      description,
      categoryId: await categoryIdOf(env, '城管执法'),
      location: { ...point, address: '坪山街道某路口' },
      reporter: { name: '赵女士', phone: '13700137000' },
    });
    await actOk(env.app, dispatcher, created.id, 'dispatch', { leadUnitId: waterUnit });
    return created;
  };

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    sys = await signInAs(env.app, 'sysadmin');
    operator = await signInAs(env.app, 'operator');
    dispatcher = await signInAs(env.app, 'dispatcher');
    point = await pointInGrid(env, '440310001001001');
    waterUnit = await unitIdOf(env, 'EXT.WATER');
    itemCode = (
      await env.database.handle.db
        .selectFrom('category')
        .select('code')
        .where('id', '=', await categoryIdOf(env, '城管执法'))
        .executeTakeFirstOrThrow()
    ).code;
    await external.start();
    const client = await createClientOk(env, sys, {
      name: '水务集团工单系统',
      kind: 'external_unit',
      unitId: waterUnit,
    });
    expect(client.channels).toEqual([]);
    clientId = client.id;
    const configured = await env.app.inject({
      method: 'PUT',
      url: `/api/integration/clients/${clientId}/external-unit`,
      headers: { cookie: sys },
      payload: {
        endpoint: `${external.endpoint}/`,
        apiKey: 'EXT-KEY',
        jurisdictionId: 'water.example',
        serviceCodes: { [itemCode]: 'PIPE-BURST' },
        defaultServiceCode: 'WATER-LEAK',
      },
    });
    expect(configured.statusCode).toBe(200);
    expect(configured.json()).toMatchObject({ endpoint: external.endpoint, hasApiKey: true, sendContact: false });
    expect(configured.body).not.toContain('EXT-KEY');
  });
  afterAll(async () => {
    await external.stop();
    await env.close();
  });

  it('posts a case dispatched to the unit there, retrying while the system is down, and signs for the unit', async () => {
    await external.stop();
    const created = await dispatchedCase('路口消防栓漏水，水流到马路上');
    expect(await sendOf(created.id)).toMatchObject({ send_state: 'unprocessed', attempts: 0 });
    expect(await sendDueOpen311(env.app.deps)).toMatchObject({ sent: 0, retried: 1 });
    const waiting = await sendOf(created.id);
    expect(waiting).toMatchObject({ send_state: 'unprocessed', attempts: 1 });
    expect(waiting.last_error).toMatch(/ECONNREFUSED|failed/);
    // The case's own state is untouched by the delivery trouble.
    expect((await getCase(env.app, dispatcher, created.id)).node).toBe('sign');
    await external.start();
    expect(await sendDueOpen311(env.app.deps)).toMatchObject({ sent: 0 });
    env.clock.advance(31_000);
    expect(await sendDueOpen311(env.app.deps)).toMatchObject({ sent: 1 });
    const sent = await sendOf(created.id);
    expect(sent).toMatchObject({ send_state: 'sent', attempts: 2, external_id: 'W-1001' });
    const form = external.posted.at(-1);
    expect(form?.get('service_code')).toBe('PIPE-BURST');
    expect(form?.get('jurisdiction_id')).toBe('water.example');
    expect(form?.get('lat')).toBe(String(point.lat));
    expect(form?.get('description')).toContain(created.number);
    expect(form?.get('phone')).toBeNull();
    expect(form?.toString()).not.toContain('13700137000');
    const detail = await getCase(env.app, dispatcher, created.id);
    expect(detail.node).toBe('handle');
    expect(detail.assignments.find((a) => a.unit?.code === 'EXT.WATER')?.status).toBe('signed');
    expect((await actions(created.id)).map((e) => e.action)).toEqual(
      expect.arrayContaining(['case.sent_to_external', 'case.signed']),
    );
  });

  it('pulls the external system’s updates into the timeline once each, and its close becomes the unit’s feedback', async () => {
    const created = await dispatchedCase('小区供水管爆裂');
    env.clock.advance(1000);
    await sendDueOpen311(env.app.deps);
    const externalId = (await sendOf(created.id)).external_id ?? '';
    external.requests.set(externalId, {
      status: 'open',
      status_notes: '已派抢修队前往现场',
      updated_datetime: '2026-11-25T10:30:00+08:00',
    });
    expect(await pullOpen311Updates(env.app.deps)).toMatchObject({ updates: 1, errors: 0 });
    expect(await pullOpen311Updates(env.app.deps)).toMatchObject({ updates: 0 });
    let timeline = await actions(created.id);
    expect(timeline.filter((e) => e.action === 'case.external_updated').map((e) => e.reason)).toEqual([
      '已派抢修队前往现场',
    ]);
    external.requests.set(externalId, {
      status: 'closed',
      status_notes: '管道已修复，恢复供水',
      updated_datetime: '2026-11-25T12:00:00+08:00',
    });
    expect(await pullOpen311Updates(env.app.deps)).toMatchObject({ updates: 1 });
    timeline = await actions(created.id);
    expect(timeline.map((e) => e.action)).toEqual(expect.arrayContaining(['case.external_updated', 'case.fed_back']));
    expect(timeline.find((e) => e.action === 'case.fed_back')?.actorName).toBe('client:水务集团工单系统');
    const detail = await getCase(env.app, dispatcher, created.id);
    expect(detail.assignments.find((a) => a.unit?.code === 'EXT.WATER')?.status).toBe('fed_back');
    expect(detail.internal.find((e) => e.kind === 'feedback')?.body).toBe('管道已修复，恢复供水');
    expect(await sendOf(created.id)).toMatchObject({ external_status: 'closed' });
    // A closed request is no longer pulled.
    external.requests.delete(externalId);
    expect(await pullOpen311Updates(env.app.deps)).toMatchObject({ errors: 0, updates: 0 });
  });

  it('fails at once when the external system refuses the request, until an administrator retries it', async () => {
    external.postStatus = 400;
    const created = await dispatchedCase('水表井盖缺失');
    env.clock.advance(1000);
    expect(await sendDueOpen311(env.app.deps)).toMatchObject({ failed: 1 });
    const failed = await sendOf(created.id);
    expect(failed).toMatchObject({ send_state: 'failed', attempts: 1 });
    expect(failed.last_error).toContain('service_code WATER-X unknown');
    const list = await env.app.inject({ url: '/api/integration/open311-sends?state=failed', headers: { cookie: sys } });
    expect(list.json<{ items: { id: string; caseNumber: string }[] }>().items).toEqual([
      expect.objectContaining({ id: failed.id, caseNumber: created.number }),
    ]);
    external.postStatus = 200;
    const retried = await env.app.inject({
      method: 'POST',
      url: `/api/integration/open311-sends/${failed.id}/retry`,
      headers: { cookie: sys },
    });
    expect(retried.statusCode, retried.body).toBe(200);
    expect(retried.json()).toMatchObject({ sendState: 'unprocessed', attempts: 0 });
    expect(await sendDueOpen311(env.app.deps)).toMatchObject({ sent: 1 });
    const twice = await env.app.inject({
      method: 'POST',
      url: `/api/integration/open311-sends/${failed.id}/retry`,
      headers: { cookie: sys },
    });
    expect(twice.statusCode).toBe(409);
  });
});
