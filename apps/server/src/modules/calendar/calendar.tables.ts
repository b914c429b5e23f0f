export interface CalendarYearTable {
  year: number;
  source: string;
  updated_at: string;
}

export interface CalendarDayTable {
  date: string;
  year: number;
  is_off_day: number;
  name: string;
}

declare module '../../platform/db/schema.js' {
  interface Database {
    calendar_year: CalendarYearTable;
    calendar_day: CalendarDayTable;
  }
}
