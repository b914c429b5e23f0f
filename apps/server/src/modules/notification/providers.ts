import type { Locale } from '@citydesk/shared';
import type { Config } from '../../config.js';
import { systemClock, toDbTime, type Clock } from '../../platform/clock.js';
import type { Db, DbOrTrx } from '../../platform/db/connect.js';
import { newId } from '../../platform/ids.js';
import { insertMessageLog } from './notification.repository.js';

/** Channels that reach a person (rendered from a message template). */
export const personChannels = ['sms', 'wechat', 'email', 'in_app'] as const;
export type PersonChannel = (typeof personChannels)[number];

/**
 * Every channel: the person channels, and `webhook` — a signed JSON POST to another system's URL
 * (status feedback, subscriptions), whose body is stored as given instead of rendered.
 */
export const messageChannels = [...personChannels, 'webhook'] as const;

/**
 * How a message reaches its recipient. Named MessageChannel because platform/context.ts already
 * has a `Channel` (where a request came from).
 */
export type MessageChannel = (typeof messageChannels)[number];

/** Whether a stored or given string is a channel this module can send on. */
export function isMessageChannel(value: string): value is MessageChannel {
  return (messageChannels as readonly string[]).includes(value);
}

/** One rendered message handed to a provider. */
export interface OutboundMessage {
  /** The outbox id: providers that support it should use it to drop duplicate sends. */
  id: string;
  channel: MessageChannel;
  /** Unmasked (the provider needs the real number); never log it as is. For webhooks: the URL. */
  recipient: string;
  /** The template's name (a TemplateName), or for webhooks the topic (`feedback`, `webhook:case.closed`). */
  template: string;
  locale: Locale;
  body: string;
  caseId: string | null;
  /** Webhooks only: extra headers and whose secret signs the body (signed at send time). */
  http?: { headers: Readonly<Record<string, string>>; signer: string | null };
}

/** A failure no retry can mend (the receiver says the URL is gone): the message is dead at once. */
export class PermanentDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentDeliveryError';
  }
}

/** A way of sending one channel's messages; throwing means "not sent, try again later". */
export interface NotificationProvider {
  channel: MessageChannel;
  /**
   * Sends a message. A provider that only writes to the database (the log provider) is given the
   * worker's transaction, so a whole batch costs one commit.
   */
  send(message: OutboundMessage, trx?: DbOrTrx): Promise<{ providerRef?: string }>;
  /** True when sending is a database write that may run inside the worker's transaction. */
  readonly writesToDatabase?: boolean;
}

/**
 * The providers of every person channel, and of webhooks when this process sends them (without
 * one, webhook messages wait and are retried like any failed send).
 */
export type NotificationProviders = Record<PersonChannel, NotificationProvider> & {
  webhook?: NotificationProvider;
};

/**
 * Headers that sign a webhook body for the named signer (e.g. an integration client's id), made
 * at send time so each attempt carries a fresh timestamp; null when the signer has no secret.
 */
export type WebhookSigner = (signer: string, body: string, now: Date) => Promise<Record<string, string> | null>;

/** How long a webhook receiver may take to answer before the attempt counts as failed. */
export const webhookTimeoutMs = 10_000;

/**
 * POSTs a webhook's JSON body to its URL with the stored headers, the outbox id (receivers drop
 * duplicates by it: delivery is at least once) and the signer's signature headers. A 2xx answer
 * is success; 410 Gone is permanent; anything else (or no answer) is retried with backoff.
 */
export class WebhookProvider implements NotificationProvider {
  readonly channel = 'webhook' as const;

  constructor(private readonly options: { signer?: WebhookSigner; clock?: Clock; timeoutMs?: number } = {}) {}

  async send(message: OutboundMessage): Promise<{ providerRef?: string }> {
    const http = message.http ?? { headers: {}, signer: null };
    const headers: Record<string, string> = {
      ...http.headers,
      'content-type': 'application/json; charset=utf-8',
      'x-citydesk-delivery': message.id,
    };
    if (http.signer) {
      const signed = await this.options.signer?.(http.signer, message.body, (this.options.clock ?? systemClock).now());
      // Unsigned it would be refused by the receiver anyway; try again after a secret is set.
      if (!signed) throw new Error(`no signing secret for ${http.signer}`);
      Object.assign(headers, signed);
    }
    let response: Response;
    try {
      response = await fetch(message.recipient, {
        method: 'POST',
        headers,
        body: message.body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.options.timeoutMs ?? webhookTimeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      throw new Error(`POST failed: ${cause ?? (error instanceof Error ? error.name : 'error')}`);
    }
    // The body is not needed; reading it frees the connection.
    await response.arrayBuffer().catch(() => undefined);
    if (response.status === 410) throw new PermanentDeliveryError('HTTP 410 Gone: the receiver removed this URL');
    if (response.status < 200 || response.status > 299) throw new Error(`HTTP ${response.status}`);
    return { providerRef: `HTTP ${response.status}` };
  }
}

/**
 * The development provider: "sends" by writing the message into `message_log`, which developers
 * and tests read (SMS verification codes included) instead of a phone.
 */
export class LogProvider implements NotificationProvider {
  readonly writesToDatabase = true;

  constructor(
    readonly channel: MessageChannel,
    private readonly db: Db,
    private readonly clock: Clock = systemClock,
  ) {}

  async send(message: OutboundMessage, trx?: DbOrTrx): Promise<{ providerRef?: string }> {
    const at = this.clock.now();
    const id = newId(at.getTime());
    await insertMessageLog(trx ?? this.db, {
      id,
      channel: message.channel,
      recipient: message.recipient,
      template: message.template,
      body: message.body,
      outbox_id: message.id,
      created_at: toDbTime(at),
    });
    return { providerRef: id };
  }
}

/**
 * The providers of every channel for the configured provider kind. Webhooks are always real HTTP
 * (also in development: the receivers are other systems), signed by `webhookSigner` when given.
 */
export function createProviders(
  config: Pick<Config, 'notifications'>,
  db: Db,
  clock: Clock = systemClock,
  options: { webhookSigner?: WebhookSigner } = {},
): NotificationProviders {
  const webhook = new WebhookProvider({ clock, ...(options.webhookSigner ? { signer: options.webhookSigner } : {}) });
  switch (config.notifications.provider) {
    case 'log':
      return {
        sms: new LogProvider('sms', db, clock),
        wechat: new LogProvider('wechat', db, clock),
        email: new LogProvider('email', db, clock),
        in_app: new LogProvider('in_app', db, clock),
        webhook,
      };
  }
}
