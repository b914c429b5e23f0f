import type { Config } from '../config.js';
import type { Clock } from './clock.js';
import type { DatabaseHandle, Db } from './db/connect.js';

/** What every module's routes and jobs receive from the app factory. */
export interface ModuleDeps {
  db: Db;
  database: DatabaseHandle;
  config: Config;
  clock: Clock;
}
