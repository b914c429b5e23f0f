export type { CaseAssignmentTable, AssignmentStatus } from './dispatch.tables.js';
export { rankCandidates, clearRule, type Candidate } from './routing.js';
export { activeStatuses } from './dispatch.repository.js';
export {
  routeCase,
  suggestRoute,
  activeAssignments,
  assignmentsOfCase,
  assignmentsOfCases,
  assignUnits,
  endAssignment,
  markSigned,
  markFedBack,
  reopenAssignments,
  reactivateAssignment,
} from './dispatch.service.js';
export { registerDispatchRoutes } from './dispatch.routes.js';
