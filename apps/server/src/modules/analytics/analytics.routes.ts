import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { scopePathOf } from '../../platform/context.js';
import type { ModuleDeps } from '../../platform/deps.js';
import { parseInput } from '../../platform/errors.js';
import { requireActor } from '../../platform/http/guard.js';
import { documented } from '../../platform/http/route-doc.js';
import { boardMap, boardSummary } from './analytics.service.js';

const mapQuery = z.object({ limit: z.coerce.number().int().min(1).max(2000).default(500) });

/** The command board's read-only figures (board.view), limited to the caller's scope. */
export function registerAnalyticsRoutes(app: FastifyInstance, deps: ModuleDeps): void {
  app.get(
    '/api/board/summary',
    documented({
      tag: 'analytics',
      summary: 'The command board’s counts',
      description: 'Today and this week (Shanghai days), on-time rate, open cases by deadline, top items and streets',
      access: ['board.view'],
    }),
    async (request) => boardSummary(deps.db, scopePathOf(requireActor(request)), deps.clock.now()),
  );

  const map = documented({
    tag: 'analytics',
    summary: 'Open cases with coordinates, newest first (for the board’s map)',
    access: ['board.view'],
    query: mapQuery,
  });
  app.get('/api/board/map', map, async (request) => {
    const { limit } = parseInput(mapQuery, request.query);
    return boardMap(deps.db, scopePathOf(requireActor(request)), limit);
  });
}
