import { caseLabelsEn, caseLabelsZh, templateDefinitions, type RelatedCases } from '@citydesk/shared';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { scopePathOf } from '../../platform/context.js';
import type { ModuleDeps } from '../../platform/deps.js';
import type { LiveEvent } from '../../platform/events/live-feed.js';
import { AppError, parseInput } from '../../platform/errors.js';
import { contextOf, requireActor } from '../../platform/http/guard.js';
import { documented } from '../../platform/http/route-doc.js';
import { replyIdempotent } from '../../platform/http/idempotency.js';
import { negotiateLocale } from '../../platform/http/locale.js';
import { recordAudit } from '../audit/index.js';
import { routeCase } from '../dispatch/index.js';
import { findCaseById } from '../intake/index.js';
import { openAttachment, sendAttachment } from '../media/index.js';
import { isWithin, unitRefsByIds } from '../org/index.js';
import { caseActions, isCaseActionName, type CaseActionName } from './case-actions.js';
import { exportCases, exportSchema } from './case-export.js';
import { caseTimeline, presentCaseDetail } from './case-view.js';
import { caseFilterSchema, inboxCounts, inboxTabs, listInbox, searchCases, searchSchema } from './inbox.js';
import { relatedCases } from './related-cases.js';
import { availableActions, loadActionState, performAction } from './workflow.service.js';

const idParams = z.object({ id: z.string().min(1).max(64) });
const actionParams = idParams.extend({ action: z.string().min(1).max(40) });
const attachmentParams = idParams.extend({ attachmentId: z.string().min(1).max(64) });
const variantQuery = z.object({ variant: z.enum(['original', 'thumbnail']).default('original') });
const inboxQuery = caseFilterSchema.extend({ tab: z.enum(inboxTabs).default('all') });
/** `tabs=to_sign,in_hand`: count only these (default: every queue but `all`). */
const countsQuery = z.object({
  tabs: z
    .string()
    .max(200)
    .transform((s) => s.split(',').filter((t) => t !== ''))
    .pipe(z.array(z.enum(inboxTabs)).min(1))
    .optional(),
});

export function registerWorkflowRoutes(app: FastifyInstance, deps: ModuleDeps): void {
  app.get(
    '/api/workflow/templates',
    documented({
      tag: 'workflow',
      summary: 'The workflow templates as data (nodes, roles, limits)',
      access: ['case.read'],
    }),
    async () => ({ items: Object.values(templateDefinitions) }),
  );

  app.get(
    '/api/cases/inbox',
    documented({
      tag: 'workflow',
      summary: 'A work queue (tab) with filters, keyset paging',
      access: ['case.read'],
      query: inboxQuery,
    }),
    async (request) => {
      const { tab, ...filter } = parseInput(inboxQuery, request.query);
      return listInbox(deps.db, scopePathOf(requireActor(request)), tab, filter);
    },
  );

  app.get(
    '/api/cases/inbox/counts',
    documented({ tag: 'workflow', summary: 'Counts of the named queues', access: ['case.read'], query: countsQuery }),
    async (request) => {
      const { tabs } = parseInput(countsQuery, request.query);
      return inboxCounts(deps.db, scopePathOf(requireActor(request)), tabs);
    },
  );

  app.get(
    '/api/cases/search',
    documented({
      tag: 'workflow',
      summary: 'Search cases (number, phone, Chinese words, address, dates, filters)',
      access: ['case.read'],
      query: searchSchema,
    }),
    async (request) => {
      const query = parseInput(searchSchema, request.query);
      return searchCases(deps.db, scopePathOf(requireActor(request)), query);
    },
  );

  /** The search's result as an Excel file (same query and scope; capped; personal data by permission). */
  app.get(
    '/api/cases/export',
    documented({
      tag: 'workflow',
      summary: 'The search as an Excel file (≤ 10,000 rows)',
      access: ['case.read'],
      produces: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      query: exportSchema,
    }),
    async (request, reply) => {
      const query = parseInput(exportSchema, request.query);
      const file = await exportCases(
        deps.db,
        contextOf(request, deps.clock),
        query,
        negotiateLocale(request.headers['accept-language']),
      );
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .header('cache-control', 'no-store')
        .header('x-export-rows', String(file.rows))
        .header('x-export-capped', String(file.capped))
        .send(file.stream);
    },
  );

  registerCaseStream(app, deps);

  app.get(
    '/api/cases/:id',
    documented({
      tag: 'workflow',
      summary: 'A case as staff see it (personal data masked)',
      access: ['case.read'],
      params: idParams,
    }),
    async (request) => {
      const { id } = parseInput(idParams, request.params);
      const state = await loadActionState(deps, contextOf(request, deps.clock), id);
      return presentCaseDetail(deps.db, state.row, availableActions(state));
    },
  );

  app.get(
    '/api/cases/:id/timeline',
    documented({ tag: 'workflow', summary: 'Every event of a case', access: ['case.read'], params: idParams }),
    async (request) => {
      const { id } = parseInput(idParams, request.params);
      await loadActionState(deps, contextOf(request, deps.clock), id);
      return { items: await caseTimeline(deps.db, id) };
    },
  );

  app.get(
    '/api/cases/:id/related',
    documented({
      tag: 'workflow',
      summary: 'Related cases: same phone, within 200 m, same item in 30 days',
      access: ['case.read'],
      params: idParams,
    }),
    async (request): Promise<RelatedCases> => {
      const { id } = parseInput(idParams, request.params);
      const state = await loadActionState(deps, contextOf(request, deps.clock), id);
      return relatedCases(deps.db, state.row, state.scopePath, deps.clock.now());
    },
  );

  app.get(
    '/api/cases/:id/route',
    documented({
      tag: 'workflow',
      summary: 'Ranked units for a case, with their rules',
      access: ['case.read'],
      params: idParams,
    }),
    async (request) => {
      const { id } = parseInput(idParams, request.params);
      const state = await loadActionState(deps, contextOf(request, deps.clock), id);
      return { items: await routeCase(deps.db, state.row) };
    },
  );

  app.post(
    '/api/cases/:id/actions/:action',
    documented({
      tag: 'workflow',
      summary: 'Act on a case (version-checked; the action’s own input)',
      access: ['case.read'],
      params: actionParams,
      idempotent: true,
      returns: 'Where the case stands now: id, version, node, status',
      variants: {
        param: 'action',
        values: Object.fromEntries(
          Object.entries(caseActions).map(([name, action]) => [
            name,
            {
              summary: `${caseLabelsEn.action[name as CaseActionName]} (${caseLabelsZh.action[name as CaseActionName]})`,
              body: action.schema,
              access: { anyOf: action.permissions },
            },
          ]),
        ),
      },
    }),
    async (request, reply) => {
      const { id, action } = parseInput(actionParams, request.params);
      if (!isCaseActionName(action)) throw new AppError('ROUTE_NOT_FOUND', { action });
      const ctx = contextOf(request, deps.clock);
      return replyIdempotent(
        request,
        reply,
        deps.db,
        deps.clock,
        `case.action:${ctx.actor.kind}:${ctx.actor.id}`,
        async () => ({
          status: 200,
          body: await performAction(deps, ctx, id, action, request.body ?? {}),
        }),
      );
    },
  );

  /** The reporter's name and full number, for a staff member who must call back; every call is logged. */
  app.post(
    '/api/cases/:id/reveal-contact',
    documented({
      tag: 'workflow',
      summary: 'The reporter’s name and number (logged)',
      access: ['case.reveal_pii'],
      params: idParams,
    }),
    async (request) => {
      const { id } = parseInput(idParams, request.params);
      const ctx = contextOf(request, deps.clock);
      const state = await loadActionState(deps, ctx, id);
      await deps.db.transaction().execute((trx) =>
        recordAudit(trx, ctx, {
          action: 'case.contact_revealed',
          subjectType: 'case',
          subjectId: id,
          after: { fields: ['name', 'phone'] },
        }),
      );
      return {
        name: state.row.reporter_name,
        phone: state.row.reporter_phone,
        anonymous: state.row.reporter_anonymous === 1,
      };
    },
  );

  app.get(
    '/api/cases/:id/attachments/:attachmentId',
    documented({
      tag: 'workflow',
      summary: 'A case’s picture',
      access: ['case.read'],
      produces: ['image/jpeg', 'image/png', 'image/webp'],
      params: attachmentParams,
      query: variantQuery,
    }),
    async (request, reply) => {
      const { id, attachmentId } = parseInput(attachmentParams, request.params);
      const { variant } = parseInput(variantQuery, request.query);
      await loadActionState(deps, contextOf(request, deps.clock), id);
      const file = await openAttachment(deps.db, deps.config.dataDir, attachmentId, variant);
      if (!file || file.row.case_id !== id) throw new AppError('NOT_FOUND', { id: attachmentId });
      return sendAttachment(reply, file);
    },
  );
}

/** Server-sent events of case changes in the caller's scope, for boards that update without reloading. */
function registerCaseStream(app: FastifyInstance, deps: ModuleDeps): void {
  const open = new Set<() => void>();
  const paths = new Map<string, string>();
  app.addHook('preClose', async () => {
    for (const end of open) end();
  });

  const visibleTo = async (scopePath: string | null, event: LiveEvent): Promise<boolean> => {
    if (scopePath === null) return true;
    const unknown = event.unitIds.filter((id) => !paths.has(id));
    if (unknown.length > 0) for (const [id, ref] of await unitRefsByIds(deps.db, unknown)) paths.set(id, ref.path);
    return event.unitIds.some((id) => {
      const path = paths.get(id);
      return path !== undefined && isWithin(path, scopePath);
    });
  };

  app.get(
    '/api/cases/stream',
    documented({
      tag: 'workflow',
      summary: 'Case changes in the caller’s scope (server-sent events)',
      access: ['case.read'],
      produces: ['text/event-stream'],
    }),
    async (request, reply) => {
      const scopePath = scopePathOf(requireActor(request));
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-request-id': request.id,
      });
      res.write(`retry: 3000\n: connected\n\n`);
      const unsubscribe = deps.feed.subscribe((event) => {
        void visibleTo(scopePath, event).then((visible) => {
          if (visible && !res.writableEnded)
            res.write(`id: ${event.seq}\nevent: case\ndata: ${JSON.stringify(event)}\n\n`);
        });
      });
      const heartbeat = setInterval(() => res.write(`: heartbeat\n\n`), 25_000);
      heartbeat.unref();
      const end = () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(end);
        if (!res.writableEnded) res.end();
      };
      open.add(end);
      request.raw.on('close', end);
    },
  );
}

export { findCaseById };
