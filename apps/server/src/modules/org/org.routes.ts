import { latLonSchema, unitInputSchema, unitPatchSchema, unitTypes } from '@citydesk/shared';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { scopePathOf } from '../../platform/context.js';
import type { ModuleDeps } from '../../platform/deps.js';
import { AppError, parseInput } from '../../platform/errors.js';
import { contextOf, requireActor } from '../../platform/http/guard.js';
import { documented } from '../../platform/http/route-doc.js';
import { isWithin } from './unit-rules.js';
import {
  areasGeoJson,
  createUnit,
  exportUnits,
  getUnit,
  importUnits,
  listUnitViews,
  lookupPoint,
  unitTree,
  updateUnit,
} from './org.service.js';

const listQuery = z.object({
  type: z.enum(unitTypes).optional(),
  parentId: z.string().max(64).optional(),
  active: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(60).optional(),
});

const idParams = z.object({ id: z.string().min(1).max(64) });
const areaQuery = z.object({
  types: z
    .string()
    .default('street_centre,community,grid')
    .transform((v) => v.split(',').map((t) => t.trim()))
    .pipe(z.array(z.enum(unitTypes)).min(1)),
});
const exportQuery = z.object({ format: z.enum(['geojson', 'csv', 'xlsx']).default('geojson') });
const importQuery = z.object({ dryRun: z.enum(['true', 'false']).default('false') });

export function registerOrgRoutes(app: FastifyInstance, deps: ModuleDeps): void {
  app.get(
    '/api/units',
    documented({
      tag: 'org',
      summary: 'Units, filtered by type, parent, activity or text',
      access: ['unit.read'],
      query: listQuery,
    }),
    async (request) => {
      const q = parseInput(listQuery, request.query);
      return {
        items: await listUnitViews(deps.db, {
          type: q.type,
          parentId: q.parentId,
          q: q.q,
          active: q.active === undefined ? undefined : q.active === 'true',
        }),
      };
    },
  );

  app.get(
    '/api/units/tree',
    documented({ tag: 'org', summary: 'The whole unit tree', access: ['unit.read'] }),
    async () => ({ items: await unitTree(deps.db) }),
  );

  app.get(
    '/api/units/areas',
    documented({
      tag: 'org',
      summary: 'Areas (streets, communities, grids) as GeoJSON',
      access: ['unit.read'],
      query: areaQuery,
    }),
    async (request) => {
      const { types } = parseInput(areaQuery, request.query);
      return areasGeoJson(deps.db, types);
    },
  );

  app.get(
    '/api/units/export',
    documented({
      tag: 'org',
      summary: 'Export units (GeoJSON, CSV or Excel)',
      access: ['unit.manage'],
      produces: [
        'application/geo+json',
        'text/csv',
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      ],
      query: exportQuery,
    }),
    async (request, reply) => {
      const { format } = parseInput(exportQuery, request.query);
      const file = await exportUnits(deps.db, format, scopePathOf(requireActor(request)));
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', `attachment; filename="units.${file.extension}"`)
        .send(file.body);
    },
  );

  app.post(
    '/api/units/import',
    documented({
      tag: 'org',
      summary: 'Import units from a file (every bad row listed; dryRun to check only)',
      access: ['unit.manage'],
      bodyKind: 'binary',
      query: importQuery,
    }),
    async (request) => {
      const { dryRun } = parseInput(importQuery, request.query);
      const body = Buffer.isBuffer(request.body)
        ? request.body
        : request.body && typeof request.body === 'object'
          ? Buffer.from(JSON.stringify(request.body))
          : null;
      if (!body) throw new AppError('UNSUPPORTED_MEDIA_TYPE', { reason: 'send the file as the request body' });
      return importUnits(deps.db, contextOf(request, deps.clock), body, { dryRun: dryRun === 'true' });
    },
  );

  app.get(
    '/api/units/:id',
    documented({ tag: 'org', summary: 'One unit', access: ['unit.read'], params: idParams }),
    async (request) => {
      const { id } = parseInput(idParams, request.params);
      const unit = await getUnit(deps.db, id);
      if (!unit) throw new AppError('NOT_FOUND', { id });
      return unit;
    },
  );

  app.post(
    '/api/units',
    documented({ tag: 'org', summary: 'Create a unit', access: ['unit.manage'], status: 201, body: unitInputSchema }),
    async (request, reply) => {
      const input = parseInput(unitInputSchema, request.body);
      const unit = await createUnit(deps.db, contextOf(request, deps.clock), input);
      return reply.status(201).send(unit);
    },
  );

  app.patch(
    '/api/units/:id',
    documented({
      tag: 'org',
      summary: 'Change or move a unit',
      access: ['unit.manage'],
      params: idParams,
      body: unitPatchSchema,
    }),
    async (request) => {
      const { id } = parseInput(idParams, request.params);
      const patch = parseInput(unitPatchSchema, request.body);
      const ctx = contextOf(request, deps.clock);
      const current = await getUnit(deps.db, id);
      if (!current) throw new AppError('NOT_FOUND', { id });
      const scope = scopePathOf(ctx.actor);
      if (scope !== null && !isWithin(current.path, scope)) throw new AppError('OUT_OF_SCOPE');
      return updateUnit(deps.db, ctx, id, patch);
    },
  );

  app.get(
    '/api/geo/lookup',
    documented({
      tag: 'org',
      summary: 'Which grid, community and street a point falls in',
      access: ['unit.read'],
      query: latLonSchema,
    }),
    async (request) => {
      const { lat, lon } = parseInput(latLonSchema, request.query);
      return lookupPoint(deps.db, lat, lon);
    },
  );
}
