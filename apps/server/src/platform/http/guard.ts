import type { Permission } from '@citydesk/shared';
import type { FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { Clock } from '../clock.js';
import { citizenActor, type Actor, type UseCaseContext } from '../context.js';
import { AppError } from '../errors.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the auth module's hook when a valid session cookie came with the request. */
    actor: Actor | null;
    /** Why a presented session was not accepted (expired or ended), for a precise 401. */
    sessionProblem: 'SESSION_EXPIRED' | null;
  }
}

/** The signed-in actor, or a 401 (SESSION_EXPIRED when a stale session was presented). */
export function requireActor(request: FastifyRequest): Actor {
  if (request.actor) return request.actor;
  throw new AppError(request.sessionProblem ?? 'UNAUTHENTICATED');
}

/** A preHandler refusing the request unless the actor holds every listed permission. */
export function requirePermission(...needed: Permission[]): preHandlerAsyncHookHandler {
  return async (request) => {
    const actor = requireActor(request);
    const missing = needed.filter((p) => !actor.permissions.has(p));
    if (missing.length > 0) throw new AppError('FORBIDDEN', { missing });
  };
}

/** A preHandler refusing the request unless the actor holds at least one of the permissions. */
export function requireAnyPermission(permissions: readonly Permission[]): preHandlerAsyncHookHandler {
  return async (request) => {
    const actor = requireActor(request);
    if (!permissions.some((p) => actor.permissions.has(p))) throw new AppError('FORBIDDEN', { anyOf: permissions });
  };
}

/** The use-case context of a citizen's request (no account: the public channel). */
export function citizenContextOf(request: FastifyRequest, clock: Clock): UseCaseContext {
  return { actor: citizenActor, requestId: request.id, ip: request.ip, channel: 'public', clock };
}

/** The use-case context of an authenticated request. */
export function contextOf(request: FastifyRequest, clock: Clock): UseCaseContext {
  const actor = requireActor(request);
  return { actor, requestId: request.id, ip: request.ip, channel: actor.kind === 'client' ? 'api' : 'web', clock };
}
