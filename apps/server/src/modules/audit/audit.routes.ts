import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { paginationSchema } from '@citydesk/shared';
import type { ModuleDeps } from '../../platform/deps.js';
import { parseInput } from '../../platform/errors.js';
import { contextOf } from '../../platform/http/guard.js';
import { documented } from '../../platform/http/route-doc.js';
import { listAuditEvents, recordAudit, verifyAuditChain } from './audit.service.js';

const querySchema = paginationSchema.extend({
  subjectType: z.string().max(40).optional(),
  subjectId: z.string().max(64).optional(),
  action: z.string().max(80).optional(),
  actorId: z.string().max(64).optional(),
  from: z.iso.datetime().optional(),
  to: z.iso.datetime().optional(),
});

export function registerAuditRoutes(app: FastifyInstance, deps: ModuleDeps): void {
  const events = documented({
    tag: 'audit',
    summary: 'The audit log, newest first',
    access: ['audit.read'],
    query: querySchema,
    returns: 'A page of audit events (before/after, actor, hash)',
  });
  app.get('/api/audit/events', events, async (request) => {
    const q = parseInput(querySchema, request.query);
    return listAuditEvents(deps.db, q);
  });

  const verify = documented({
    tag: 'audit',
    summary: 'Verify the audit log’s hash chain (recorded as an audit event)',
    access: ['audit.verify'],
    returns: 'ok, rows checked and the first broken row',
  });
  app.post('/api/audit/verify', verify, async (request) => {
    const result = await verifyAuditChain(deps.db);
    const ctx = contextOf(request, deps.clock);
    await deps.db.transaction().execute((trx) =>
      recordAudit(trx, ctx, {
        action: 'audit.verified',
        subjectType: 'audit_chain',
        after: { ok: result.ok, checked: result.checked, firstBroken: result.firstBroken },
      }),
    );
    return result;
  });
}
