import type { CalendarDayInput, CalendarStatusView, CalendarYearSummary, CalendarYearView } from '@citydesk/shared';
import { http } from './http';

export type { CalendarStatusView, CalendarYearSummary, CalendarYearView };

/** The working-day calendar: years on file, one year's listed days, and replacing a year (`calendar.manage`). */
export const calendarApi = {
  years: () => http.get<{ items: CalendarYearSummary[] }>('/api/calendar/years').then((r) => r.items),
  year: (year: number) => http.get<CalendarYearView>(`/api/calendar/years/${year}`),
  status: () => http.get<CalendarStatusView>('/api/calendar/status'),
  /** Replaces the whole year (off days and make-up working days). */
  saveYear: (year: number, days: CalendarDayInput[], source: string) =>
    http.put<CalendarYearView>(`/api/calendar/years/${year}`, { days, source }),
};
