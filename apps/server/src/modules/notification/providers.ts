import type { Locale } from '@citydesk/shared';
import type { Config } from '../../config.js';
import { systemClock, toDbTime, type Clock } from '../../platform/clock.js';
import type { Db, DbOrTrx } from '../../platform/db/connect.js';
import { newId } from '../../platform/ids.js';
import { insertMessageLog } from './notification.repository.js';
import type { TemplateName } from './templates.js';

export const messageChannels = ['sms', 'wechat', 'email', 'in_app'] as const;

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
  /** Unmasked (the provider needs the real number); never log it as is. */
  recipient: string;
  template: TemplateName;
  locale: Locale;
  body: string;
  caseId: string | null;
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

export type NotificationProviders = Record<MessageChannel, NotificationProvider>;

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

/** The providers of every channel for the configured provider kind. */
export function createProviders(
  config: Pick<Config, 'notifications'>,
  db: Db,
  clock: Clock = systemClock,
): NotificationProviders {
  switch (config.notifications.provider) {
    case 'log':
      return {
        sms: new LogProvider('sms', db, clock),
        wechat: new LogProvider('wechat', db, clock),
        email: new LogProvider('email', db, clock),
        in_app: new LogProvider('in_app', db, clock),
      };
  }
}
