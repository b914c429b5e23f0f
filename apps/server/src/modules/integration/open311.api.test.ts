import type { AddressInfo } from 'node:net';
import { Ajv, type ValidateFunction } from 'ajv';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestEnv, signInAs, type TestEnv } from '../../../test/support/app.js';
import { actOk, pointInGrid, unitIdOf } from '../../../test/support/cases.js';
import { describeEachDatabase } from '../../../test/support/databases.js';
import { createClientOk, issueKeyOk } from '../../../test/support/integration.js';
import { jpegImage } from '../media/test-images.js';

// ---------------------------------------------------------------------------------------------
// The shapes of GeoReport v2 (https://wiki.open311.org/GeoReport_v2), Service Discovery and
// FixMyStreet's servicerequestupdates, written from the specification's field lists. Every
// object is closed (additionalProperties: false): a field the spec does not define fails.

const w3c = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(Z|[+-]\\d{2}:\\d{2})$' };
const text = { type: 'string' };
const optionalText = { type: ['string', 'null'] };
const closed = (properties: Record<string, unknown>, required: string[] = Object.keys(properties)) => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
});
const arrayOf = (items: unknown, minItems = 0) => ({ type: 'array', items, minItems });

const schemas = {
  discovery: closed({
    changeset: text,
    contact: text,
    key_service: text,
    endpoints: arrayOf(
      closed({
        specification: { const: 'http://wiki.open311.org/GeoReport_v2' },
        url: text,
        changeset: text,
        type: { enum: ['production', 'test'] },
        formats: arrayOf({ enum: ['text/xml', 'application/json'] }, 1),
      }),
      1,
    ),
  }),
  services: arrayOf(
    closed({
      service_code: text,
      service_name: text,
      description: text,
      metadata: { type: 'boolean' },
      type: { enum: ['realtime', 'batch', 'blackbox'] },
      keywords: text,
      group: text,
    }),
    1,
  ),
  definition: closed({
    service_code: text,
    attributes: arrayOf(
      closed(
        {
          variable: { type: 'boolean' },
          code: text,
          datatype: { enum: ['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist'] },
          required: { type: 'boolean' },
          datatype_description: optionalText,
          order: { type: 'integer', minimum: 1 },
          description: text,
          values: arrayOf(closed({ key: text, name: text }), 1),
        },
        ['variable', 'code', 'datatype', 'required', 'datatype_description', 'order', 'description'],
      ),
    ),
  }),
  created: arrayOf(
    closed({ service_request_id: text, service_notice: optionalText, account_id: optionalText }, [
      'service_request_id',
    ]),
    1,
  ),
  requests: (withNotes: boolean) =>
    arrayOf(
      closed(
        {
          service_request_id: text,
          status: { enum: ['open', 'closed'] },
          status_notes: optionalText,
          service_name: optionalText,
          service_code: optionalText,
          description: optionalText,
          agency_responsible: optionalText,
          service_notice: optionalText,
          requested_datetime: w3c,
          updated_datetime: w3c,
          expected_datetime: { anyOf: [w3c, { type: 'null' }] },
          address: optionalText,
          address_id: optionalText,
          zipcode: optionalText,
          lat: { type: ['number', 'null'] },
          long: { type: ['number', 'null'] },
          media_url: optionalText,
          ...(withNotes ? { notes: arrayOf(closed({ datetime: w3c, description: text, type: text })) } : {}),
        },
        ['service_request_id', 'status', 'requested_datetime', 'updated_datetime', ...(withNotes ? ['notes'] : [])],
      ),
    ),
  token: arrayOf(closed({ service_request_id: text, token: text }), 1),
  errors: arrayOf(closed({ code: { type: 'integer' }, description: text }), 1),
  updates: arrayOf(
    closed({
      update_id: text,
      service_request_id: text,
      status: {
        enum: [
          'OPEN',
          'INVESTIGATING',
          'IN_PROGRESS',
          'ACTION_SCHEDULED',
          'FIXED',
          'CLOSED',
          'DUPLICATE',
          'NOT_COUNCILS_RESPONSIBILITY',
          'NO_FURTHER_ACTION',
          'INTERNAL_REFERRAL',
        ],
      },
      updated_datetime: w3c,
      description: optionalText,
      media_url: optionalText,
    }),
  ),
  updateCreated: arrayOf(closed({ update_id: text }), 1),
};

const ajv = new Ajv({ allErrors: true, strict: true });
const validators = new Map<unknown, ValidateFunction>();
function expectShape(schema: object, value: unknown): void {
  let validate = validators.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    validators.set(schema, validate);
  }
  expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
}

/** Elements the spec repeats inside a container (XML lists, JSON arrays by the Spark convention). */
const listItems = new Set([
  'service',
  'attribute',
  'value',
  'request',
  'error',
  'endpoint',
  'format',
  'note',
  'request_update',
]);
const containers = new Set([
  'services',
  'attributes',
  'values',
  'service_requests',
  'errors',
  'endpoints',
  'formats',
  'notes',
  'service_request_updates',
]);
const xml = new XMLParser({ parseTagValue: false, isArray: (name) => listItems.has(name) });

/** The XML answer read back by the Spark convention: what its JSON twin must equal (scalars as text). */
function sparkOfXml(node: unknown, name: string): unknown {
  if (node === '' || node === undefined) return containers.has(name) ? [] : null;
  if (typeof node === 'string') return node;
  if (typeof node !== 'object' || node === null) throw new Error(`unexpected XML value ${typeof node}`);
  const entries = Object.entries(node as Record<string, unknown>);
  const [only] = entries;
  if (containers.has(name) && entries.length === 1 && only && listItems.has(only[0])) {
    return (only[1] as unknown[]).map((item) => sparkOfXml(item, only[0]));
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, sparkOfXml(v, k)]));
}
const asText = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.map(asText)
    : value !== null && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, asText(v)]))
      : // An empty element is both "" and null in XML: compare them as null.
        value !== '' && (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
        ? String(value)
        : null;

describeEachDatabase('the Open311 GeoReport v2 server over real HTTP', (dialect) => {
  let env: TestEnv;
  let base: string;
  let key: string;
  let sys: string;
  let point: { lat: number; lon: number };
  let noiseCode: string;

  /** GETs a resource in both formats, checks content types, the XML declaration and that both say the same. */
  async function both(path: string, root: string, headers: Record<string, string> = {}) {
    const [j, x] = await Promise.all([
      fetch(`${base}${path.replace('{fmt}', 'json')}`, { headers }),
      fetch(`${base}${path.replace('{fmt}', 'xml')}`, { headers }),
    ]);
    expect(j.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(x.headers.get('content-type')).toBe('text/xml; charset=utf-8');
    const json: unknown = await j.json();
    const body = await x.text();
    expect(body.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    const parsed = xml.parse(body) as Record<string, unknown>;
    expect(Object.keys(parsed).filter((k) => k !== '?xml')).toEqual([root]);
    expect(sparkOfXml(parsed[root], root)).toEqual(asText(json));
    expect(x.status).toBe(j.status);
    return { status: j.status, json };
  }

  const form = (fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const one of Array.isArray(v) ? v : [v]) body.append(k, one);
    return body;
  };
  const post = (path: string, body: URLSearchParams | FormData, headers: Record<string, string> = {}) =>
    fetch(`${base}${path}`, { method: 'POST', body, headers });

  beforeAll(async () => {
    env = await createTestEnv(dialect);
    await env.app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(env.app.server.address() as AddressInfo).port}/open311/v2`;
    sys = await signInAs(env.app, 'sysadmin');
    const client = await createClientOk(env, sys, { name: 'FixMyStreet 坪山', kind: 'open311_client' });
    key = await issueKeyOk(env, sys, client.id);
    point = await pointInGrid(env, '440310001001001');
    noiseCode = (
      await env.database.handle.db
        .selectFrom('category')
        .select('code')
        .where('name', '=', '噪音污染')
        .where('level', '=', 3)
        .executeTakeFirstOrThrow()
    ).code;
  });
  afterAll(async () => env.close());

  it('goes discovery → services → definition → POST → GET by id → updates in both formats', async () => {
    const discovery = await both('/discovery.{fmt}', 'discovery');
    expectShape(schemas.discovery, discovery.json);
    const endpoint = (discovery.json as { endpoints: { url: string; formats: string[] }[] }).endpoints[0];
    expect(endpoint?.url).toMatch(/\/open311\/v2$/);
    expect(endpoint?.formats).toEqual(['text/xml', 'application/json']);

    const services = await both('/services.{fmt}', 'services');
    expectShape(schemas.services, services.json);
    const list = services.json as { service_code: string; metadata: boolean; group: string; keywords: string }[];
    const noise = list.find((s) => s.service_code === noiseCode);
    expect(noise).toMatchObject({ metadata: true, group: expect.stringContaining(' / ') as string });
    expect(noise?.keywords).toContain('噪音');
    expect(list.some((s) => !s.metadata)).toBe(true);

    const definition = await both(`/services/${noiseCode}.{fmt}`, 'service_definition');
    expectShape(schemas.definition, definition.json);
    const attribute = (
      definition.json as {
        attributes: { code: string; datatype: string; required: boolean; values: { key: string }[] }[];
      }
    ).attributes[0];
    expect(attribute).toMatchObject({ code: 'noise_period', datatype: 'singlevaluelist', required: true, order: 1 });
    expect(attribute?.values.map((v) => v.key)).toEqual(['day', 'night', 'all_day']);

    const created: string[] = [];
    for (const fmt of ['json', 'xml'] as const) {
      const response = await post(
        `/requests.${fmt}`,
        form({
          api_key: key,
          jurisdiction_id: '440310',
          service_code: noiseCode,
          lat: String(point.lat),
          long: String(point.lon),
          address_string: '坪山街道六和社区某工地',
          description: `夜间施工噪音扰民（${fmt}），联系电话 13912345678`,
          first_name: '小明',
          last_name: '王',
          phone: '13912345678',
          email: 'wang@example.com',
          'attribute[noise_period]': 'night',
          media_url: 'https://example.org/photos/noise.jpg',
        }),
      );
      expect(response.status).toBe(200);
      let answer: unknown;
      if (fmt === 'json') answer = await response.json();
      else {
        const parsed = xml.parse(await response.text()) as Record<string, unknown>;
        answer = sparkOfXml(parsed.service_requests, 'service_requests');
      }
      // The XML answer read by the Spark convention has the same shape (its scalars are text).
      expectShape(schemas.created, answer);
      const first = (answer as { service_request_id: string; service_notice: string }[])[0];
      expect(first?.service_request_id).toMatch(/^PS\d{8}-\d{5}$/);
      expect(first?.service_notice).toContain(first?.service_request_id ?? '-');
      created.push(first?.service_request_id ?? '');
    }
    const row = await env.database.handle.db
      .selectFrom('case_record')
      .selectAll()
      .where('number', '=', created[0] ?? '')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: 'integration', node: 'register' });
    expect(JSON.parse(row.extra_answers)).toEqual({ noise_period: 'night' });

    const one = await both(`/requests/${created[0]}.{fmt}`, 'service_requests');
    expectShape(schemas.requests(false), one.json);
    const request = (one.json as Record<string, unknown>[])[0];
    expect(request).toMatchObject({
      service_request_id: created[0],
      status: 'open',
      service_code: noiseCode,
      service_name: '噪音污染',
      address: '坪山街道六和社区某工地',
      media_url: 'https://example.org/photos/noise.jpg',
      lat: point.lat,
      long: point.lon,
    });
    expect(request?.requested_datetime).toBe('2026-11-25T10:00:00+08:00');
    // Personal data of reporters is never in these answers (the number typed into the text is masked).
    const everything = JSON.stringify(one.json);
    expect(everything).not.toContain('13912345678');
    expect(everything).not.toContain('小明');
    expect(everything).not.toContain('wang@example.com');

    // A dispatcher classifies and dispatches: updates and a closed request follow.
    const dispatcher = await signInAs(env.app, 'dispatcher');
    env.clock.advance(60_000);
    await actOk(env.app, dispatcher, row.id, 'dispatch', { leadUnitId: await unitIdOf(env, 'PS.STHJ') });
    const updates = await both(
      `/servicerequestupdates.{fmt}?start_date=2026-11-25T09:00:00%2B08:00&end_date=2026-11-25T11:00:00%2B08:00`,
      'service_request_updates',
    );
    expectShape(schemas.updates, updates.json);
    const mine = (updates.json as { service_request_id: string; status: string; description: string }[]).filter(
      (u) => u.service_request_id === created[0],
    );
    expect(mine).toEqual([expect.objectContaining({ status: 'INVESTIGATING', description: '已派单至承办单位' })]);

    const withNotes = await both(`/requests/${created[0]}.{fmt}?extensions=true`, 'service_requests');
    expectShape(schemas.requests(true), withNotes.json);
    const notes = (withNotes.json as { notes: { type: string }[] }[])[0]?.notes.map((n) => n.type);
    expect(notes).toEqual(['accept', 'register', 'dispatch', 'sign']);

    const comment = await post(
      '/servicerequestupdates.json',
      form({
        api_key: key,
        service_request_id: created[0] ?? '',
        update_id: 'fms-update-1',
        status: 'OPEN',
        description: '噪音今晚仍在持续',
        updated_datetime: '2026-11-25T10:05:00+08:00',
      }),
    );
    expect(comment.status).toBe(200);
    const commentAnswer: unknown = await comment.json();
    expectShape(schemas.updateCreated, commentAnswer);
    const again = await post(
      '/servicerequestupdates.xml',
      form({ api_key: key, service_request_id: created[0] ?? '', update_id: 'fms-update-1', description: '重复' }),
    );
    const againAnswer = sparkOfXml(
      (xml.parse(await again.text()) as Record<string, unknown>).service_request_updates,
      'service_request_updates',
    );
    expectShape(schemas.updateCreated, againAnswer);
    const againId = (againAnswer as { update_id: string }[])[0]?.update_id;
    expect(againId).toBe((commentAnswer as { update_id: string }[])[0]?.update_id);
    const notesOfCase = await env.database.handle.db
      .selectFrom('case_entry')
      .select('body')
      .where('case_id', '=', row.id)
      .where('kind', '=', 'note')
      .execute();
    expect(notesOfCase.map((n) => n.body)).toEqual(['【FixMyStreet 坪山】噪音今晚仍在持续']);
  });

  it('lists requests by window, status, service code and page, and by several ids', async () => {
    const all = await both('/requests.{fmt}', 'service_requests');
    expectShape(schemas.requests(false), all.json);
    const numbers = (all.json as { service_request_id: string }[]).map((r) => r.service_request_id);
    expect(numbers.length).toBeGreaterThanOrEqual(2);
    const page1 = await both('/requests.{fmt}?page=1&page_size=1', 'service_requests');
    const page2 = await both('/requests.{fmt}?page=2&page_size=1', 'service_requests');
    expect(
      [...(page1.json as { service_request_id: string }[]), ...(page2.json as { service_request_id: string }[])].map(
        (r) => r.service_request_id,
      ),
    ).toEqual(numbers.slice(0, 2));
    const closed = await both('/requests.{fmt}?status=closed', 'service_requests');
    expect(closed.json).toEqual([]);
    const byCode = await both(`/requests.{fmt}?service_code=${noiseCode}&status=open`, 'service_requests');
    expect((byCode.json as unknown[]).length).toBe(2);
    const byIds = await both(
      `/requests.{fmt}?service_request_id=${numbers.slice(0, 2).join(',')}&status=closed`,
      'service_requests',
    );
    // service_request_id overrides every other argument.
    expect((byIds.json as unknown[]).length).toBe(2);
    const oldWindow = await both(
      '/requests.{fmt}?start_date=2026-01-01T00:00:00Z&end_date=2026-02-01T00:00:00Z',
      'service_requests',
    );
    expect(oldWindow.json).toEqual([]);
    const token = await env.database.handle.db
      .selectFrom('open311_request')
      .select('case_id')
      .executeTakeFirstOrThrow();
    const byToken = await both(`/tokens/${token.case_id}.{fmt}`, 'service_requests');
    expectShape(schemas.token, byToken.json);
  });

  it('takes a multipart POST with media and answers its photo through a signed media_url', async () => {
    const body = new FormData();
    body.set('api_key', key);
    body.set('service_code', noiseCode);
    body.set('address_id', '440310001001001');
    body.set('attribute[noise_period]', 'day');
    body.set('description', '白天装修噪音');
    body.set('media', new Blob([await jpegImage(120, 90)], { type: 'image/jpeg' }), 'noise.jpg');
    const response = await post('/requests.json', body);
    expect(response.status).toBe(200);
    const number = ((await response.json()) as { service_request_id: string }[])[0]?.service_request_id ?? '';
    const view = (await (await fetch(`${base}/requests/${number}.json`)).json()) as {
      media_url: string;
      address_id: string;
    }[];
    expect(view[0]?.address_id).toBe('440310001001001');
    const photo = await fetch(view[0]?.media_url.replace(/^https?:\/\/[^/]+\/open311\/v2/, base) ?? '');
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/jpeg');
    const forged = await fetch(
      `${base}/media/${view[0]?.media_url.split('/media/')[1]?.split('.jpg')[0] ?? ''}.jpg?expires=9999999999&sig=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`,
    );
    expect(forged.status).toBe(404);
  });

  it('answers 400 listing every problem, 403 for a bad or missing api_key, 404 for unknown things, in both formats', async () => {
    const errorsOf = async (response: Response, fmt: 'json' | 'xml') => {
      if (fmt === 'json') {
        expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
        const json: unknown = await response.json();
        expectShape(schemas.errors, json);
        return json as { code: number; description: string }[];
      }
      expect(response.headers.get('content-type')).toBe('text/xml; charset=utf-8');
      const parsed = xml.parse(await response.text()) as Record<string, unknown>;
      const errors = sparkOfXml(parsed.errors, 'errors') as { code: string; description: string }[];
      expectShape(
        schemas.errors,
        errors.map((e) => ({ code: Number(e.code), description: e.description })),
      );
      return errors.map((e) => ({ code: Number(e.code), description: e.description }));
    };
    for (const fmt of ['json', 'xml'] as const) {
      const missing = await post(`/requests.${fmt}`, form({ api_key: key, description: '没有服务代码和位置' }));
      expect(missing.status).toBe(400);
      const problems = await errorsOf(missing, fmt);
      expect(problems.map((p) => p.code)).toEqual([400, 400]);
      expect(problems.map((p) => p.description).join('\n')).toMatch(/service_code[\s\S]*lat/);

      const badArgs = await post(
        `/requests.${fmt}`,
        form({
          api_key: key,
          service_code: noiseCode,
          lat: '95',
          long: 'abc',
          'attribute[noise_period]': ['day', 'night'],
        }),
      );
      expect(badArgs.status).toBe(400);
      const bad = (await errorsOf(badArgs, fmt)).map((p) => p.description).join('\n');
      expect(bad).toContain('lat');
      expect(bad).toContain('long');

      const wrongAnswer = await post(
        `/requests.${fmt}`,
        form({
          api_key: key,
          service_code: noiseCode,
          address_string: '坪山',
          'attribute[noise_period]': 'weekend',
          'attribute[nope]': 'x',
        }),
      );
      expect(wrongAnswer.status).toBe(400);
      const answerProblems = (await errorsOf(wrongAnswer, fmt)).map((p) => p.description).join('\n');
      expect(answerProblems).toContain('attribute[noise_period]');
      expect(answerProblems).toContain('attribute[nope]');

      const noKey = await post(`/requests.${fmt}`, form({ service_code: noiseCode, address_string: '坪山' }));
      expect(noKey.status).toBe(403);
      expect((await errorsOf(noKey, fmt))[0]?.code).toBe(403);
      const badKey = await post(
        `/requests.${fmt}`,
        form({ api_key: 'cdk_wrong', service_code: noiseCode, address_string: '坪山' }),
      );
      expect(badKey.status).toBe(403);
      await errorsOf(badKey, fmt);

      for (const path of [
        `/services/NO-SUCH-SERVICE.${fmt}`,
        `/requests/PS20990101-00001.${fmt}`,
        `/tokens/00000000-0000-7000-8000-000000000000.${fmt}`,
        `/services.${fmt}?jurisdiction_id=sfgov.org`,
        `/nothing-here.${fmt}`,
      ]) {
        const response = await fetch(`${base}${path}`);
        expect(response.status, path).toBe(404);
        expect((await errorsOf(response, fmt))[0]?.code, path).toBe(404);
      }
      const unknownService = await post(
        `/requests.${fmt}`,
        form({ api_key: key, service_code: 'NO-SUCH', address_string: '坪山' }),
      );
      expect(unknownService.status).toBe(404);

      const badQuery = await fetch(`${base}/requests.${fmt}?start_date=yesterday&status=pending`);
      expect(badQuery.status).toBe(400);
      const queryProblems = (await errorsOf(badQuery, fmt)).map((p) => p.description).join('\n');
      expect(queryProblems).toContain('start_date');
      expect(queryProblems).toContain('status');
      const tooLong = await fetch(
        `${base}/requests.${fmt}?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z`,
      );
      expect(tooLong.status).toBe(400);
      expect((await errorsOf(tooLong, fmt))[0]?.description).toContain('90 days');
    }
    const english = await fetch(`${base}/requests/PS20990101-00001.json`, { headers: { 'accept-language': 'en-US' } });
    expect(((await english.json()) as { description: string }[])[0]?.description).toMatch(/^The record does not exist/);
  });
});
