import {
  workflowSettingKeys,
  workflowSettingValueSchemas,
  type WorkflowSettingKey,
  type WorkflowSettings,
} from '@citydesk/shared';
import type { Config } from '../../config.js';

/** Stored keys are namespaced, so other groups of settings can share the table later. */
export const workflowPrefix = 'workflow.';

export const storedKeyOf = (key: WorkflowSettingKey): string => `${workflowPrefix}${key}`;

/** The environment's values of the settings (what applies without an override). */
export function workflowDefaults(cases: Config['cases']): WorkflowSettings {
  return {
    amberRatio: cases.amberRatio,
    returnLimitHours: cases.returnLimitHours,
    reopenDays: cases.reopenDays,
    autoDispatch: cases.autoDispatch,
    urgeAtAmber: cases.urgeAtAmber,
    escalateAtRed: cases.escalateAtRed,
  };
}

function isWorkflowKey(value: string): value is WorkflowSettingKey {
  return (workflowSettingKeys as readonly string[]).includes(value);
}

/**
 * The overrides among stored rows. A row that no longer parses (a bound tightened in a later
 * version, a hand edit) is ignored, so the environment's value applies instead of a bad one.
 */
export function overridesFromRows(rows: readonly { key: string; value: string }[]): Partial<WorkflowSettings> {
  const overrides: Partial<Record<WorkflowSettingKey, unknown>> = {};
  for (const row of rows) {
    const key = row.key.slice(workflowPrefix.length);
    if (!row.key.startsWith(workflowPrefix) || !isWorkflowKey(key)) continue;
    let value: unknown;
    try {
      value = JSON.parse(row.value) as unknown;
    } catch {
      continue;
    }
    const parsed = workflowSettingValueSchemas[key].safeParse(value);
    if (parsed.success) overrides[key] = parsed.data;
  }
  return overrides as Partial<WorkflowSettings>;
}

/** Each setting's override, else the environment's value. */
export function effectiveSettings(defaults: WorkflowSettings, overrides: Partial<WorkflowSettings>): WorkflowSettings {
  return { ...defaults, ...overrides };
}
