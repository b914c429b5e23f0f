import { categoryGroupInputSchema, categoryItemInputSchema } from '@citydesk/shared';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ModuleDeps } from '../../platform/deps.js';
import { AppError, parseInput } from '../../platform/errors.js';
import { contextOf, requirePermission } from '../../platform/http/guard.js';
import {
  catalogueTree,
  categoryHistory,
  createCategoryItem,
  exportCatalogue,
  getCategoryItem,
  importCatalogue,
  saveCategoryGroup,
  searchCategoryItems,
  updateCategoryItem,
} from './catalogue.service.js';

const idParams = z.object({ id: z.string().min(1).max(64) });
const treeQuery = z.object({ active: z.enum(['true', 'false']).default('false') });
const searchQuery = z.object({
  q: z.string().trim().min(1).max(40),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
const exportQuery = z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx') });
const importQuery = z.object({ dryRun: z.enum(['true', 'false']).default('false') });
const itemPatchSchema = categoryItemInputSchema.omit({ code: true }).partial();

export function registerCatalogueRoutes(app: FastifyInstance, deps: ModuleDeps): void {
  const read = { preHandler: requirePermission('catalogue.read') };
  const manage = { preHandler: requirePermission('catalogue.manage') };

  app.get('/api/catalogue/tree', read, async (request) => {
    const { active } = parseInput(treeQuery, request.query);
    return { items: await catalogueTree(deps.db, active === 'true') };
  });

  app.get('/api/catalogue/items', read, async (request) => {
    const { q, limit } = parseInput(searchQuery, request.query);
    return { items: await searchCategoryItems(deps.db, q, limit) };
  });

  app.get('/api/catalogue/items/:id', read, async (request) => {
    const { id } = parseInput(idParams, request.params);
    const item = await getCategoryItem(deps.db, id);
    if (!item) throw new AppError('NOT_FOUND', { id });
    return item;
  });

  app.get('/api/catalogue/items/:id/history', manage, async (request) => {
    const { id } = parseInput(idParams, request.params);
    return { items: await categoryHistory(deps.db, id) };
  });

  app.post('/api/catalogue/items', manage, async (request, reply) => {
    const input = parseInput(categoryItemInputSchema, request.body);
    return reply.status(201).send(await createCategoryItem(deps.db, contextOf(request, deps.clock), input));
  });

  app.patch('/api/catalogue/items/:id', manage, async (request) => {
    const { id } = parseInput(idParams, request.params);
    const patch = parseInput(itemPatchSchema, request.body);
    return updateCategoryItem(deps.db, contextOf(request, deps.clock), id, patch);
  });

  app.put('/api/catalogue/groups', manage, async (request) => {
    const input = parseInput(categoryGroupInputSchema, request.body);
    return saveCategoryGroup(deps.db, contextOf(request, deps.clock), input);
  });

  app.get('/api/catalogue/export', manage, async (request, reply) => {
    const { format } = parseInput(exportQuery, request.query);
    const file = await exportCatalogue(deps.db, format);
    return reply
      .header('content-type', file.contentType)
      .header('content-disposition', `attachment; filename="catalogue.${file.extension}"`)
      .send(file.body);
  });

  app.post('/api/catalogue/import', manage, async (request) => {
    const { dryRun } = parseInput(importQuery, request.query);
    if (!Buffer.isBuffer(request.body)) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', { reason: 'send the CSV or .xlsx file as the request body' });
    }
    return importCatalogue(deps.db, contextOf(request, deps.clock), request.body, { dryRun: dryRun === 'true' });
  });
}
