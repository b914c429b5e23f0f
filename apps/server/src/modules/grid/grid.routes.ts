import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ModuleDeps } from '../../platform/deps.js';
import { parseInput } from '../../platform/errors.js';
import { requireActor } from '../../platform/http/guard.js';
import { documented } from '../../platform/http/route-doc.js';
import { gridWorkerView, myReports, quickEvents } from './grid.service.js';

const pageQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});

/**
 * The grid-worker app's own reads. Reporting is `POST /api/cases` (channel `grid`), tasks are the
 * inbox tabs `to_verify` and `in_hand`, verification the `verify` action: one API for all staff.
 */
export function registerGridRoutes(app: FastifyInstance, deps: ModuleDeps): void {
  // Resolved at start, so the first worker's tap does not wait for the catalogue.
  app.addHook('onReady', async () => {
    await quickEvents(deps.db);
  });

  // Verifying on site is what makes a grid worker (only that role holds case.verify).
  app.get(
    '/api/grid/me',
    documented({
      tag: 'grid',
      summary: 'The grid worker and the grids of their unit, with outlines',
      access: ['case.verify'],
      returns: 'GridWorkerView',
    }),
    async (request) => gridWorkerView(deps.db, requireActor(request)),
  );

  app.get(
    '/api/grid/quick-events',
    documented({
      tag: 'grid',
      summary: 'The one-tap patrol events, each with its catalogue item',
      access: ['case.create'],
      returns: 'GridQuickEvent[]',
    }),
    async () => quickEvents(deps.db),
  );

  app.get(
    '/api/grid/my-reports',
    documented({
      tag: 'grid',
      summary: 'The cases the caller reported, newest first',
      access: ['case.create'],
      query: pageQuery,
      returns: 'CasePage',
    }),
    async (request) => {
      const { cursor, limit } = parseInput(pageQuery, request.query);
      return myReports(deps.db, requireActor(request), cursor, limit);
    },
  );
}
