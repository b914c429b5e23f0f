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
  closeReview,
  registerSupervisionHandlers,
  type SweepResult,
  type NoticeView,
  type ReviewView,
} from './supervision.service.js';
export { startSupervisionWorker, type SupervisionWorker } from './supervision.worker.js';
export { registerSupervisionRoutes } from './supervision.routes.js';
