import type { Permission } from '@citydesk/shared';
import type { FastifyInstance, preHandlerAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import type { ModuleDeps } from '../../platform/deps.js';
import { AppError, parseInput } from '../../platform/errors.js';
import { requireActor } from '../../platform/http/guard.js';
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
const suggestPermissions: Permission[] = ['case.create', 'case.dispatch'];

const requireAny =
  (permissions: readonly Permission[]): preHandlerAsyncHookHandler =>
  async (request) => {
    const actor = requireActor(request);
    if (!permissions.some((p) => actor.permissions.has(p))) throw new AppError('FORBIDDEN', { anyOf: permissions });
  };

export function registerDispatchRoutes(app: FastifyInstance, deps: ModuleDeps): void {
  /** Ranked units (with reasons) for a case not yet saved: its item and its point or street. */
  app.get('/api/dispatch/suggest', { preHandler: requireAny(suggestPermissions) }, async (request) => {
    const query = parseInput(suggestQuery, request.query);
    return { items: await suggestRoute(deps.db, query) };
  });
}
