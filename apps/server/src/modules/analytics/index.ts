export { boardSummary, boardMap } from './analytics.service.js';
export { boardPeriods, type BoardPeriods } from './board-periods.js';
export { registerAnalyticsRoutes } from './analytics.routes.js';
