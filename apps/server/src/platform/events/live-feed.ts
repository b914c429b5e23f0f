import pg from 'pg';
import { afterCommit } from '../db/transaction.js';
import { dialectOf, type Trx } from '../db/connect.js';

/** A change to a case, pushed to open boards (server-sent events). */
export interface LiveEvent {
  seq: number;
  caseId: string;
  number: string;
  action: string;
  node: string;
  status: string;
  deadlineStatus: string;
  /** Units the case concerns (for scope filtering by subscribers). */
  unitIds: string[];
  at: string;
}

type Listener = (event: LiveEvent) => void;

const channel = 'citydesk_case_events';

/**
 * Publishes case changes to subscribers once the change commits. On PostgreSQL the event goes
 * through NOTIFY (delivered on commit), so every server process's subscribers get it; on SQLite
 * (one process) it is handed to local subscribers after the commit.
 */
export class LiveFeed {
  private readonly listeners = new Set<Listener>();
  private client: pg.Client | null = null;
  private seq = 0;

  constructor(private readonly databaseUrl: string) {}

  /** Starts listening on PostgreSQL (no-op on SQLite). */
  async start(): Promise<void> {
    if (!/^postgres(ql)?:\/\//.test(this.databaseUrl) || this.client) return;
    const client = new pg.Client({ connectionString: this.databaseUrl });
    client.on('error', () => undefined);
    await client.connect();
    client.on('notification', (message) => {
      if (message.channel !== channel || !message.payload) return;
      try {
        this.deliver(JSON.parse(message.payload) as LiveEvent);
      } catch {
        // A malformed payload is dropped; boards re-read on reconnect.
      }
    });
    await client.query(`listen ${channel}`);
    this.client = client;
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => undefined);
    this.listeners.clear();
  }

  /**
   * Queues an event to go out once the transaction commits. On PostgreSQL the NOTIFY is sent
   * after the commit on the listening connection (a NOTIFY inside every case transaction would
   * take PostgreSQL's global notify lock at each commit); boards are best-effort and re-read on
   * reconnect, so an event lost in a crash between commit and notify costs nothing.
   */
  async publish(trx: Trx, event: Omit<LiveEvent, 'seq'>): Promise<void> {
    const full: LiveEvent = { ...event, seq: ++this.seq };
    const client = dialectOf(trx) === 'postgres' ? this.client : null;
    afterCommit(trx, () => {
      if (client) void client.query('select pg_notify($1, $2)', [channel, JSON.stringify(full)]).catch(() => undefined);
      else this.deliver(full);
    });
  }

  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  private deliver(event: LiveEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // One broken subscriber must not stop the others.
      }
    }
  }
}
