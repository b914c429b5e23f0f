/**
 * The HTTP side of the lifecycle benchmark: a keep-alive `node:http` client, sign-in, and the
 * two driven phases (creates only; full 8-request lifecycles) with per-action latency.
 */
import http from 'node:http';
import { CaseTextFactory, type CatalogueItem, type DistrictPoint } from './synthetic-cases.js';
import { nowNs, quantile, sortedCopy } from './support.js';

export interface HttpAnswer {
  status: number;
  body: string;
}

const requestTimeoutMs = 30_000;

/** A JSON client over one keep-alive agent with at most `sockets` connections. */
export class HttpClient {
  private readonly agent: http.Agent;
  private readonly host: string;
  private readonly port: number;

  constructor(baseUrl: string, sockets: number) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port);
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets, maxFreeSockets: sockets });
  }

  request(
    method: string,
    path: string,
    body?: unknown,
    cookie?: string,
  ): Promise<HttpAnswer & { setCookie?: string[] }> {
    return new Promise((resolve, reject) => {
      const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
      const headers: http.OutgoingHttpHeaders = { accept: 'application/json' };
      if (payload) {
        headers['content-type'] = 'application/json';
        headers['content-length'] = payload.length;
      }
      if (cookie) headers.cookie = cookie;
      const req = http.request(
        { host: this.host, port: this.port, method, path, headers, agent: this.agent, timeout: requestTimeoutMs },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const answer: HttpAnswer & { setCookie?: string[] } = {
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks).toString('utf8'),
            };
            if (res.headers['set-cookie']) answer.setCookie = res.headers['set-cookie'];
            resolve(answer);
          });
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`timeout after ${requestTimeoutMs} ms: ${method} ${path}`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** Signs in and returns the session cookie ("citydesk_session=…"). */
export async function signIn(client: HttpClient, username: string, password: string): Promise<string> {
  const answer = await client.request('POST', '/api/auth/login', { username, password });
  const cookie = answer.setCookie?.map((c) => c.split(';')[0] ?? '').find((c) => c.startsWith('citydesk_session='));
  if (answer.status !== 200 || !cookie)
    throw new Error(`sign-in of ${username} failed: ${answer.status} ${answer.body}`);
  return cookie;
}

// ---------------------------------------------------------------------------------------------
// Recording

export const lifecycleActions = ['create', 'dispatch', 'sign', 'feedback', 'reply', 'visit', 'close', 'rate'] as const;
export type LifecycleAction = (typeof lifecycleActions)[number];

export interface LatencySummary {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export class Recorder {
  private readonly samples = new Map<string, number[]>();
  readonly errors = new Map<string, number>();
  readonly errorSamples: string[] = [];
  requests = 0;

  record(action: string, startNs: bigint): number {
    const ms = Number(nowNs() - startNs) / 1e6;
    let list = this.samples.get(action);
    if (!list) this.samples.set(action, (list = []));
    list.push(ms);
    this.requests++;
    return ms;
  }

  error(action: string, status: number | string, body: string): void {
    const key = `${action} ${status}`;
    this.errors.set(key, (this.errors.get(key) ?? 0) + 1);
    if (this.errorSamples.length < 5) this.errorSamples.push(`${key}: ${body.slice(0, 300)}`);
  }

  get errorCount(): number {
    return [...this.errors.values()].reduce((a, b) => a + b, 0);
  }

  summary(action: string): LatencySummary {
    const sorted = sortedCopy(this.samples.get(action) ?? []);
    const total = sorted.reduce((a, b) => a + b, 0);
    return {
      count: sorted.length,
      p50: quantile(sorted, 0.5),
      p95: quantile(sorted, 0.95),
      p99: quantile(sorted, 0.99),
      max: quantile(sorted, 1),
      mean: sorted.length > 0 ? total / sorted.length : Number.NaN,
    };
  }

  all(): LatencySummary {
    const merged: number[] = [];
    for (const list of this.samples.values()) for (const v of list) merged.push(v);
    const sorted = sortedCopy(merged);
    return {
      count: sorted.length,
      p50: quantile(sorted, 0.5),
      p95: quantile(sorted, 0.95),
      p99: quantile(sorted, 0.99),
      max: quantile(sorted, 1),
      mean: sorted.length > 0 ? sorted.reduce((a, b) => a + b, 0) / sorted.length : Number.NaN,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// The requests of a lifecycle

export interface LoadSetup {
  client: HttpClient;
  cookies: { operator: string; dispatcher: string; handler: string };
  leadUnitId: string;
  items: CatalogueItem[];
  points: DistrictPoint[];
}

/** Thrown when a step answers with an unexpected status: the lifecycle is abandoned. */
class StepFailed extends Error {}

interface CaseState {
  id: string;
  number: string;
  version: number;
  node: string;
  phone: string;
}

/** One simulated client: its own text generator, so request bodies differ between clients. */
export class LifecycleClient {
  private readonly text: CaseTextFactory;
  /** The id of the last case this client created. */
  lastCaseId = '';

  constructor(
    private readonly setup: LoadSetup,
    private readonly recorder: Recorder,
    seed: number,
  ) {
    this.text = new CaseTextFactory(seed);
  }

  private async step(
    action: LifecycleAction,
    method: string,
    path: string,
    body: unknown,
    cookie: string | undefined,
    okStatus: number,
  ): Promise<string> {
    const t0 = nowNs();
    let answer: HttpAnswer;
    try {
      answer = await this.setup.client.request(method, path, body, cookie);
    } catch (error) {
      this.recorder.record(action, t0);
      this.recorder.error(action, 'network', error instanceof Error ? error.message : String(error));
      throw new StepFailed(action);
    }
    this.recorder.record(action, t0);
    if (answer.status !== okStatus) {
      this.recorder.error(action, answer.status, answer.body);
      throw new StepFailed(action);
    }
    return answer.body;
  }

  /** Every answer's node is checked: a wrong one is an error and ends the lifecycle. */
  private expectNode(action: LifecycleAction, node: string, expected: string, body: string): void {
    if (node === expected) return;
    this.recorder.error(action, `node ${node}, expected ${expected}`, body);
    throw new StepFailed(action);
  }

  /** POST /api/cases as the operator (hotline complaint with a point in a real grid). */
  async create(): Promise<CaseState | null> {
    const { setup } = this;
    const item = setup.items[Math.floor(Math.random() * setup.items.length)];
    const point = setup.points[Math.floor(Math.random() * setup.points.length)];
    if (!item || !point) throw new Error('no catalogue items or points to create cases with');
    const { description, address } = this.text.text(item, point);
    const phone = this.text.mobile();
    try {
      const body = await this.step(
        'create',
        'POST',
        '/api/cases',
        {
          channel: 'hotline',
          requestType: 'complaint',
          description,
          categoryId: item.id,
          location: { lat: point.lat, lon: point.lon, address },
          reporter: { name: this.text.name(), phone },
        },
        setup.cookies.operator,
        201,
      );
      const created = JSON.parse(body) as { id: string; number: string; version: number; node: string };
      this.expectNode('create', created.node, 'register', body);
      this.lastCaseId = created.id;
      return { id: created.id, number: created.number, version: created.version, node: created.node, phone };
    } catch (error) {
      if (error instanceof StepFailed) return null;
      throw error;
    }
  }

  private async act(
    state: CaseState,
    action: Exclude<LifecycleAction, 'create' | 'rate'>,
    cookie: string,
    input: Record<string, unknown>,
    expectedNode: string,
  ): Promise<void> {
    const body = await this.step(
      action,
      'POST',
      `/api/cases/${state.id}/actions/${action}`,
      { version: state.version, ...input },
      cookie,
      200,
    );
    const answer = JSON.parse(body) as { version: number; node: string; status: string };
    this.expectNode(action, answer.node, expectedNode, body);
    state.version = answer.version;
    state.node = answer.node;
  }

  /** The 8 requests of a general-template case, each with the version the previous returned. */
  async lifecycle(): Promise<boolean> {
    const { cookies, leadUnitId } = this.setup;
    const state = await this.create();
    if (!state) return false;
    try {
      await this.act(state, 'dispatch', cookies.dispatcher, { leadUnitId }, 'sign');
      await this.act(state, 'sign', cookies.handler, {}, 'handle');
      await this.act(
        state,
        'feedback',
        cookies.handler,
        { result: '已安排执法队员到现场核查，问题已整改完毕。' },
        'feedback',
      );
      await this.act(state, 'reply', cookies.handler, { body: this.text.reply() }, 'return_visit');
      await this.act(state, 'visit', cookies.operator, { solved: true, satisfaction: 'satisfied' }, 'close');
      await this.act(state, 'close', cookies.dispatcher, {}, 'rate');
      await this.step(
        'rate',
        'POST',
        `/api/public/cases/${encodeURIComponent(state.number)}/rating`,
        {
          number: state.number,
          phoneLast4: state.phone.slice(-4),
          speed: 5,
          result: 5,
          attitude: 5,
          experience: 4,
          comment: '处理及时，态度很好。',
        },
        undefined,
        201,
      );
      return true;
    } catch (error) {
      if (error instanceof StepFailed) return false;
      throw error;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Phases

export interface PhaseResult {
  recorder: Recorder;
  elapsedMs: number;
  /** Completed units of work: creates (phase A) or full lifecycles (phase B). */
  completed: number;
}

/** Runs `clients` loops of `work` until `seconds` have passed (work in flight finishes). */
export async function drive(
  clients: number,
  seconds: number,
  makeWorker: (index: number, recorder: Recorder) => () => Promise<boolean>,
): Promise<PhaseResult> {
  const recorder = new Recorder();
  const started = nowNs();
  const deadline = started + BigInt(Math.round(seconds * 1e9));
  let completed = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, index) => {
      const work = makeWorker(index, recorder);
      while (nowNs() < deadline) if (await work()) completed++;
    }),
  );
  return { recorder, elapsedMs: Number(nowNs() - started) / 1e6, completed };
}
