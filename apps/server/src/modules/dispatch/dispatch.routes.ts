import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ModuleDeps } from '../../platform/deps.js';
import { parseInput } from '../../platform/errors.js';
import { documented } from '../../platform/http/route-doc.js';
import { suggestRoute } from './dispatch.service.js';

const suggestQuery = z
  .object({
    categoryId: z.string().min(1).max(64).optional(),
    streetId: z.string().min(1).max(64).optional(),
    lat: z.coerce.number().min(-90).max(90).optional(),
    lon: z.coerce.number().min(-180).max(180).optional(),
  })
  .refine((q) => (q.lat === undefined) === (q.lon === undefined), {
    message: 'give both lat and lon, or neither',
    path: ['lat'],
  });

/** Operators see the suggestion while taking a call; dispatchers while dispatching. */
const suggestDoc = documented({
  tag: 'dispatch',
  summary: 'Ranked units with their rule for a case not yet saved',
  description: 'The same ranking as /api/cases/{id}/route; the point’s street wins over streetId',
  access: { anyOf: ['case.create', 'case.dispatch'] },
  query: suggestQuery,
});

export function registerDispatchRoutes(app: FastifyInstance, deps: ModuleDeps): void {
  /** Ranked units (with reasons) for a case not yet saved: its item and its point or street. */
  app.get('/api/dispatch/suggest', suggestDoc, async (request) => {
    const query = parseInput(suggestQuery, request.query);
    return { items: await suggestRoute(deps.db, query) };
  });
}
