import {
  changePasswordSchema,
  createUserSchema,
  loginSchema,
  paginationSchema,
  roles,
  setRolesSchema,
  updateUserSchema,
} from '@citydesk/shared';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ModuleDeps } from '../../platform/deps.js';
import { documented } from '../../platform/http/route-doc.js';
import { parseInput } from '../../platform/errors.js';
import { contextOf, requireActor } from '../../platform/http/guard.js';
import { clearSessionCookie, sessionCookie, setSessionCookie } from './auth.plugin.js';
import {
  changeOwnPassword,
  createUser,
  getMe,
  getUser,
  listUsers,
  resetPassword,
  setUserRoles,
  signIn,
  signOut,
  unlockUser,
  updateUser,
} from './auth.service.js';

const idParams = z.object({ id: z.string().min(1).max(64) });
const listQuery = paginationSchema.extend({
  unitId: z.string().max(64).optional(),
  role: z.enum(roles).optional(),
  q: z.string().trim().max(40).optional(),
});
const resetSchema = z.object({ password: z.string().min(1).max(200) });

export function registerAuthRoutes(app: FastifyInstance, deps: ModuleDeps): void {
  const { db, config, clock } = deps;

  app.post(
    '/api/auth/login',
    documented({
      tag: 'auth',
      summary: 'Sign in with account and password (sets the session cookie)',
      access: 'public',
      body: loginSchema,
    }),
    async (request, reply) => {
      const input = parseInput(loginSchema, request.body);
      const result = await signIn(db, config, clock, input, {
        ip: request.ip,
        userAgent: request.headers['user-agent'] ?? null,
        requestId: request.id,
      });
      setSessionCookie(request, reply, result.token, config.session.cookieSecure);
      return { me: result.me, expiresAt: result.expiresAt, idleMinutes: config.session.idleMinutes };
    },
  );

  app.post(
    '/api/auth/logout',
    documented({ tag: 'auth', summary: 'Sign out (ends the session)', access: 'session', status: 204 }),
    async (request, reply) => {
      const token = request.cookies[sessionCookie];
      if (request.actor && token) await signOut(db, contextOf(request, clock), token);
      clearSessionCookie(request, reply);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/auth/me',
    documented({ tag: 'auth', summary: 'The signed-in user, roles, permissions and unit', access: 'session' }),
    async (request) => getMe(db, requireActor(request)),
  );

  app.post(
    '/api/auth/password',
    documented({
      tag: 'auth',
      summary: 'Change one’s own password',
      access: 'session',
      status: 204,
      body: changePasswordSchema,
    }),
    async (request, reply) => {
      const input = parseInput(changePasswordSchema, request.body);
      await changeOwnPassword(
        db,
        config,
        contextOf(request, clock),
        input.currentPassword,
        input.newPassword,
        request.sessionId,
      );
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/users',
    documented({
      tag: 'auth',
      summary: 'Staff accounts (in the caller’s scope)',
      access: ['user.read'],
      query: listQuery,
    }),
    async (request) => {
      const q = parseInput(listQuery, request.query);
      return listUsers(db, requireActor(request), clock, q);
    },
  );

  app.post(
    '/api/users',
    documented({
      tag: 'auth',
      summary: 'Create a staff account',
      access: ['user.manage'],
      status: 201,
      body: createUserSchema,
    }),
    async (request, reply) => {
      const input = parseInput(createUserSchema, request.body);
      return reply.status(201).send(await createUser(db, config, contextOf(request, clock), input));
    },
  );

  app.get(
    '/api/users/:id',
    documented({ tag: 'auth', summary: 'One staff account', access: ['user.read'], params: idParams }),
    async (request) => {
      const { id } = parseInput(idParams, request.params);
      return getUser(db, requireActor(request), id, clock);
    },
  );

  app.patch(
    '/api/users/:id',
    documented({
      tag: 'auth',
      summary: 'Change a staff account (name, unit, active)',
      access: ['user.manage'],
      params: idParams,
      body: updateUserSchema,
    }),
    async (request) => {
      const { id } = parseInput(idParams, request.params);
      return updateUser(db, contextOf(request, clock), id, parseInput(updateUserSchema, request.body));
    },
  );

  app.put(
    '/api/users/:id/roles',
    documented({
      tag: 'auth',
      summary: 'Set a staff member’s roles (three administrators kept apart)',
      access: ['user.assign_roles'],
      params: idParams,
      body: setRolesSchema,
    }),
    async (request) => {
      const { id } = parseInput(idParams, request.params);
      const input = parseInput(setRolesSchema, request.body);
      return setUserRoles(db, contextOf(request, clock), id, input.roles, input.reason);
    },
  );

  app.post(
    '/api/users/:id/unlock',
    documented({
      tag: 'auth',
      summary: 'Unlock an account locked after failed sign-ins',
      access: ['user.unlock'],
      params: idParams,
    }),
    async (request) => {
      const { id } = parseInput(idParams, request.params);
      return unlockUser(db, contextOf(request, clock), id);
    },
  );

  app.post(
    '/api/users/:id/password',
    documented({
      tag: 'auth',
      summary: 'Set a new password for a staff member',
      access: ['user.manage'],
      status: 204,
      params: idParams,
      body: resetSchema,
    }),
    async (request, reply) => {
      const { id } = parseInput(idParams, request.params);
      await resetPassword(db, config, contextOf(request, clock), id, parseInput(resetSchema, request.body).password);
      return reply.status(204).send();
    },
  );
}
