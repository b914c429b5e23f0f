import { calendarYearSchema, timeLimitSchema } from '@citydesk/shared';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ModuleDeps } from '../../platform/deps.js';
import { AppError, parseInput } from '../../platform/errors.js';
import { contextOf } from '../../platform/http/guard.js';
import { documented } from '../../platform/http/route-doc.js';
import { calendarStatus, dueAt, getCalendarYear, listCalendarYears, setCalendarYear } from './calendar.service.js';
import { formatShanghai, parseInstant } from '@citydesk/shared';

const yearParams = z.object({ year: z.coerce.number().int().min(2000).max(2100) });

const dueQuery = z
  .object({
    from: z.string().min(10).max(40),
    hours: z.coerce.number().positive().max(8760).optional(),
    workingDays: z.coerce.number().int().min(1).max(365).optional(),
  })
  .refine((q) => (q.hours === undefined) !== (q.workingDays === undefined), {
    message: 'give exactly one of hours or workingDays',
    path: ['hours'],
  });

export function registerCalendarRoutes(app: FastifyInstance, deps: ModuleDeps): void {
  const read = (summary: string, extra: { params?: typeof yearParams; query?: typeof dueQuery } = {}) =>
    documented({ tag: 'calendar', summary, access: ['calendar.read'], ...extra });

  app.get('/api/calendar/years', read('The calendar years entered'), async () => ({
    items: await listCalendarYears(deps.db),
  }));

  app.get('/api/calendar/status', read('Years missing from the calendar (Monday–Friday assumed)'), async () =>
    calendarStatus(deps.db, deps.clock.now()),
  );

  app.get(
    '/api/calendar/years/:year',
    read('One year’s off days and make-up working days', { params: yearParams }),
    async (request) => {
      const { year } = parseInput(yearParams, request.params);
      const view = await getCalendarYear(deps.db, year);
      if (!view) throw new AppError('NOT_FOUND', { year });
      return view;
    },
  );

  const replaceYear = documented({
    tag: 'calendar',
    summary: 'Replace a year (the State Council’s notice for next year)',
    access: ['calendar.manage'],
    params: yearParams,
    body: calendarYearSchema,
  });
  app.put('/api/calendar/years/:year', replaceYear, async (request) => {
    const { year } = parseInput(yearParams, request.params);
    const body = parseInput(calendarYearSchema, request.body);
    return setCalendarYear(deps.db, contextOf(request, deps.clock), year, body);
  });

  app.get(
    '/api/calendar/due',
    read('A deadline from a start and a limit in hours or working days', { query: dueQuery }),
    async (request) => {
      const q = parseInput(dueQuery, request.query);
      const start = parseInstant(q.from);
      if (!start) {
        throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'from', reason: 'not an ISO 8601 date-time' }] });
      }
      const limit = parseInput(
        timeLimitSchema,
        q.hours !== undefined ? { hours: q.hours } : { workingDays: q.workingDays },
      );
      const result = await dueAt(deps.db, start, limit, (msg, data) => request.log.warn(data, msg));
      return { from: formatShanghai(start), dueAt: formatShanghai(result.dueAt), missingYears: result.missingYears };
    },
  );
}
