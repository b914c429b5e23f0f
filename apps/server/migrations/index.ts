import type { Migration } from 'kysely';
import * as foundation from './20261125T1930-foundation.js';
import * as caseLifecycle from './20261125T2100-case-lifecycle.js';
import * as relatedCaseIndexes from './20261126T0900-related-case-indexes.js';
import * as adminOverrides from './20261126T1000-admin-overrides.js';
import * as boardIndexes from './20261126T1100-board-indexes.js';
import * as queueIndexes from './20261126T1200-queue-indexes.js';
import * as portal from './20261203T1000-portal.js';
import * as integration from './20261203T1100-integration.js';

/** Every migration, by name; names sort in the order they run. A test checks the folder matches. */
export const migrations: Record<string, Migration> = {
  '20261125T1930-foundation': foundation,
  '20261125T2100-case-lifecycle': caseLifecycle,
  '20261126T0900-related-case-indexes': relatedCaseIndexes,
  '20261126T1000-admin-overrides': adminOverrides,
  '20261126T1100-board-indexes': boardIndexes,
  '20261126T1200-queue-indexes': queueIndexes,
  '20261203T1000-portal': portal,
  '20261203T1100-integration': integration,
};
