export type { CaseEntryTable, CaseExtensionTable, CaseRatingTable, EntryKind } from './workflow.tables.js';
export { caseActions, isCaseActionName, type CaseActionName } from './case-actions.js';
export {
  performAction,
  loadActionState,
  availableActions,
  rateCase,
  reopenByCitizen,
  registerWorkflowHandlers,
} from './workflow.service.js';
export { presentCaseDetail, caseTimeline, type CaseDetail } from './case-view.js';
export { presentPublicCase, type PublicCaseView } from './progress.js';
export { listInbox, inboxCounts, searchCases, inboxTabs, type InboxTab } from './inbox.js';
export { registerWorkflowRoutes } from './workflow.routes.js';
export { registerPublicCaseRoutes } from './public.routes.js';
