import { createCaseSchema, phoneSchema } from '@citydesk/shared';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { scopePathOf } from '../../platform/context.js';
import type { ModuleDeps } from '../../platform/deps.js';
import { documented } from '../../platform/http/route-doc.js';
import { parseInput } from '../../platform/errors.js';
import { contextOf, requireActor } from '../../platform/http/guard.js';
import { replyIdempotent } from '../../platform/http/idempotency.js';
import { presentSummaries } from './case.presenter.js';
import { casesInScope, findCasesByPhone } from './case.repository.js';
import { createCase } from './intake.service.js';

const phoneQuery = z.object({ phone: phoneSchema, limit: z.coerce.number().int().min(1).max(100).default(20) });

export function registerIntakeRoutes(app: FastifyInstance, deps: ModuleDeps): void {
  app.post(
    '/api/cases',
    documented({
      tag: 'intake',
      summary: 'Create a case from any channel',
      access: ['case.create'],
      status: 201,
      idempotent: true,
      body: createCaseSchema,
    }),
    async (request, reply) => {
      const ctx = contextOf(request, deps.clock);
      return replyIdempotent(
        request,
        reply,
        deps.db,
        deps.clock,
        `case.create:${ctx.actor.kind}:${ctx.actor.id}`,
        async () => {
          const input = parseInput(createCaseSchema, request.body);
          return { status: 201, body: await createCase(deps, ctx, input) };
        },
      );
    },
  );

  /** A caller's earlier cases and the tags they carry, while the operator is on the line. */
  app.get(
    '/api/cases/lookup-phone',
    documented({
      tag: 'intake',
      summary: 'A caller’s earlier cases and tags',
      access: ['case.lookup_phone'],
      query: phoneQuery,
    }),
    async (request) => {
      const { phone, limit } = parseInput(phoneQuery, request.query);
      const actor = requireActor(request);
      const scope = scopePathOf(actor);
      let rows = await findCasesByPhone(deps.db, phone, limit);
      if (scope !== null && rows.length > 0) {
        const visible = new Set(
          (
            await casesInScope(deps.db, scope)
              .where(
                'case_party.case_id',
                'in',
                rows.map((r) => r.id),
              )
              .execute()
          ).map((r) => r.case_id),
        );
        rows = rows.filter((r) => visible.has(r.id));
      }
      const items = await presentSummaries(deps.db, rows);
      const tagCounts = new Map<string, number>();
      for (const item of items) for (const tag of item.tags) tagCounts.set(tag, (tagCounts.get(tag) ?? 0) + 1);
      return {
        total: items.length,
        items,
        tags: [...tagCounts].map(([tag, count]) => ({ tag, count })).sort((a, b) => b.count - a.count),
      };
    },
  );
}
