export type { AppSettingTable } from './settings.tables.js';
export {
  workflowSettingsOf,
  loadWorkflowSettings,
  getWorkflowSettings,
  updateWorkflowSettings,
} from './settings.service.js';
export { registerSettingsRoutes } from './settings.routes.js';
