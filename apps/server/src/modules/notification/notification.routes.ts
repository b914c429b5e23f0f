import { messageTemplateInputSchema, paginationSchema } from '@citydesk/shared';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ModuleDeps } from '../../platform/deps.js';
import { AppError, parseInput } from '../../platform/errors.js';
import { contextOf } from '../../platform/http/guard.js';
import { documented } from '../../platform/http/route-doc.js';
import { outboxStatuses } from './notification.repository.js';
import { listMessageLog, listOutboxMessages, retryDeadMessage } from './notification.service.js';
import { listMessageTemplates, resetMessageTemplate, setMessageTemplate } from './template-overrides.js';

const outboxQuery = paginationSchema.extend({ status: z.enum(outboxStatuses).optional() });

const idParams = z.object({ id: z.string().min(1).max(64) });
const templateParams = z.object({ key: z.string().min(1).max(64) });

const messageLogQuery = z.object({
  recipient: z.string().trim().min(1).max(200).optional(),
  limit: paginationSchema.shape.limit,
});

/**
 * The outbox administration API. `worker`, when given, is kicked after a retry so the message
 * goes out without waiting for the next poll.
 */
export function registerNotificationRoutes(app: FastifyInstance, deps: ModuleDeps, worker?: { kick(): void }): void {
  app.get(
    '/api/notifications/outbox',
    documented({
      tag: 'notification',
      summary: 'The outbox: messages waiting, sent and dead (failed every attempt)',
      access: ['notification.manage'],
      query: outboxQuery,
    }),
    async (request) => {
      const q = parseInput(outboxQuery, request.query);
      return listOutboxMessages(deps.db, q);
    },
  );

  app.post(
    '/api/notifications/outbox/:id/retry',
    documented({
      tag: 'notification',
      summary: 'Send a dead or waiting message again',
      access: ['notification.manage'],
      params: idParams,
    }),
    async (request) => {
      const { id } = parseInput(idParams, request.params);
      const view = await retryDeadMessage(deps.db, contextOf(request, deps.clock), id);
      worker?.kick();
      return view;
    },
  );

  app.get(
    '/api/notifications/message-log',
    documented({
      tag: 'notification',
      summary: 'What the development provider “sent” (tests and demos read codes here)',
      access: ['notification.manage'],
      query: messageLogQuery,
    }),
    async (request) => {
      // A real provider keeps no copy of what it sent; only the development provider has a log.
      if (deps.config.notifications.provider !== 'log') {
        throw new AppError('NOT_FOUND', { reason: 'the message log is kept only by the log provider' });
      }
      const q = parseInput(messageLogQuery, request.query);
      return listMessageLog(deps.db, q);
    },
  );

  app.get(
    '/api/notifications/templates',
    documented({
      tag: 'notification',
      summary: 'Message templates: variables, shipped and current text',
      access: ['notification.manage'],
    }),
    async () => ({ items: await listMessageTemplates(deps.db) }),
  );

  app.put(
    '/api/notifications/templates/:key',
    documented({
      tag: 'notification',
      summary: 'Change a template’s text (placeholders and the SMS sign checked)',
      access: ['notification.manage'],
      params: templateParams,
      body: messageTemplateInputSchema,
    }),
    async (request) => {
      const { key } = parseInput(templateParams, request.params);
      const input = parseInput(messageTemplateInputSchema, request.body);
      return setMessageTemplate(deps.db, contextOf(request, deps.clock), key, input);
    },
  );

  app.delete(
    '/api/notifications/templates/:key',
    documented({
      tag: 'notification',
      summary: 'Restore a template’s shipped text',
      access: ['notification.manage'],
      params: templateParams,
    }),
    async (request) => {
      const { key } = parseInput(templateParams, request.params);
      return resetMessageTemplate(deps.db, contextOf(request, deps.clock), key);
    },
  );
}
