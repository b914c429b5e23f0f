import {
  workflowSettingKeys,
  type WorkflowSettings,
  type WorkflowSettingsPatch,
  type WorkflowSettingsView,
} from '@citydesk/shared';
import type { Config } from '../../config.js';
import { toDbTime } from '../../platform/clock.js';
import type { UseCaseContext } from '../../platform/context.js';
import type { Db, DbOrTrx } from '../../platform/db/connect.js';
import { recordAudit } from '../audit/index.js';
import { deleteSetting, listSettingsWithPrefix, upsertSetting } from './settings.repository.js';
import type { AppSettingTable } from './settings.tables.js';
import {
  effectiveSettings,
  overridesFromRows,
  storedKeyOf,
  workflowDefaults,
  workflowPrefix,
} from './workflow-settings.js';

interface Stored {
  overrides: Partial<WorkflowSettings>;
  updatedAt: string | null;
  updatedBy: string | null;
}

interface Cached extends Stored {
  /** Process time (not the injectable clock): this is cache freshness, not domain time. */
  loadedAt: number;
  /** The merged values for the last environment asked about (one per app in practice). */
  memo: { cases: Config['cases']; value: WorkflowSettings } | null;
}

/**
 * Every case action reads these settings, so they come from memory. A write in this process
 * replaces the entry at once; another process's write (several servers on one PostgreSQL) is
 * seen after at most this long.
 */
const cacheTtlMs = 5_000;
const cache = new WeakMap<object, Cached>();
const loading = new WeakMap<object, Promise<Cached>>();

function storedFrom(rows: readonly AppSettingTable[]): Stored {
  const latest = rows.reduce<AppSettingTable | null>((a, r) => (a && a.updated_at >= r.updated_at ? a : r), null);
  return {
    overrides: overridesFromRows(rows),
    updatedAt: latest?.updated_at ?? null,
    updatedBy: latest?.updated_by ?? null,
  };
}

function remember(db: Db, stored: Stored): Cached {
  const entry: Cached = { ...stored, loadedAt: Date.now(), memo: null };
  cache.set(db, entry);
  return entry;
}

/** Reads the stored overrides into the cache (concurrent calls share one query). */
export async function loadWorkflowSettings(db: Db): Promise<void> {
  await reload(db);
}

function reload(db: Db): Promise<Cached> {
  const running = loading.get(db);
  if (running) return running;
  const next = listSettingsWithPrefix(db, workflowPrefix)
    .then((rows) => remember(db, storedFrom(rows)))
    .finally(() => loading.delete(db));
  loading.set(db, next);
  return next;
}

/**
 * The workflow settings in effect: each stored override, else the environment's value.
 * Synchronous and cheap, so it can be called inside transactions and on every case action; a
 * stale entry is refreshed in the background (never awaited here: inside a SQLite transaction a
 * read through `db` would wait for that transaction). Until the first load (which `buildApp`
 * awaits) the environment's values apply.
 */
export function workflowSettingsOf(deps: { db: Db; config: Pick<Config, 'cases'> }): WorkflowSettings {
  const entry = cache.get(deps.db);
  if (!entry || Date.now() - entry.loadedAt >= cacheTtlMs) {
    // A failed refresh keeps the last values and is tried again after the next interval.
    reload(deps.db).catch(() => {
      const kept = cache.get(deps.db);
      remember(deps.db, kept ?? { overrides: {}, updatedAt: null, updatedBy: null });
    });
  }
  if (!entry) return workflowDefaults(deps.config.cases);
  if (entry.memo?.cases !== deps.config.cases) {
    entry.memo = {
      cases: deps.config.cases,
      value: effectiveSettings(workflowDefaults(deps.config.cases), entry.overrides),
    };
  }
  return entry.memo.value;
}

function viewOf(config: Pick<Config, 'cases'>, stored: Stored): WorkflowSettingsView {
  const defaults = workflowDefaults(config.cases);
  return {
    effective: effectiveSettings(defaults, stored.overrides),
    defaults,
    overrides: stored.overrides,
    updatedAt: stored.updatedAt,
    updatedBy: stored.updatedBy,
  };
}

async function readStored(db: DbOrTrx): Promise<Stored> {
  return storedFrom(await listSettingsWithPrefix(db, workflowPrefix));
}

/** The settings as the administration page shows them (read fresh, not from the cache). */
export async function getWorkflowSettings(db: Db, config: Pick<Config, 'cases'>): Promise<WorkflowSettingsView> {
  const stored = await readStored(db);
  remember(db, stored);
  return viewOf(config, stored);
}

/**
 * Sets or removes overrides (null: back to the environment's value) in one transaction with
 * its audit event (the effective values before and after). Takes effect in this process at once.
 */
export async function updateWorkflowSettings(
  db: Db,
  ctx: UseCaseContext,
  config: Pick<Config, 'cases'>,
  patch: WorkflowSettingsPatch,
): Promise<WorkflowSettingsView> {
  const defaults = workflowDefaults(config.cases);
  const now = toDbTime(ctx.clock.now());
  const stored = await db.transaction().execute(async (trx) => {
    const before = await readStored(trx);
    for (const key of workflowSettingKeys) {
      const value = patch[key];
      if (value === undefined) continue;
      if (value === null) await deleteSetting(trx, storedKeyOf(key));
      else
        await upsertSetting(trx, {
          key: storedKeyOf(key),
          value: JSON.stringify(value),
          updated_at: now,
          updated_by: ctx.actor.username,
        });
    }
    const after = await readStored(trx);
    const snapshot = (s: Stored) => ({
      values: effectiveSettings(defaults, s.overrides),
      overridden: Object.keys(s.overrides).sort(),
    });
    if (JSON.stringify(snapshot(before)) !== JSON.stringify(snapshot(after))) {
      await recordAudit(trx, ctx, {
        action: 'workflow_settings.updated',
        subjectType: 'settings',
        subjectId: 'workflow',
        before: snapshot(before),
        after: snapshot(after),
        reason: patch.reason ?? null,
      });
    }
    return after;
  });
  remember(db, stored);
  return viewOf(config, stored);
}
