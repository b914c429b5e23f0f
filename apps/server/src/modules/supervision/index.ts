export type {
  SupervisionNoticeTable,
  AccountabilityRecordTable,
  CaseReviewTable,
  NoticeKind,
  ReviewReason,
} from './supervision.tables.js';
export {
  sweepDeadlines,
  responsibleFor,
  superviseCase,
  recordAccountability,
  signNotice,
  listNotices,
  listReviews,
  listAccountability,
  closeReview,
  registerSupervisionHandlers,
  type SweepResult,
  type NoticeView,
  type ReviewView,
  type AccountabilityView,
} from './supervision.service.js';
export { startSupervisionWorker, type SupervisionWorker } from './supervision.worker.js';
export { registerSupervisionRoutes } from './supervision.routes.js';
