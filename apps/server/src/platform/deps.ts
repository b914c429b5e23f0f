import type { Config } from '../config.js';
import type { Clock } from './clock.js';
import type { DatabaseHandle, Db } from './db/connect.js';
import type { DomainEvents } from './events/domain-events.js';
import type { LiveFeed } from './events/live-feed.js';

/** What every module's routes and jobs receive from the app factory. */
export interface ModuleDeps {
  db: Db;
  database: DatabaseHandle;
  config: Config;
  clock: Clock;
  /** In-transaction reactions between modules (case rated → review opened). */
  events: DomainEvents;
  /** Case changes pushed to boards after commit. */
  feed: LiveFeed;
  /** Secret for signed public links (photos). */
  signingSecret: Buffer;
}
