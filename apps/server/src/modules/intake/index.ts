export type { CaseRecordTable, CasePartyRole } from './intake.tables.js';
export {
  findCaseById,
  findCaseByNumber,
  findCaseByTokenHash,
  findCasesByIds,
  findCasesByPhone,
  listOwnCases,
  updateCaseVersioned,
  addParty,
  removeParty,
  partiesOf,
  addTag,
  removeTag,
  tagsOfCases,
  casesInScope,
  partyInScope,
  isCaseInScope,
  type CasePatch,
  type OwnCasesFilter,
} from './case.repository.js';
export {
  evaluateDeadlines,
  planCaseDue,
  planNodeDue,
  amberInstant,
  defaultTimeLimits,
  type Deadlines,
} from './case-deadlines.js';
export { addSearchWords, indexCaseText, casesMatching, queryTerms } from './case-search.js';
export { listCasesForFeed, type CaseFeedQuery } from './case-feed.js';
export { maskName, isMobile, deriveTitle } from './case-input.js';
export {
  createCase,
  acceptCase,
  publishCaseChange,
  hashTrackingToken,
  trackingUrl,
  limitText,
  dispatchingCentreOf,
  type CreatedCase,
  type AcceptOptions,
  type AcceptedCase,
} from './intake.service.js';
export { presentSummaries, type CaseSummary, type UnitName } from './case.presenter.js';
export { registerIntakeRoutes } from './intake.routes.js';
