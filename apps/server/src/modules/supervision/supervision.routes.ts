import { noticeKinds } from '@citydesk/shared';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { scopePathOf } from '../../platform/context.js';
import type { ModuleDeps } from '../../platform/deps.js';
import { AppError, parseInput } from '../../platform/errors.js';
import { isCaseInScope } from '../intake/index.js';
import { contextOf, requireActor } from '../../platform/http/guard.js';
import { documented } from '../../platform/http/route-doc.js';
import {
  accountabilityOf,
  closeReview,
  listAccountability,
  listNotices,
  listReviews,
  recordAccountability,
  signNotice,
  superviseCase,
} from './supervision.service.js';

const idParams = z.object({ id: z.string().min(1).max(64) });
const reasonBody = z.object({ reason: z.string().trim().min(1).max(1000) });
const noticeQuery = z.object({
  signed: z.enum(['true', 'false']).optional(),
  kind: z.enum(noticeKinds).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const accountabilityQuery = z.object({
  kind: z.enum(['overdue', 'manual']).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const reviewQuery = z.object({
  status: z.enum(['open', 'closed']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export function registerSupervisionRoutes(app: FastifyInstance, deps: ModuleDeps): void {
  app.post(
    '/api/cases/:id/urge',
    documented({
      tag: 'supervision',
      summary: 'Urge the units handling a case (催办)',
      access: ['case.supervise'],
      params: idParams,
      body: reasonBody,
    }),
    async (request) => {
      const { id } = parseInput(idParams, request.params);
      const { reason } = parseInput(reasonBody, request.body);
      return superviseCase(deps, contextOf(request, deps.clock), id, 'urge', reason);
    },
  );

  app.post(
    '/api/cases/:id/supervise',
    documented({
      tag: 'supervision',
      summary: 'Formal supervision of a case (督办)',
      access: ['case.supervise'],
      params: idParams,
      body: reasonBody,
    }),
    async (request) => {
      const { id } = parseInput(idParams, request.params);
      const { reason } = parseInput(reasonBody, request.body);
      return superviseCase(deps, contextOf(request, deps.clock), id, 'supervise', reason);
    },
  );

  app.post(
    '/api/cases/:id/accountability',
    documented({
      tag: 'supervision',
      summary: 'Record accountability for a case',
      access: ['case.supervise'],
      status: 201,
      params: idParams,
    }),
    async (request, reply) => {
      const { id } = parseInput(idParams, request.params);
      const body = parseInput(reasonBody.extend({ unitId: z.string().min(1).max(64) }), request.body);
      await recordAccountability(deps, contextOf(request, deps.clock), id, body.unitId, body.reason);
      return reply.status(201).send({ ok: true });
    },
  );

  app.get(
    '/api/cases/:id/supervision',
    documented({
      tag: 'supervision',
      summary: 'A case’s notices and reviews',
      access: ['case.read'],
      params: idParams,
    }),
    async (request) => {
      const { id } = parseInput(idParams, request.params);
      if (!(await isCaseInScope(deps.db, id, scopePathOf(requireActor(request)))))
        throw new AppError('NOT_FOUND', { id });
      const [notices, reviews, accountability] = await Promise.all([
        listNotices(deps.db, null, { caseId: id, limit: 200 }),
        listReviews(deps.db, null, { caseId: id, limit: 200 }),
        accountabilityOf(deps.db, id),
      ]);
      return { notices, accountability, reviews };
    },
  );

  app.get(
    '/api/notices',
    documented({
      tag: 'supervision',
      summary: 'Notices to the caller’s units (urge, supervise, escalation, leader)',
      access: ['case.read'],
      query: noticeQuery,
    }),
    async (request) => {
      const q = parseInput(noticeQuery, request.query);
      return {
        items: await listNotices(deps.db, scopePathOf(requireActor(request)), {
          limit: q.limit,
          ...(q.signed === undefined ? {} : { signed: q.signed === 'true' }),
          ...(q.kind ? { kind: q.kind } : {}),
        }),
      };
    },
  );

  app.post(
    '/api/notices/:id/sign',
    documented({
      tag: 'supervision',
      summary: 'Sign for a notice',
      access: ['case.read'],
      status: 204,
      params: idParams,
    }),
    async (request, reply) => {
      const { id } = parseInput(idParams, request.params);
      await signNotice(deps, contextOf(request, deps.clock), id);
      return reply.status(204).send();
    },
  );

  /** Accountability records of the cases in the caller's scope (sweep's overdue records and supervisors' own). */
  app.get(
    '/api/accountability',
    documented({
      tag: 'supervision',
      summary: 'Accountability records in the caller’s scope, newest first',
      access: ['case.supervise'],
      query: accountabilityQuery,
    }),
    async (request) => {
      const q = parseInput(accountabilityQuery, request.query);
      return listAccountability(deps.db, scopePathOf(requireActor(request)), {
        limit: q.limit,
        ...(q.kind ? { kind: q.kind } : {}),
        ...(q.cursor ? { cursor: q.cursor } : {}),
      });
    },
  );

  app.get(
    '/api/reviews',
    documented({
      tag: 'supervision',
      summary: 'Supervisor reviews (poor ratings, unsolved visits)',
      access: ['case.supervise'],
      query: reviewQuery,
    }),
    async (request) => {
      const q = parseInput(reviewQuery, request.query);
      return {
        items: await listReviews(deps.db, scopePathOf(requireActor(request)), {
          limit: q.limit,
          ...(q.status ? { status: q.status } : {}),
        }),
      };
    },
  );

  app.post(
    '/api/reviews/:id/close',
    documented({
      tag: 'supervision',
      summary: 'Close a review with its finding',
      access: ['case.supervise'],
      status: 204,
      params: idParams,
    }),
    async (request, reply) => {
      const { id } = parseInput(idParams, request.params);
      const body = parseInput(z.object({ outcome: z.string().trim().min(1).max(2000) }), request.body);
      await closeReview(deps, contextOf(request, deps.clock), id, body.outcome);
      return reply.status(204).send();
    },
  );
}
