import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { scopePathOf } from '../../platform/context.js';
import type { ModuleDeps } from '../../platform/deps.js';
import { parseInput } from '../../platform/errors.js';
import { requireActor, requirePermission } from '../../platform/http/guard.js';
import { boardMap, boardSummary } from './analytics.service.js';

const mapQuery = z.object({ limit: z.coerce.number().int().min(1).max(2000).default(500) });

/** The command board's read-only figures (board.view), limited to the caller's scope. */
export function registerAnalyticsRoutes(app: FastifyInstance, deps: ModuleDeps): void {
  const view = { preHandler: requirePermission('board.view') };

  app.get('/api/board/summary', view, async (request) =>
    boardSummary(deps.db, scopePathOf(requireActor(request)), deps.clock.now()),
  );

  app.get('/api/board/map', view, async (request) => {
    const { limit } = parseInput(mapQuery, request.query);
    return boardMap(deps.db, scopePathOf(requireActor(request)), limit);
  });
}
