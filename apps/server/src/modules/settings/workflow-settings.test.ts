import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { effectiveSettings, overridesFromRows, workflowDefaults } from './workflow-settings.js';

const defaults = workflowDefaults(loadConfig({ LOG_LEVEL: 'silent', REOPEN_DAYS: '15' }).cases);

describe('workflow settings', () => {
  it('take the environment values where nothing is stored', () => {
    expect(effectiveSettings(defaults, {})).toEqual(defaults);
    expect(defaults.reopenDays).toBe(15);
  });

  it('take a stored override over the environment value, setting by setting', () => {
    const overrides = overridesFromRows([
      { key: 'workflow.reopenDays', value: '30' },
      { key: 'workflow.autoDispatch', value: 'true' },
    ]);
    expect(overrides).toEqual({ reopenDays: 30, autoDispatch: true });
    expect(effectiveSettings(defaults, overrides)).toEqual({ ...defaults, reopenDays: 30, autoDispatch: true });
  });

  it('ignore stored values that are out of bounds, of the wrong type, unknown or not JSON', () => {
    expect(
      overridesFromRows([
        { key: 'workflow.amberRatio', value: '1.5' },
        { key: 'workflow.reopenDays', value: '"30"' },
        { key: 'workflow.returnLimitHours', value: '{' },
        { key: 'workflow.colour', value: '"red"' },
        { key: 'other.reopenDays', value: '3' },
      ]),
    ).toEqual({});
  });
});
