import type { WorkflowSettingsPatch, WorkflowSettingsView } from '@citydesk/shared';
import { http } from './http';

export type { WorkflowSettingsView };

/** Workflow settings (`settings.manage`): a value overrides the environment's, `null` goes back to it. */
export const settingsApi = {
  workflow: () => http.get<WorkflowSettingsView>('/api/settings/workflow'),
  saveWorkflow: (patch: WorkflowSettingsPatch) => http.put<WorkflowSettingsView>('/api/settings/workflow', patch),
};
