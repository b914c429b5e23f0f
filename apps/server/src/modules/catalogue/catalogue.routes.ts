import { categoryGroupInputSchema, categoryItemInputSchema } from '@citydesk/shared';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ModuleDeps } from '../../platform/deps.js';
import { AppError, parseInput } from '../../platform/errors.js';
import { contextOf } from '../../platform/http/guard.js';
import { documented } from '../../platform/http/route-doc.js';
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
  app.get(
    '/api/catalogue/tree',
    documented({ tag: 'catalogue', summary: 'The 3-level catalogue', access: ['catalogue.read'], query: treeQuery }),
    async (request) => {
      const { active } = parseInput(treeQuery, request.query);
      return { items: await catalogueTree(deps.db, active === 'true') };
    },
  );

  app.get(
    '/api/catalogue/items',
    documented({
      tag: 'catalogue',
      summary: 'Items by name, code, keywords and their pinyin (best first)',
      access: ['catalogue.read'],
      query: searchQuery,
    }),
    async (request) => {
      const { q, limit } = parseInput(searchQuery, request.query);
      return { items: await searchCategoryItems(deps.db, q, limit) };
    },
  );

  app.get(
    '/api/catalogue/items/:id',
    documented({
      tag: 'catalogue',
      summary: 'One item with its rules, limits, extra fields and legal basis',
      access: ['catalogue.read'],
      params: idParams,
    }),
    async (request) => {
      const { id } = parseInput(idParams, request.params);
      const item = await getCategoryItem(deps.db, id);
      if (!item) throw new AppError('NOT_FOUND', { id });
      return item;
    },
  );

  app.get(
    '/api/catalogue/items/:id/history',
    documented({
      tag: 'catalogue',
      summary: 'An item’s changes (audit, before and after)',
      access: ['catalogue.manage'],
      params: idParams,
    }),
    async (request) => {
      const { id } = parseInput(idParams, request.params);
      return { items: await categoryHistory(deps.db, id) };
    },
  );

  app.post(
    '/api/catalogue/items',
    documented({
      tag: 'catalogue',
      summary: 'Create a level-3 item',
      access: ['catalogue.manage'],
      status: 201,
      body: categoryItemInputSchema,
    }),
    async (request, reply) => {
      const input = parseInput(categoryItemInputSchema, request.body);
      return reply.status(201).send(await createCategoryItem(deps.db, contextOf(request, deps.clock), input));
    },
  );

  app.patch(
    '/api/catalogue/items/:id',
    documented({
      tag: 'catalogue',
      summary: 'Change an item',
      access: ['catalogue.manage'],
      params: idParams,
      body: itemPatchSchema,
    }),
    async (request) => {
      const { id } = parseInput(idParams, request.params);
      const patch = parseInput(itemPatchSchema, request.body);
      return updateCategoryItem(deps.db, contextOf(request, deps.clock), id, patch);
    },
  );

  app.put(
    '/api/catalogue/groups',
    documented({
      tag: 'catalogue',
      summary: 'Create or rename level-1 and level-2 groups',
      access: ['catalogue.manage'],
      body: categoryGroupInputSchema,
    }),
    async (request) => {
      const input = parseInput(categoryGroupInputSchema, request.body);
      return saveCategoryGroup(deps.db, contextOf(request, deps.clock), input);
    },
  );

  app.get(
    '/api/catalogue/export',
    documented({
      tag: 'catalogue',
      summary: 'Export the catalogue (CSV or Excel)',
      access: ['catalogue.manage'],
      produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      query: exportQuery,
    }),
    async (request, reply) => {
      const { format } = parseInput(exportQuery, request.query);
      const file = await exportCatalogue(deps.db, format);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="catalogue.${file.extension}"`)
        .send(file.body);
    },
  );

  app.post(
    '/api/catalogue/import',
    documented({
      tag: 'catalogue',
      summary: 'Import the catalogue from a file (every bad row listed)',
      access: ['catalogue.manage'],
      bodyKind: 'binary',
      query: importQuery,
    }),
    async (request) => {
      const { dryRun } = parseInput(importQuery, request.query);
      if (!Buffer.isBuffer(request.body)) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', { reason: 'send the CSV or .xlsx file as the request body' });
      }
      return importCatalogue(deps.db, contextOf(request, deps.clock), request.body, { dryRun: dryRun === 'true' });
    },
  );
}
