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
export {
  presentPublicCase,
  citizenCaseView,
  presentPublicCaseItems,
  type PublicCaseView,
  type PublicCaseListItem,
} from './progress.js';
export { listInbox, inboxCounts, searchCases, inboxTabs, type InboxTab } from './inbox.js';
export { entriesOfCase } from './entries.js';
export { registerWorkflowRoutes } from './workflow.routes.js';
export { registerPublicCaseRoutes, type PublicCaseRouteOptions } from './public.routes.js';
