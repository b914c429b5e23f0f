import type { Locale } from '@citydesk/shared';
import type { Config } from '../../config.js';
import { toDbTime, type Clock } from '../../platform/clock.js';
import type { UseCaseContext } from '../../platform/context.js';
import type { Db, DbOrTrx, Trx } from '../../platform/db/connect.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { recordAudit } from '../audit/index.js';
import { claimLeaseMs, retryDelayMs } from './backoff.js';
import {
  claimDueMessages,
  findOutboxMessage,
  finishDelivery,
  insertOutboxMessage,
  requeueDeadMessage,
  searchMessageLog,
  searchOutbox,
  type OutboxQuery,
  type OutboxStatus,
} from './notification.repository.js';
import {
  maskRecipient,
  presentMessageLog,
  presentOutboxMessage,
  safeErrorText,
  type MessageLogView,
  type OutboxMessageView,
} from './notification.presenter.js';
import type { OutboxMessageTable } from './notification.tables.js';
import { templateTextsOf, type TemplateTexts } from './template-overrides.js';
import {
  isMessageChannel,
  PermanentDeliveryError,
  type MessageChannel,
  type NotificationProviders,
  type OutboundMessage,
  type PersonChannel,
} from './providers.js';
import {
  checkTemplatePayload,
  isTemplateName,
  renderTemplate,
  type TemplateName,
  type TemplatePayload,
} from './templates.js';

const locales: readonly Locale[] = ['zh-CN', 'en-US'];

export interface NewMessage {
  channel: PersonChannel;
  /** A phone number (sms), an openid (wechat), an address (email) or a unit/user id (in_app). */
  recipient: string;
  template: TemplateName;
  /** Chinese unless given. */
  locale?: Locale;
  payload: TemplatePayload;
  caseId?: string | null;
  /** Whose message it is, for listing (e.g. an integration client's id); none for citizens' SMS. */
  subject?: string | null;
}

/**
 * Puts a message in the outbox inside the caller's transaction: it is delivered after the change
 * commits, and never if it rolls back. Returns the outbox id. A bad template or payload is a
 * programming error and throws a plain Error (which also rolls the caller back).
 */
export async function enqueueMessage(trx: Trx, ctx: UseCaseContext, message: NewMessage): Promise<string> {
  const locale = message.locale ?? 'zh-CN';
  // Checked at run time too: callers may build these from stored or computed strings.
  if (!isMessageChannel(message.channel) || (message.channel as MessageChannel) === 'webhook') {
    throw new Error(`unknown message channel: ${String(message.channel)} (webhooks go through enqueueWebhook)`);
  }
  if (!isTemplateName(message.template)) throw new Error(`unknown message template: ${String(message.template)}`);
  if (!locales.includes(locale)) throw new Error(`unsupported message locale: ${String(locale)}`);
  if (message.recipient.trim() === '') throw new Error(`message ${message.template} has no recipient`);
  const problems = checkTemplatePayload(message.template, message.payload);
  if (problems.length > 0) throw new Error(`template ${message.template}: ${problems.join('; ')}`);

  const now = ctx.clock.now();
  const id = newId(now.getTime());
  await insertOutboxMessage(trx, {
    id,
    channel: message.channel,
    // Stored as given: the provider needs the real number. Masked wherever it is shown.
    recipient: message.recipient,
    template: message.template,
    locale,
    payload: JSON.stringify(message.payload),
    case_id: message.caseId ?? null,
    status: 'pending' satisfies OutboxStatus,
    attempts: 0,
    next_attempt_at: toDbTime(now),
    last_error: null,
    created_at: toDbTime(now),
    sent_at: null,
    subject: message.subject ?? null,
  });
  return id;
}

export interface NewWebhook {
  url: string;
  /** Sent as JSON, exactly as given. */
  body: unknown;
  /** What the message is about, shown to administrators (`feedback`, `webhook:case.closed`). */
  topic: string;
  /** Whose secret signs it at send time (see WebhookSigner); null: unsigned. */
  signer: string | null;
  headers?: Readonly<Record<string, string>>;
  caseId?: string | null;
  subject?: string | null;
}

const topicPattern = /^[a-z_]+(:[a-z_.]+)?$/;

/**
 * Puts a webhook (a JSON POST to another system) in the outbox inside the caller's transaction:
 * delivered after the change commits, retried with backoff, dead after the maximum attempts —
 * like any message, and with its delivery state apart from the case's.
 */
export async function enqueueWebhook(trx: Trx, ctx: UseCaseContext, webhook: NewWebhook): Promise<string> {
  if (!/^https?:\/\//i.test(webhook.url)) throw new Error(`webhook URL must be http(s): ${webhook.url}`);
  if (!topicPattern.test(webhook.topic)) throw new Error(`bad webhook topic: ${webhook.topic}`);
  const now = ctx.clock.now();
  const id = newId(now.getTime());
  await insertOutboxMessage(trx, {
    id,
    channel: 'webhook' satisfies MessageChannel,
    recipient: webhook.url,
    template: webhook.topic,
    locale: 'zh-CN',
    payload: JSON.stringify({
      body: JSON.stringify(webhook.body),
      headers: webhook.headers ?? {},
      signer: webhook.signer,
    } satisfies StoredWebhook),
    case_id: webhook.caseId ?? null,
    status: 'pending' satisfies OutboxStatus,
    attempts: 0,
    next_attempt_at: toDbTime(now),
    last_error: null,
    created_at: toDbTime(now),
    sent_at: null,
    subject: webhook.subject ?? null,
  });
  return id;
}

/** How a webhook sits in the outbox's payload column. */
interface StoredWebhook {
  body: string;
  headers: Record<string, string>;
  signer: string | null;
}

/** Where the worker reports; pino loggers (app.log) fit. */
export interface NotificationLog {
  debug(data: object, message: string): void;
  info(data: object, message: string): void;
  warn(data: object, message: string): void;
  error(data: object, message: string): void;
}

export interface DeliveryOptions {
  clock: Clock;
  providers: NotificationProviders;
  /** After this many failed attempts a message is dead (a dead letter for an administrator). */
  maxAttempts: number;
  batchSize?: number;
  log?: NotificationLog;
}

export interface DeliveryResult {
  sent: number;
  retried: number;
  dead: number;
}

/** A message that can never be sent as stored: retrying would only fail again. */
class PermanentFailure extends Error {}

function toOutbound(row: OutboxMessageTable, texts: TemplateTexts): OutboundMessage {
  if (!isMessageChannel(row.channel)) throw new PermanentFailure(`unknown channel ${row.channel}`);
  if (row.channel === 'webhook') {
    let stored: StoredWebhook;
    try {
      stored = JSON.parse(row.payload) as StoredWebhook;
    } catch (error) {
      throw new PermanentFailure(error instanceof Error ? error.message : String(error));
    }
    return {
      id: row.id,
      channel: 'webhook',
      recipient: row.recipient,
      template: row.template,
      locale: 'zh-CN',
      body: stored.body,
      caseId: row.case_id,
      http: { headers: stored.headers, signer: stored.signer },
    };
  }
  if (!isTemplateName(row.template)) throw new PermanentFailure(`unknown template ${row.template}`);
  const locale = locales.find((l) => l === row.locale);
  if (!locale) throw new PermanentFailure(`unsupported locale ${row.locale}`);
  let body: string;
  try {
    body = renderTemplate(row.template, locale, JSON.parse(row.payload) as TemplatePayload, texts.get(row.template));
  } catch (error) {
    throw new PermanentFailure(error instanceof Error ? error.message : String(error));
  }
  return {
    id: row.id,
    channel: row.channel,
    recipient: row.recipient,
    template: row.template,
    locale,
    body,
    caseId: row.case_id,
  };
}

type SendOutcome =
  | { ok: true; providerRef: string | undefined }
  | { ok: false; permanent: boolean; /** masked and truncated */ error: string };

/** Renders and sends one claimed message; a failure is returned, never thrown. */
async function sendOne(
  row: OutboxMessageTable,
  providers: NotificationProviders,
  texts: TemplateTexts,
  trx?: DbOrTrx,
): Promise<SendOutcome> {
  try {
    const message = toOutbound(row, texts);
    const provider = providers[message.channel];
    if (!provider) throw new Error(`no provider for the ${message.channel} channel in this process`);
    const sent = await provider.send(message, trx);
    return { ok: true, providerRef: sent.providerRef };
  } catch (error) {
    return {
      ok: false,
      permanent: error instanceof PermanentFailure || error instanceof PermanentDeliveryError,
      error: safeErrorText(error),
    };
  }
}

/**
 * Sends the messages that are due, oldest first, at most `batchSize` per call. Safe to run in
 * several processes at once: the batch is claimed (with a 60 s lease) in a short transaction and
 * sent outside it. A failed send is retried with exponential backoff; after `maxAttempts`
 * failures the message is dead. Delivery is at least once: a worker that dies after sending but
 * before recording it leaves the message to be sent again when its lease runs out.
 */
export async function deliverDueMessages(db: Db, options: DeliveryOptions): Promise<DeliveryResult> {
  const { clock, providers, maxAttempts, batchSize = 50, log } = options;
  // Administrators' template texts, read before the transactions below (cached in memory).
  const texts = await templateTextsOf(db);
  const claimedAt = clock.now();
  const leaseUntil = toDbTime(new Date(claimedAt.getTime() + claimLeaseMs));
  const claimed = await db
    .transaction()
    .execute((trx) => claimDueMessages(trx, toDbTime(claimedAt), leaseUntil, batchSize));

  const result: DeliveryResult = { sent: 0, retried: 0, dead: 0 };
  const isLocal = (row: OutboxMessageTable) =>
    isMessageChannel(row.channel) && providers[row.channel]?.writesToDatabase === true;
  // Messages to real gateways are sent outside any transaction; all outcomes (and the sends of
  // database-only providers) are then recorded in one transaction: one commit per batch.
  const outcomes: { row: OutboxMessageTable; outcome: SendOutcome }[] = [];
  for (const row of claimed.filter((r) => !isLocal(r))) {
    // Past the lease another worker may already have re-claimed the rest of the batch; leave
    // them to it rather than send twice (unsent rows stay claimable).
    if (toDbTime(clock.now()) >= leaseUntil) break;
    outcomes.push({ row, outcome: await sendOne(row, providers, texts) });
  }
  await db.transaction().execute(async (trx) => {
    for (const row of claimed.filter(isLocal)) {
      outcomes.push({ row, outcome: await sendOne(row, providers, texts, trx) });
    }
    for (const { row, outcome } of outcomes) await recordOutcome(trx, row, outcome, leaseUntil);
  });
  return result;

  async function recordOutcome(
    trx: DbOrTrx,
    row: OutboxMessageTable,
    outcome: SendOutcome,
    lease: string,
  ): Promise<void> {
    const claim = { id: row.id, leaseUntil: lease };
    if (outcome.ok) {
      const sentAt = toDbTime(clock.now());
      const recorded = await finishDelivery(trx, claim, {
        status: 'sent' satisfies OutboxStatus,
        attempts: Number(row.attempts),
        next_attempt_at: sentAt,
        // Kept: a message that needed retries still shows why the earlier attempts failed.
        last_error: row.last_error,
        sent_at: sentAt,
      });
      if (recorded) result.sent++;
      else log?.warn({ outboxId: row.id }, 'outbox message sent after its claim was taken over');
      log?.debug({ outboxId: row.id, providerRef: outcome.providerRef ?? null }, 'outbox message sent');
      return;
    }
    const attempts = Number(row.attempts) + 1;
    const isDead = outcome.permanent || attempts >= maxAttempts;
    const failedAt = clock.now();
    const recorded = await finishDelivery(trx, claim, {
      status: (isDead ? 'dead' : 'pending') satisfies OutboxStatus,
      attempts,
      next_attempt_at: toDbTime(isDead ? failedAt : new Date(failedAt.getTime() + retryDelayMs(attempts))),
      last_error: outcome.error,
      sent_at: null,
    });
    if (!recorded) return;
    if (isDead) result.dead++;
    else result.retried++;
    log?.[isDead ? 'error' : 'warn'](
      {
        outboxId: row.id,
        channel: row.channel,
        template: row.template,
        recipient: maskRecipient(row.recipient),
        attempts,
        error: outcome.error,
      },
      isDead ? 'outbox message is dead' : 'outbox message send failed; will retry',
    );
  }
}

export interface OutboxWorkerDeps {
  db: Db;
  clock: Clock;
  config: Pick<Config, 'notifications'>;
  log: NotificationLog;
  providers: NotificationProviders;
}

export interface OutboxWorker {
  /** Stops polling and waits for a run in progress to finish. */
  stop(): Promise<void>;
  /** Runs soon instead of at the next poll (e.g. right after a commit that enqueued messages). */
  kick(): void;
}

const workerBatchSize = 50;

/**
 * Delivers due messages every `pollSeconds` in this process. Runs never overlap; a failing run is
 * logged and the next one tried at the next poll. The timer does not keep the process alive.
 */
export function startOutboxWorker(deps: OutboxWorkerDeps): OutboxWorker {
  const pollMs = deps.config.notifications.pollSeconds * 1000;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let runAgain = false;
  let stopped = false;

  const schedule = (delayMs: number) => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      startRun();
    }, delayMs);
    timer.unref();
  };

  const runOnce = async (): Promise<boolean> => {
    try {
      const result = await deliverDueMessages(deps.db, {
        clock: deps.clock,
        providers: deps.providers,
        maxAttempts: deps.config.notifications.maxAttempts,
        batchSize: workerBatchSize,
        log: deps.log,
      });
      const handled = result.sent + result.retried + result.dead;
      if (handled > 0) deps.log.info({ ...result }, 'outbox delivery run');
      // A full batch suggests more are waiting: go on without waiting for the next poll.
      return handled >= workerBatchSize;
    } catch (error) {
      deps.log.error({ err: error }, 'outbox delivery run failed');
      return false;
    }
  };

  const startRun = () => {
    if (running) {
      runAgain = true;
      return;
    }
    running = runOnce().then((more) => {
      running = null;
      const soon = more || runAgain;
      runAgain = false;
      schedule(soon ? 0 : pollMs);
    });
  };

  schedule(0);
  return {
    kick: () => {
      if (stopped) return;
      if (running) runAgain = true;
      else schedule(0);
    },
    stop: async () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      if (running) await running;
    },
  };
}

/** Outbox messages for administrators, newest first, recipients masked. */
export async function listOutboxMessages(
  db: Db,
  query: OutboxQuery,
): Promise<{ items: OutboxMessageView[]; total: number }> {
  const { rows, total } = await searchOutbox(db, query);
  return { items: rows.map(presentOutboxMessage), total };
}

/** Outbox rows as stored (webhook URLs, topics and subjects), newest first: for modules that present their own deliveries. */
export async function searchOutboxMessages(
  db: DbOrTrx,
  query: OutboxQuery,
): Promise<{ rows: OutboxMessageTable[]; total: number }> {
  return searchOutbox(db, query);
}

/** One outbox row by id. */
export async function getOutboxMessage(db: DbOrTrx, id: string): Promise<OutboxMessageTable | undefined> {
  return findOutboxMessage(db, id);
}

/** Sends a dead letter back to the queue (attempts reset), audited in the same transaction. */
export async function retryDeadMessage(db: Db, ctx: UseCaseContext, id: string): Promise<OutboxMessageView> {
  return db.transaction().execute(async (trx) => {
    const before = await findOutboxMessage(trx, id);
    if (!before) throw new AppError('NOT_FOUND', { outboxId: id });
    const now = toDbTime(ctx.clock.now());
    // The status check is in the UPDATE too, so two administrators cannot both requeue it.
    if (before.status !== 'dead' || !(await requeueDeadMessage(trx, id, now))) {
      throw new AppError('CONFLICT', {
        outboxId: id,
        status: before.status,
        reason: 'only a dead message can be retried',
      });
    }
    await recordAudit(trx, ctx, {
      action: 'notification.retried',
      subjectType: 'outbox_message',
      subjectId: id,
      before: { status: before.status, attempts: Number(before.attempts), lastError: before.last_error },
      after: { status: 'pending', attempts: 0 },
    });
    const after = await findOutboxMessage(trx, id);
    if (!after) throw new Error(`outbox message ${id} vanished while being retried`);
    return presentOutboxMessage(after);
  });
}

/** The development message log, newest first (recipient matched exactly, shown masked). */
export async function listMessageLog(
  db: Db,
  query: { recipient?: string | undefined; limit: number },
): Promise<{ items: MessageLogView[] }> {
  const rows = await searchMessageLog(db, query);
  return { items: rows.map(presentMessageLog) };
}
