export type { CalendarDayTable, CalendarYearTable } from './calendar.tables.js';
export {
  computeDueAt,
  buildCalendar,
  isWorkingDay,
  formatShanghai,
  parseInstant,
  shanghaiDateOf,
  type WorkingCalendar,
  type DueAt,
} from '@citydesk/shared';
export {
  loadCalendar,
  dueAt,
  noteMissingYears,
  calendarStatus,
  importHolidayCsv,
  setCalendarYear,
  getCalendarYear,
  type CalendarStatus,
} from './calendar.service.js';
export { registerCalendarRoutes } from './calendar.routes.js';
