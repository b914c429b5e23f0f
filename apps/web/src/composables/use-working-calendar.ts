import { buildCalendar, type WorkingCalendar } from '@citydesk/shared';
import { shallowRef } from 'vue';
import { http } from '../api/http';

interface CalendarYearView {
  year: number;
  days: { date: string; isOffDay: boolean }[];
}

const calendar = shallowRef<WorkingCalendar>(buildCalendar([], []));
let loading: Promise<void> | null = null;

/**
 * The district's working-day calendar for last, this and next year, loaded once per page load
 * (deadline countdowns skip weekends and holidays with it). Until it arrives, Mon–Fri is assumed.
 */
export function useWorkingCalendar() {
  if (!loading) {
    const year = new Date().getFullYear();
    loading = Promise.all(
      [year - 1, year, year + 1].map((y) => http.get<CalendarYearView>(`/api/calendar/years/${y}`).catch(() => null)),
    ).then((years) => {
      const found = years.filter((y): y is CalendarYearView => y !== null);
      calendar.value = buildCalendar(
        found.flatMap((y) => y.days),
        found.map((y) => y.year),
      );
    });
  }
  return calendar;
}
