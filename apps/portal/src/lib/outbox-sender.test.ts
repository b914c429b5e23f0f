import { createCaseSchema, type CreateCaseInput } from '@citydesk/shared';
import { describe, expect, it } from 'vitest';
import {
  caseInputOf,
  claimLeaseMs,
  isTransient,
  keepSent,
  pruneSent,
  sendWaitingReports,
  type OutboxReport,
  type OutboxStore,
  type SendFailure,
  type SenderDeps,
} from './outbox-sender';

/** The IndexedDB store's contract in memory: each call is atomic, as one IndexedDB transaction is. */
function memoryStore(initial: OutboxReport[] = []): OutboxStore & { rows: Map<string, OutboxReport> } {
  const rows = new Map(initial.map((r) => [r.id, structuredClone(r)]));
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
  return {
    rows,
    async list() {
      await tick();
      return [...rows.values()].map((r) => structuredClone(r));
    },
    async get(id) {
      await tick();
      return rows.has(id) ? structuredClone(rows.get(id)!) : null;
    },
    async put(report) {
      await tick();
      rows.set(report.id, structuredClone(report));
    },
    async claim(id, now, leaseMs) {
      await tick();
      const report = rows.get(id);
      if (!report) return null;
      const free =
        report.status === 'waiting' || (report.status === 'sending' && now - (report.claimedAt ?? 0) >= leaseMs);
      if (!free) return null;
      const claimed: OutboxReport = { ...report, status: 'sending', claimedAt: now };
      rows.set(id, claimed);
      return structuredClone(claimed);
    },
    async update(id, change) {
      await tick();
      const report = rows.get(id);
      if (!report) return null;
      const next = change(structuredClone(report));
      rows.set(id, next);
      return structuredClone(next);
    },
    async remove(id) {
      await tick();
      rows.delete(id);
    },
  };
}

function report(id: string, overrides: Partial<OutboxReport> = {}): OutboxReport {
  return {
    id,
    owner: 'grid01',
    idempotencyKey: `key-${id}`,
    createdAt: `2026-11-25T02:00:0${id.length % 10}.000Z`,
    status: 'waiting',
    claimedAt: null,
    attempts: 0,
    lastError: null,
    input: {
      eventKey: 'exposed_garbage',
      eventName: '暴露垃圾',
      requestType: 'report',
      categoryId: 'cat-1',
      extraAnswers: {},
      note: `note of ${id}`,
      location: { lat: 22.7205, lon: 114.3585 },
      reporter: { phone: '13800138001', name: '孙丽' },
    },
    photos: [{ blob: new Blob(['jpeg bytes']), width: 1920, height: 1080, attachmentId: null }],
    result: null,
    sentAt: null,
    ...overrides,
  };
}

class Failure extends Error {
  constructor(readonly failure: SendFailure) {
    super(failure.code);
  }
}

const network = () => new Failure({ status: 0, code: 'NETWORK_ERROR', message: '' });

/** A server that makes a case once per idempotency key and counts what it received. */
function fakeServer() {
  const cases = new Map<string, { id: string; number: string; input: CreateCaseInput }>();
  const calls = { uploads: 0, creates: 0 };
  let nextUpload = 0;
  return {
    cases,
    calls,
    uploadPhoto: async () => {
      calls.uploads += 1;
      nextUpload += 1;
      return { id: `att-${nextUpload}` };
    },
    createCase: async (input: CreateCaseInput, key: string) => {
      calls.creates += 1;
      let made = cases.get(key);
      if (!made) {
        made = { id: `case-${cases.size + 1}`, number: `PS20261125-0000${cases.size + 1}`, input };
        cases.set(key, made);
      }
      return { id: made.id, number: made.number };
    },
  };
}

function deps(store: OutboxStore, server: ReturnType<typeof fakeServer>, extra: Partial<SenderDeps> = {}): SenderDeps {
  return {
    store,
    owner: 'grid01',
    now: () => Date.parse('2026-11-25T03:00:00.000Z'),
    uploadPhoto: server.uploadPhoto,
    createCase: server.createCase,
    failureOf: (error) => (error instanceof Failure ? error.failure : null),
    exclusive: true,
    ...extra,
  };
}

describe('the grid outbox sender', () => {
  it('uploads each photo, then creates the case with the saved key, and marks the report sent without its photos', async () => {
    const store = memoryStore([report('a')]);
    const server = fakeServer();
    const summary = await sendWaitingReports(deps(store, server));
    expect(summary).toEqual({ sent: 1, failed: 0, stopped: null });
    const made = server.cases.get('key-a');
    expect(made?.input.attachmentIds).toEqual(['att-1']);
    expect(made?.input.channel).toBe('grid');
    const stored = store.rows.get('a')!;
    expect(stored.status).toBe('sent');
    expect(stored.result).toEqual({ caseId: 'case-1', number: 'PS20261125-00001' });
    expect(stored.photos[0]).toMatchObject({ blob: null, attachmentId: 'att-1' });
  });

  it('sends a report again with the same key after the answer was lost, without uploading its photos again', async () => {
    const store = memoryStore([report('a')]);
    const server = fakeServer();
    let dropped = false;
    const losing = deps(store, server, {
      createCase: async (input, key) => {
        const made = await server.createCase(input, key);
        if (!dropped) {
          dropped = true;
          throw network();
        }
        return made;
      },
    });
    expect(await sendWaitingReports(losing)).toEqual({ sent: 0, failed: 0, stopped: 'network' });
    expect(store.rows.get('a')).toMatchObject({ status: 'waiting', attempts: 1 });
    expect(await sendWaitingReports(losing)).toEqual({ sent: 1, failed: 0, stopped: null });
    expect(server.cases.size).toBe(1);
    expect(server.calls).toEqual({ uploads: 1, creates: 2 });
  });

  it('sends each report exactly once when two senders race (two tabs without Web Locks)', async () => {
    const store = memoryStore([report('a'), report('bb'), report('ccc')]);
    const server = fakeServer();
    const keys: string[] = [];
    const counting = (extra: Partial<SenderDeps> = {}) =>
      deps(store, server, {
        exclusive: false,
        createCase: async (input, key) => {
          keys.push(key);
          return server.createCase(input, key);
        },
        ...extra,
      });
    const [first, second] = await Promise.all([sendWaitingReports(counting()), sendWaitingReports(counting())]);
    expect(first.sent + second.sent).toBe(3);
    expect(keys.sort()).toEqual(['key-a', 'key-bb', 'key-ccc']);
    expect(server.calls.uploads).toBe(3);
  });

  it('takes over a report a closed tab left "sending": at once under the lock, after the lease without it', async () => {
    const now = Date.parse('2026-11-25T03:00:00.000Z');
    const left = report('a', { status: 'sending', claimedAt: now - 1000 });
    const server = fakeServer();
    const unlocked = memoryStore([left]);
    expect((await sendWaitingReports(deps(unlocked, server, { exclusive: false }))).sent).toBe(0);
    expect(unlocked.rows.get('a')?.status).toBe('sending');
    const later = { now: () => now + claimLeaseMs, exclusive: false };
    expect((await sendWaitingReports(deps(unlocked, server, later))).sent).toBe(1);
    const locked = memoryStore([report('b', { status: 'sending', claimedAt: now - 1000 })]);
    expect((await sendWaitingReports(deps(locked, fakeServer(), { exclusive: true }))).sent).toBe(1);
  });

  it('marks a report the server refuses as failed with its reason and still sends the others', async () => {
    const store = memoryStore([report('a'), report('bb')]);
    const server = fakeServer();
    const summary = await sendWaitingReports(
      deps(store, server, {
        createCase: async (input, key) => {
          if (key === 'key-a') {
            throw new Failure({ status: 400, code: 'VALIDATION_FAILED', message: '请求内容有误（reporter.phone）' });
          }
          return server.createCase(input, key);
        },
      }),
    );
    expect(summary).toEqual({ sent: 1, failed: 1, stopped: null });
    expect(store.rows.get('a')).toMatchObject({
      status: 'failed',
      lastError: { code: 'VALIDATION_FAILED', message: '请求内容有误（reporter.phone）' },
    });
    expect(store.rows.get('bb')?.status).toBe('sent');
  });

  it('stops at a lost network or an ended session and leaves every report waiting', async () => {
    for (const [error, stopped] of [
      [network(), 'network'],
      [new Failure({ status: 401, code: 'SESSION_EXPIRED', message: '' }), 'signed_out'],
    ] as const) {
      const store = memoryStore([report('a'), report('bb')]);
      const server = fakeServer();
      const summary = await sendWaitingReports(
        deps(store, server, {
          uploadPhoto: async () => {
            throw error;
          },
        }),
      );
      expect(summary).toEqual({ sent: 0, failed: 0, stopped });
      expect([...store.rows.values()].map((r) => r.status)).toEqual(['waiting', 'waiting']);
      expect(server.calls.creates).toBe(0);
    }
  });

  it('keeps a report waiting while the first attempt is still running on the server', async () => {
    const store = memoryStore([report('a')]);
    const summary = await sendWaitingReports(
      deps(store, fakeServer(), {
        createCase: async () => {
          throw new Failure({ status: 409, code: 'IDEMPOTENCY_IN_PROGRESS', message: '' });
        },
      }),
    );
    expect(summary).toEqual({ sent: 0, failed: 0, stopped: null });
    expect(store.rows.get('a')?.status).toBe('waiting');
  });

  it('sends only the signed-in worker’s reports', async () => {
    const store = memoryStore([report('a'), report('bb', { owner: 'grid02' })]);
    const server = fakeServer();
    await sendWaitingReports(deps(store, server));
    expect(store.rows.get('a')?.status).toBe('sent');
    expect(store.rows.get('bb')?.status).toBe('waiting');
  });

  it(`keeps the newest ${keepSent} sent reports and removes older ones`, async () => {
    const sent = Array.from({ length: keepSent + 3 }, (_, i) =>
      report(`s${i}`, { status: 'sent', sentAt: new Date(Date.UTC(2026, 10, 25, 0, i)).toISOString() }),
    );
    const store = memoryStore([...sent, report('w')]);
    await pruneSent(store);
    expect(store.rows.size).toBe(keepSent + 1);
    expect(store.rows.has('s0')).toBe(false);
    expect(store.rows.has(`s${keepSent + 2}`)).toBe(true);
    expect(store.rows.has('w')).toBe(true);
  });
});

describe('a patrol report as a case', () => {
  it('is a grid-channel case the shared create schema accepts, with the note in its description', () => {
    const input = caseInputOf(report('a'), ['att-1']);
    expect(createCaseSchema.parse(input)).toMatchObject({
      channel: 'grid',
      requestType: 'report',
      title: '暴露垃圾',
      description: '暴露垃圾：note of a',
      categoryId: 'cat-1',
      location: { lat: 22.7205, lon: 114.3585 },
      reporter: { phone: '13800138001', name: '孙丽', anonymous: false },
      attachmentIds: ['att-1'],
    });
  });

  it('uses the event name alone when the worker wrote no note, and leaves out what is missing', () => {
    const base = report('a');
    const input = caseInputOf({ ...base, input: { ...base.input, note: '  ', categoryId: null, location: null } }, []);
    expect(input.description).toBe('暴露垃圾');
    expect(input).not.toHaveProperty('categoryId');
    expect(input).not.toHaveProperty('location');
  });
});

describe('which failures are worth another try', () => {
  it('retries no network, server errors, rate limits, a running request and an ended session, but not a refusal', () => {
    const of = (status: number, code = 'X') => ({ status, code, message: '' });
    expect(isTransient(null)).toBe(true);
    expect(isTransient(of(0, 'NETWORK_ERROR'))).toBe(true);
    expect(isTransient(of(503))).toBe(true);
    expect(isTransient(of(429, 'RATE_LIMITED'))).toBe(true);
    expect(isTransient(of(409, 'IDEMPOTENCY_IN_PROGRESS'))).toBe(true);
    expect(isTransient(of(401, 'SESSION_EXPIRED'))).toBe(true);
    expect(isTransient(of(400, 'VALIDATION_FAILED'))).toBe(false);
    expect(isTransient(of(409, 'IDEMPOTENCY_KEY_REUSED'))).toBe(false);
    expect(isTransient(of(413, 'PAYLOAD_TOO_LARGE'))).toBe(false);
  });
});
