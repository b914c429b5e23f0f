import type { Migration } from 'kysely';
import * as foundation from './20261125T1930-foundation.js';
import * as caseLifecycle from './20261125T2100-case-lifecycle.js';

/** Every migration, by name; names sort in the order they run. A test checks the folder matches. */
export const migrations: Record<string, Migration> = {
  '20261125T1930-foundation': foundation,
  '20261125T2100-case-lifecycle': caseLifecycle,
};
