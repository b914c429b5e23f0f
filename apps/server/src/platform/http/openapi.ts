import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import { errorCatalogue } from '@citydesk/shared';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { z, type ZodType } from 'zod';
import { AppError } from '../errors.js';
import { permissionsOf, type RouteDoc } from './route-doc.js';

/** One registered route as the description sees it. */
export interface ListedRoute {
  method: string;
  url: string;
  doc: RouteDoc | undefined;
}

type JsonSchema = Record<string, unknown>;

/** Paths the native API description covers (Open311 has its own specification). */
const describedPrefixes = ['/api/', '/healthz', '/readyz'];
const isDescribed = (url: string) => describedPrefixes.some((p) => url === p.replace(/\/$/, '') || url.startsWith(p));

/**
 * Records every route as it is registered (install before the routes): the OpenAPI document is
 * built from these records, and a test checks that none of the API's routes is undescribed.
 */
export function listRoutes(app: FastifyInstance): ListedRoute[] {
  const routes: ListedRoute[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      // Fastify adds HEAD for every GET; the description lists GET only.
      if (method === 'HEAD' || !isDescribed(route.url)) continue;
      routes.push({ method, url: route.url, doc: route.config?.doc });
    }
  });
  return routes;
}

function jsonSchemaOf(schema: ZodType): JsonSchema {
  const result = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  delete result.$schema;
  return result;
}

/** The properties of an object schema (or of an intersection of object schemas). */
function objectParts(schema: JsonSchema): { properties: Record<string, JsonSchema>; required: Set<string> } {
  const properties: Record<string, JsonSchema> = {};
  const required = new Set<string>();
  const visit = (s: JsonSchema) => {
    Object.assign(properties, (s.properties as Record<string, JsonSchema> | undefined) ?? {});
    for (const name of (s.required as string[] | undefined) ?? []) required.add(name);
    for (const part of [
      ...((s.allOf as JsonSchema[] | undefined) ?? []),
      ...((s.anyOf as JsonSchema[] | undefined) ?? []),
    ])
      visit(part);
  };
  visit(schema);
  return { properties, required };
}

function parametersOf(schema: ZodType | undefined, where: 'query' | 'path'): JsonSchema[] {
  if (!schema) return [];
  const { properties, required } = objectParts(jsonSchemaOf(schema));
  return Object.entries(properties).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    ...(typeof s.description === 'string' ? { description: s.description } : {}),
    schema: s,
  }));
}

const bodyMediaTypes: Record<NonNullable<RouteDoc['bodyKind']>, string> = {
  json: 'application/json',
  binary: 'application/octet-stream',
  form: 'application/x-www-form-urlencoded',
  multipart: 'multipart/form-data',
};

function requestBodyOf(doc: RouteDoc): JsonSchema | undefined {
  const kind = doc.bodyKind ?? 'json';
  if (kind === 'binary') {
    return {
      required: true,
      content: { [bodyMediaTypes.binary]: { schema: { type: 'string', format: 'binary' } } },
    };
  }
  if (!doc.body) return undefined;
  return { required: true, content: { [bodyMediaTypes[kind]]: { schema: jsonSchemaOf(doc.body) } } };
}

function securityOf(access: RouteDoc['access']): JsonSchema[] | undefined {
  if (access === 'public') return [];
  if (access === 'citizen') return [{ citizenSession: [] }, {}];
  return [{ staffSession: [] }, { apiClientKey: [] }];
}

const errorRef = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

function accessExtensions(access: RouteDoc['access']): Record<string, unknown> {
  const { all, anyOf } = permissionsOf(access);
  if (all) return { 'x-permissions': all };
  if (anyOf) return { 'x-any-permission': anyOf };
  return { 'x-access': access };
}

function operationOf(route: ListedRoute, doc: RouteDoc): JsonSchema {
  const status = String(doc.status ?? 200);
  const produces = doc.produces ?? ['application/json'];
  const responses: Record<string, unknown> = {
    [status]: {
      description: doc.returns ?? 'OK',
      ...(status === '204' ? {} : { content: Object.fromEntries(produces.map((m) => [m, {}])) }),
    },
    '400': errorRef('Invalid input: every problem is listed in error.details.fields'),
  };
  if (doc.access !== 'public') {
    responses['401'] = errorRef('Not signed in, or the session expired');
    if (typeof doc.access === 'object') responses['403'] = errorRef('A permission is missing');
  }
  if (route.url.includes(':')) responses['404'] = errorRef('No such record (or not in the caller’s scope)');
  if (doc.idempotent) responses['409'] = errorRef('The same Idempotency-Key is still being processed');
  const parameters = [...parametersOf(doc.params, 'path'), ...parametersOf(doc.query, 'query')];
  if (doc.idempotent) {
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: 'Repeats with the same key and body answer the first result instead of acting twice',
      schema: { type: 'string', minLength: 1, maxLength: 200 },
    });
  }
  const body = route.method === 'GET' || route.method === 'DELETE' ? undefined : requestBodyOf(doc);
  return {
    tags: [doc.tag],
    summary: doc.summary,
    ...(doc.description ? { description: doc.description } : {}),
    operationId: `${route.method.toLowerCase()}${route.url.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(body ? { requestBody: body } : {}),
    responses,
    ...accessExtensions(doc.access),
    security: securityOf(doc.access),
  };
}

/** The OpenAPI 3.1 document of the native API, from the routes' own descriptions. */
export function openApiDocument(routes: readonly ListedRoute[], info: { version: string }): JsonSchema {
  const paths: Record<string, Record<string, unknown>> = {};
  const tags = new Set<string>();
  const add = (route: ListedRoute, doc: RouteDoc) => {
    const pathKey = route.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    paths[pathKey] ??= {};
    paths[pathKey][route.method.toLowerCase()] = operationOf(route, doc);
    tags.add(doc.tag);
  };
  for (const route of routes) {
    const doc = route.doc;
    if (!doc) continue;
    if (!doc.variants) {
      add(route, doc);
      continue;
    }
    const { param, values } = doc.variants;
    for (const [value, variant] of Object.entries(values)) {
      const { variants: _variants, ...base } = doc;
      add(
        { ...route, url: route.url.replace(`:${param}`, value) },
        { ...base, summary: variant.summary, body: variant.body, access: variant.access ?? doc.access },
      );
    }
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'CityDesk API',
      version: info.version,
      description:
        'The native JSON API of CityDesk (城市诉求分拨平台). Errors are { error: { code, message, details } }, ' +
        'with the message in Chinese or English by Accept-Language. Open311 GeoReport v2 is served under /open311/v2/.',
      license: { name: 'Apache-2.0' },
    },
    tags: [...tags].sort().map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        staffSession: { type: 'apiKey', in: 'cookie', name: 'citydesk_session', description: 'POST /api/auth/login' },
        apiClientKey: { type: 'http', scheme: 'bearer', description: 'A key issued to another system (cdk_…)' },
        citizenSession: {
          type: 'apiKey',
          in: 'cookie',
          name: 'citydesk_citizen',
          description: 'A citizen’s verified phone (POST /api/public/sessions)',
        },
      },
      schemas: {
        Error: {
          type: 'object',
          required: ['error'],
          properties: {
            error: {
              type: 'object',
              required: ['code', 'message'],
              properties: {
                code: { type: 'string', enum: Object.keys(errorCatalogue) },
                message: { type: 'string' },
                details: { type: 'object' },
              },
            },
          },
        },
      },
    },
  };
}

/** Swagger UI's files, from the swagger-ui-dist package (shipped with the server's dependencies). */
const docsAssets = new Map([
  ['swagger-ui.css', 'text/css; charset=utf-8'],
  ['swagger-ui-bundle.js', 'text/javascript; charset=utf-8'],
  ['swagger-ui-standalone-preset.js', 'text/javascript; charset=utf-8'],
]);

function swaggerUiDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('swagger-ui-dist/package.json'));
}

const docsPage = `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>CityDesk API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
<div id="docs"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/assets/docs-init.js"></script>
</body>
</html>
`;

// A file, not an inline script, so a strict Content-Security-Policy can forbid inline scripts.
const docsInit = `window.ui = SwaggerUIBundle({
  url: '/api/openapi.json',
  dom_id: '#docs',
  deepLinking: true,
  docExpansion: 'none',
  defaultModelsExpandDepth: 0,
  tryItOutEnabled: false,
});
`;

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route of the native API as registered (tests check that each is described). */
    apiRoutes: readonly ListedRoute[];
  }
}

/** Serves the description at /api/openapi.json and a browsable page at /api/docs. */
export function registerApiDescription(app: FastifyInstance, routes: readonly ListedRoute[], version: string): void {
  app.decorate('apiRoutes', routes);
  let cached: JsonSchema | null = null;
  const about = (summary: string, returns: string, produces: string[]) => ({
    config: { doc: { summary, tag: 'api', access: 'public' as const, returns, produces } },
  });
  app.get(
    '/api/openapi.json',
    about('This description', 'The OpenAPI 3.1 document', ['application/json']),
    async () => (cached ??= openApiDocument(routes, { version })),
  );
  app.get('/api/docs', about('The browsable API description', 'An HTML page', ['text/html']), async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(docsPage),
  );
  app.get<{ Params: { file: string } }>(
    '/api/docs/assets/:file',
    about('Files of the browsable page', 'A stylesheet or script', ['text/css', 'text/javascript']),
    async (request, reply) => {
      const { file } = request.params;
      if (file === 'docs-init.js') return reply.type('text/javascript; charset=utf-8').send(docsInit);
      const type = docsAssets.get(file);
      if (!type) throw new AppError('NOT_FOUND', {});
      return reply
        .type(type)
        .header('cache-control', 'public, max-age=86400')
        .send(fs.createReadStream(path.join(swaggerUiDir(), file)));
    },
  );
}
