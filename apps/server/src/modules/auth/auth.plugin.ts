import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleDeps } from '../../platform/deps.js';
import { resolveApiClient } from './api-clients.js';
import { resolveSession } from './auth.service.js';

export const sessionCookie = 'citydesk_session';

declare module 'fastify' {
  interface FastifyRequest {
    /** Hash id of the session the request came with (for "end my other sessions"). */
    sessionId: string | null;
  }
}

/** Resolves the session cookie of every request into `request.actor` (or a session problem). */
export function installAuth(app: FastifyInstance, deps: ModuleDeps): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionProblem', null);
  app.decorateRequest('sessionId', null);
  app.addHook('onRequest', async (request, reply) => {
    if (!request.url.startsWith('/api/')) return;
    // Other systems authenticate with an API key: "Authorization: Bearer cdk_…".
    const authorization = request.headers.authorization;
    if (authorization?.startsWith('Bearer ')) {
      request.actor = await resolveApiClient(deps.db, deps.clock, authorization.slice(7).trim());
      return;
    }
    const token = request.cookies[sessionCookie];
    if (!token) return;
    const resolved = await resolveSession(deps.db, deps.config, deps.clock, token);
    if ('problem' in resolved) {
      request.sessionProblem = resolved.problem;
      clearSessionCookie(request, reply);
      return;
    }
    request.actor = resolved.actor;
    request.sessionId = resolved.sessionId;
  });
}

function secure(request: FastifyRequest, setting: 'true' | 'false' | 'auto'): boolean {
  return setting === 'auto' ? request.protocol === 'https' : setting === 'true';
}

export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  token: string,
  setting: 'true' | 'false' | 'auto',
): void {
  reply.setCookie(sessionCookie, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'strict',
    secure: secure(request, setting),
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(sessionCookie, { path: '/', httpOnly: true, sameSite: 'strict' });
}
