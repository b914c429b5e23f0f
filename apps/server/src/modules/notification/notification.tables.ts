/** One message waiting to be (or already) delivered; written in the transaction of the change. */
export interface OutboxMessageTable {
  id: string;
  /** `sms` | `wechat` | `email` | `in_app` | `webhook`, checked by the application. */
  channel: string;
  /** As given by the caller (a phone number for SMS): masked wherever it is shown or logged. */
  recipient: string;
  template: string;
  locale: string;
  /** JSON object of the template's variables. */
  payload: string;
  case_id: string | null;
  /** `pending` | `sending` | `sent` | `dead`, checked by the application. */
  status: string;
  attempts: number;
  /** When a pending message is due, or when a sending message's lease runs out. */
  next_attempt_at: string;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
  /** Whose message it is, for listing (e.g. an integration client's id); null for citizens' messages. */
  subject: string | null;
}

/** What the development (`log`) provider "sent": how developers and tests read messages. */
export interface MessageLogTable {
  id: string;
  channel: string;
  recipient: string;
  template: string;
  body: string;
  outbox_id: string | null;
  created_at: string;
}

/** An administrator's text for a template, replacing the shipped one until reset. */
export interface MessageTemplateTable {
  /** A template name (`case_accepted` …), checked by the application. */
  name: string;
  text_zh: string;
  text_en: string;
  updated_at: string;
  updated_by: string;
}

declare module '../../platform/db/schema.js' {
  interface Database {
    outbox_message: OutboxMessageTable;
    message_log: MessageLogTable;
    message_template: MessageTemplateTable;
  }
}
