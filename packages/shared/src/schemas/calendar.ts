import { z } from 'zod';

export const isoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'YYYY-MM-DD' });

/** One listed day: an off day (holiday or bridged rest day) or a make-up working day (调休). */
export const calendarDaySchema = z.object({
  date: isoDateSchema,
  isOffDay: z.boolean(),
  name: z.string().trim().max(40).default(''),
});
export type CalendarDayInput = z.infer<typeof calendarDaySchema>;

/** A whole year replaced at once by an administrator. */
export const calendarYearSchema = z.object({
  days: z.array(calendarDaySchema).max(366),
  source: z.string().trim().max(200).default(''),
});
