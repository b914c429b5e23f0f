import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { lookupPoint } from '../../src/modules/org/index.js';
import type { TestEnv } from './app.js';

/** A point inside a demo grid (found by walking from the ring's centroid towards a vertex). */
export async function pointInGrid(env: TestEnv, gridCode: string): Promise<{ lat: number; lon: number }> {
  const grid = await env.database.handle.db
    .selectFrom('unit')
    .select('geometry')
    .where('code', '=', gridCode)
    .executeTakeFirstOrThrow();
  const geometry = JSON.parse(grid.geometry ?? 'null') as { type: string; coordinates: unknown };
  const ring = (
    geometry.type === 'Polygon'
      ? (geometry.coordinates as number[][][])[0]
      : (geometry.coordinates as number[][][][])[0]?.[0]
  ) as number[][];
  const lon = ring.reduce((s, p) => s + (p[0] ?? 0), 0) / ring.length;
  const lat = ring.reduce((s, p) => s + (p[1] ?? 0), 0) / ring.length;
  for (let t = 0; t <= 1; t += 0.05) {
    const candidate = { lon: lon + ((ring[0]?.[0] ?? lon) - lon) * t, lat: lat + ((ring[0]?.[1] ?? lat) - lat) * t };
    const found = await lookupPoint(env.app.deps.db, candidate.lat, candidate.lon);
    if (found.grid?.code === gridCode) return candidate;
  }
  throw new Error(`no interior point found for grid ${gridCode}`);
}

export async function unitIdOf(env: TestEnv, code: string): Promise<string> {
  const row = await env.database.handle.db
    .selectFrom('unit')
    .select('id')
    .where('code', '=', code)
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function categoryIdOf(env: TestEnv, name: string): Promise<string> {
  const row = await env.database.handle.db
    .selectFrom('category')
    .select('id')
    .where('name', '=', name)
    .where('level', '=', 3)
    .orderBy('code')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface CaseAnswer {
  id: string;
  number: string;
  node: string;
  status: string;
  version: number;
  dueAt: string | null;
  trackingUrl: string | null;
}

export async function createCase(
  app: FastifyInstance,
  cookie: string,
  body: Record<string, unknown>,
  headers: Record<string, string> = {},
) {
  return app.inject({ method: 'POST', url: '/api/cases', headers: { cookie, ...headers }, payload: body });
}

export async function createCaseOk(
  app: FastifyInstance,
  cookie: string,
  body: Record<string, unknown>,
): Promise<CaseAnswer> {
  const response = await createCase(app, cookie, body);
  if (response.statusCode !== 201) throw new Error(`create failed: ${response.statusCode} ${response.body}`);
  return response.json<CaseAnswer>();
}

export interface CaseDetailBody {
  id: string;
  number: string;
  node: string;
  status: string;
  version: number;
  dueAt: string | null;
  nodeDueAt: string | null;
  deadlineStatus: string;
  actions: string[];
  assignments: { unit: { code: string } | null; role: string; status: string; endReason: string | null }[];
  replies: { body: string }[];
  internal: { kind: string; body: string }[];
  tags: string[];
  reporter: { name: string | null; phone: string | null };
  leadUnit: { code: string } | null;
  [key: string]: unknown;
}

export async function getCase(app: FastifyInstance, cookie: string, id: string): Promise<CaseDetailBody> {
  const response = await app.inject({ url: `/api/cases/${id}`, headers: { cookie } });
  if (response.statusCode !== 200) throw new Error(`get failed: ${response.statusCode} ${response.body}`);
  return response.json<CaseDetailBody>();
}

/** Performs an action with the case's current version (read first), unless a version is given. */
export async function act(
  app: FastifyInstance,
  cookie: string,
  id: string,
  action: string,
  body: Record<string, unknown> = {},
  readerCookie?: string,
): Promise<LightMyRequestResponse> {
  const payload = { ...body };
  if (!('version' in payload) && !['note', 'tag', 'untag'].includes(action)) {
    payload.version = (await getCase(app, readerCookie ?? cookie, id)).version;
  }
  return app.inject({ method: 'POST', url: `/api/cases/${id}/actions/${action}`, headers: { cookie }, payload });
}

export async function actOk(
  app: FastifyInstance,
  cookie: string,
  id: string,
  action: string,
  body: Record<string, unknown> = {},
  readerCookie?: string,
) {
  const response = await act(app, cookie, id, action, body, readerCookie);
  if (response.statusCode !== 200) throw new Error(`${action} failed: ${response.statusCode} ${response.body}`);
  return response.json<{ id: string; version: number; node: string; status: string }>();
}

export async function outboxFor(env: TestEnv, caseId: string) {
  return env.database.handle.db
    .selectFrom('outbox_message')
    .select(['template', 'recipient', 'status', 'payload'])
    .where('case_id', '=', caseId)
    .orderBy('created_at')
    .execute();
}
