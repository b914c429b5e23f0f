import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createMigratedDatabase,
  createTestDatabase,
  describeEachDatabase,
  type TestDatabase,
} from '../../../test/support/databases.js';
import { ManualClock } from '../../platform/clock.js';
import { systemContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/connect.js';
import { migrateToLatest } from '../../platform/db/migrate.js';
import {
  createProviders,
  deliverDueMessages,
  enqueueMessage,
  messageChannels,
  startOutboxWorker,
  type NewMessage,
  type NotificationLog,
  type NotificationProviders,
  type OutboundMessage,
} from './index.js';

const start = '2026-11-25T02:00:00.000Z';
const phone = '13812345678';
const at = (secondsAfterStart: number) => new Date(Date.parse(start) + secondsAfterStart * 1000).toISOString();

const codeMessage: NewMessage = {
  channel: 'sms',
  recipient: phone,
  template: 'verification_code',
  payload: { code: '482913', purpose: 'report', minutes: 5 },
};

/** The same send function behind every channel. */
function providersWith(send: (message: OutboundMessage) => Promise<{ providerRef?: string }>): NotificationProviders {
  return Object.fromEntries(messageChannels.map((channel) => [channel, { channel, send }])) as NotificationProviders;
}

/** A log that keeps every entry, so tests can check what was (not) written. */
function captureLog(): NotificationLog & { entries: { level: string; data: object; message: string }[] } {
  const entries: { level: string; data: object; message: string }[] = [];
  const at = (level: string) => (data: object, message: string) => void entries.push({ level, data, message });
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

async function outboxRows(db: Db) {
  return db.selectFrom('outbox_message').selectAll().orderBy('created_at').orderBy('id').execute();
}

describeEachDatabase('the notification outbox', (dialect) => {
  let database: TestDatabase;
  let db: Db;
  let clock: ManualClock;
  const ctx = () => systemContext(clock);
  const enqueue = (message: NewMessage = codeMessage) =>
    db.transaction().execute((trx) => enqueueMessage(trx, ctx(), message));

  beforeAll(async () => {
    database = await createMigratedDatabase(dialect);
    db = database.handle.db;
  });
  afterAll(async () => database.drop());
  beforeEach(async () => {
    clock = new ManualClock(start);
    await db.deleteFrom('message_log').execute();
    await db.deleteFrom('outbox_message').execute();
  });

  it('stores a message only when the surrounding transaction commits', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await enqueueMessage(trx, ctx(), codeMessage);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await outboxRows(db)).toEqual([]);

    const id = await enqueue({ ...codeMessage, caseId: 'case-1', locale: 'en-US' });
    expect(await outboxRows(db)).toEqual([
      {
        id,
        channel: 'sms',
        recipient: phone,
        template: 'verification_code',
        locale: 'en-US',
        payload: JSON.stringify({ code: '482913', purpose: 'report', minutes: 5 }),
        case_id: 'case-1',
        status: 'pending',
        attempts: 0,
        next_attempt_at: start,
        last_error: null,
        created_at: start,
        sent_at: null,
        subject: null,
      },
    ]);
  });

  it('refuses an unknown template or a payload missing a variable, rolling the caller back', async () => {
    await expect(enqueue({ ...codeMessage, payload: { code: '482913', purpose: 'report' } })).rejects.toThrow(
      'template verification_code: missing variable minutes',
    );
    await expect(enqueue({ ...codeMessage, template: 'welcome' as never })).rejects.toThrow(
      'unknown message template: welcome',
    );
    await expect(enqueue({ ...codeMessage, recipient: ' ' })).rejects.toThrow(/no recipient/);
    expect(await outboxRows(db)).toEqual([]);
  });

  it('delivers a due message through the log provider, which records the rendered body', async () => {
    const id = await enqueue({
      channel: 'sms',
      recipient: phone,
      template: 'case_accepted',
      payload: { number: 'PS20261125001', timeLimit: '3个工作日', trackingUrl: 'https://example.test/t/1' },
    });
    clock.advance(1500);
    const result = await deliverDueMessages(db, {
      clock,
      providers: createProviders({ notifications: { provider: 'log', pollSeconds: 5, maxAttempts: 8 } }, db, clock),
      maxAttempts: 8,
    });
    expect(result).toEqual({ sent: 1, retried: 0, dead: 0 });
    expect(await outboxRows(db)).toMatchObject([
      { id, status: 'sent', attempts: 0, sent_at: at(1.5), last_error: null },
    ]);
    const log = await db.selectFrom('message_log').selectAll().execute();
    expect(log).toEqual([
      {
        id: expect.any(String) as string,
        channel: 'sms',
        recipient: phone,
        template: 'case_accepted',
        body: '【坪山区12345】您反映的诉求已受理，工单号：PS20261125001，我们将在3个工作日内办理并答复。办理进度请查询：https://example.test/t/1',
        outbox_id: id,
        created_at: at(1.5),
      },
    ]);
    // Sent messages are never picked again.
    expect(
      await deliverDueMessages(db, {
        clock,
        providers: createProviders({ notifications: { provider: 'log', pollSeconds: 5, maxAttempts: 8 } }, db, clock),
        maxAttempts: 8,
      }),
    ).toEqual({ sent: 0, retried: 0, dead: 0 });
  });

  it('retries a failing message with exponential backoff and makes it dead after maxAttempts', async () => {
    const id = await enqueue();
    let calls = 0;
    const failing = providersWith(async (message) => {
      calls++;
      throw new Error(`gateway refused ${message.recipient}: ${'x'.repeat(600)}`);
    });
    const log = captureLog();
    const run = () => deliverDueMessages(db, { clock, providers: failing, maxAttempts: 4, log });
    const row = async () => (await outboxRows(db))[0];

    expect(await run()).toEqual({ sent: 0, retried: 1, dead: 0 });
    const first = await row();
    expect(first).toMatchObject({ id, status: 'pending', attempts: 1, next_attempt_at: at(30) });
    expect(first?.last_error).toHaveLength(500);
    expect(first?.last_error?.startsWith('gateway refused 138****5678: xxx')).toBe(true);

    clock.set(at(29.999));
    expect(await run()).toEqual({ sent: 0, retried: 0, dead: 0 });
    clock.set(at(30));
    expect(await run()).toEqual({ sent: 0, retried: 1, dead: 0 });
    expect(await row()).toMatchObject({ status: 'pending', attempts: 2, next_attempt_at: at(30 + 60) });
    clock.set(at(90));
    expect(await run()).toEqual({ sent: 0, retried: 1, dead: 0 });
    expect(await row()).toMatchObject({ status: 'pending', attempts: 3, next_attempt_at: at(90 + 120) });
    clock.set(at(210));
    expect(await run()).toEqual({ sent: 0, retried: 0, dead: 1 });
    expect(await row()).toMatchObject({ status: 'dead', attempts: 4, sent_at: null });

    clock.set(at(86_400));
    expect(await run()).toEqual({ sent: 0, retried: 0, dead: 0 });
    expect(calls).toBe(4);
    expect(log.entries.map((e) => e.level)).toEqual(['warn', 'warn', 'warn', 'error']);
    expect(JSON.stringify(log.entries)).not.toContain(phone);
  });

  it('sends on the second run a message whose first attempt failed', async () => {
    await enqueue();
    let calls = 0;
    const flaky = providersWith(async () => {
      calls++;
      if (calls === 1) throw new Error('timeout');
      return { providerRef: 'gw-1' };
    });
    expect(await deliverDueMessages(db, { clock, providers: flaky, maxAttempts: 3 })).toEqual({
      sent: 0,
      retried: 1,
      dead: 0,
    });
    clock.set(at(30));
    expect(await deliverDueMessages(db, { clock, providers: flaky, maxAttempts: 3 })).toEqual({
      sent: 1,
      retried: 0,
      dead: 0,
    });
    expect(await outboxRows(db)).toMatchObject([
      { status: 'sent', attempts: 1, last_error: 'timeout', sent_at: at(30) },
    ]);
  });

  it('never sends a message twice when several workers run at once', async () => {
    for (let i = 0; i < 25; i++)
      await enqueue({ ...codeMessage, payload: { ...codeMessage.payload, code: String(100000 + i) } });
    const sends = new Map<string, number>();
    const slow = providersWith(async (message) => {
      sends.set(message.id, (sends.get(message.id) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 2));
      return {};
    });
    let sent = 0;
    for (let round = 0; round < 10 && sent < 25; round++) {
      const results = await Promise.all(
        Array.from({ length: 4 }, () =>
          deliverDueMessages(db, { clock, providers: slow, maxAttempts: 3, batchSize: 4 }),
        ),
      );
      sent += results.reduce((sum, r) => sum + r.sent, 0);
    }
    expect(sent).toBe(25);
    expect(sends.size).toBe(25);
    expect([...sends.values()].every((n) => n === 1)).toBe(true);
    expect((await outboxRows(db)).every((r) => r.status === 'sent')).toBe(true);
  });

  it.runIf(dialect === 'postgres')('skips messages another worker is claiming instead of waiting for it', async () => {
    const [a, b] = [await enqueue(), await enqueue()];
    const sends: string[] = [];
    const recording = providersWith(async (message) => {
      sends.push(message.id);
      return {};
    });
    await db.transaction().execute(async (trx) => {
      // Another worker's claim transaction, still open, holding the older message.
      await trx.selectFrom('outbox_message').select('id').where('id', '=', a).forUpdate().execute();
      expect(await deliverDueMessages(db, { clock, providers: recording, maxAttempts: 3 })).toMatchObject({ sent: 1 });
    });
    expect(sends).toEqual([b]);
  });

  it('picks up again a message whose worker stopped mid-send once the lease runs out', async () => {
    const id = await enqueue();
    const stuck = deferred<{ providerRef?: string }>();
    const called = deferred<undefined>();
    const hanging = providersWith(() => {
      called.resolve(undefined);
      return stuck.promise;
    });
    const firstWorker = deliverDueMessages(db, { clock, providers: hanging, maxAttempts: 3 });
    await called.promise;
    expect(await outboxRows(db)).toMatchObject([{ id, status: 'sending', next_attempt_at: at(60) }]);

    const sends: string[] = [];
    const healthy = providersWith(async (message) => {
      sends.push(message.id);
      return {};
    });
    clock.set(at(59));
    expect(await deliverDueMessages(db, { clock, providers: healthy, maxAttempts: 3 })).toMatchObject({ sent: 0 });
    clock.set(at(60));
    expect(await deliverDueMessages(db, { clock, providers: healthy, maxAttempts: 3 })).toMatchObject({ sent: 1 });
    expect(sends).toEqual([id]);

    // The first worker comes back late: its outcome must not overwrite the second one's.
    clock.set(at(75));
    stuck.resolve({});
    expect(await firstWorker).toEqual({ sent: 0, retried: 0, dead: 0 });
    expect(await outboxRows(db)).toMatchObject([{ id, status: 'sent', sent_at: at(60) }]);
  });

  it('makes a stored message that can no longer be rendered dead at once', async () => {
    const id = await enqueue();
    await db.updateTable('outbox_message').set({ template: 'retired_template' }).where('id', '=', id).execute();
    const send = vi.fn(async () => ({}));
    expect(await deliverDueMessages(db, { clock, providers: providersWith(send), maxAttempts: 5 })).toEqual({
      sent: 0,
      retried: 0,
      dead: 1,
    });
    expect(send).not.toHaveBeenCalled();
    expect(await outboxRows(db)).toMatchObject([
      { status: 'dead', attempts: 1, last_error: 'unknown template retired_template' },
    ]);
  });

  it('runs a worker that delivers when kicked and waits for a run in progress when stopped', async () => {
    const log = captureLog();
    const release = deferred<{ providerRef?: string }>();
    const called = deferred<undefined>();
    const sends: string[] = [];
    const worker = startOutboxWorker({
      db,
      clock,
      config: { notifications: { provider: 'log', pollSeconds: 3600, maxAttempts: 3 } },
      log,
      providers: providersWith((message) => {
        sends.push(message.id);
        called.resolve(undefined);
        return release.promise;
      }),
    });
    try {
      const id = await enqueue();
      worker.kick();
      await called.promise;
      let stopped = false;
      const stopping = worker.stop().then(() => (stopped = true));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(stopped).toBe(false);
      release.resolve({});
      await stopping;
      expect(sends).toEqual([id]);
      expect(await outboxRows(db)).toMatchObject([{ id, status: 'sent' }]);
      expect(log.entries).toContainEqual({
        level: 'info',
        data: { sent: 1, retried: 0, dead: 0 },
        message: 'outbox delivery run',
      });
    } finally {
      await worker.stop();
    }
  });
});

describe('the outbox worker on a database it cannot read', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
  });
  afterAll(async () => database.drop());

  it('logs a failed run and delivers on a later one', async () => {
    const db = database.handle.db;
    const clock = new ManualClock(start);
    const log = captureLog();
    const worker = startOutboxWorker({
      db,
      clock,
      config: { notifications: { provider: 'log', pollSeconds: 3600, maxAttempts: 3 } },
      log,
      providers: createProviders({ notifications: { provider: 'log', pollSeconds: 5, maxAttempts: 3 } }, db, clock),
    });
    try {
      // The first run starts at once and finds no outbox table.
      await vi.waitFor(() => expect(log.entries.map((e) => e.level)).toContain('error'));
      expect(log.entries.find((e) => e.level === 'error')?.message).toBe('outbox delivery run failed');
      await migrateToLatest(db);
      await db.transaction().execute((trx) => enqueueMessage(trx, systemContext(clock), codeMessage));
      worker.kick();
      await vi.waitFor(async () =>
        expect(await db.selectFrom('message_log').select('body').execute()).toEqual([
          {
            body: '【坪山区12345】验证码482913，用于提交诉求，5分钟内有效。请勿将验证码告诉他人；如非本人操作，请忽略本短信。',
          },
        ]),
      );
    } finally {
      await worker.stop();
    }
  });
});
