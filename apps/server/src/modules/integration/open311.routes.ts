import fastifyMultipart from '@fastify/multipart';
import type { Locale } from '@citydesk/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ModuleDeps } from '../../platform/deps.js';
import { toAppError } from '../../platform/http/error-handler.js';
import { negotiateLocale } from '../../platform/http/locale.js';
import { openAttachment, sendAttachment, maxImageBytes } from '../media/index.js';
import { findOpen311RequestByAttachment } from './integration.repository.js';
import { collectFields, type Open311Fields } from './open311-input.js';
import {
  checkJurisdiction,
  checkMediaLink,
  discovery,
  errorsValue,
  getRequest,
  getToken,
  reasonOf,
  listRequests,
  listUpdates,
  Open311Error,
  postRequest,
  postUpdate,
  serviceDefinition,
  services,
  type Open311Upload,
} from './open311.service.js';
import { contentTypes, renderSpark, type Open311Format, type SparkValue } from './spark.js';

const prefix = '/open311/v2';
const formats: readonly Open311Format[] = ['xml', 'json'];

/** `name.xml` / `name.json` → the name and the format; null for anything else. */
function splitFormat(path: string): { name: string; format: Open311Format } | null {
  const m = /^(.+)\.(xml|json)$/.exec(path);
  return m?.[1] && (m[2] === 'xml' || m[2] === 'json') ? { name: decodeURIComponent(m[1]), format: m[2] } : null;
}

/** The format an error answer takes: the one the URL asked for, XML (the required one) otherwise. */
function formatOfUrl(url: string): Open311Format {
  return /\.json(\?|$)/.test(url.split('#')[0] ?? '') ? 'json' : 'xml';
}

function send(reply: FastifyReply, format: Open311Format, root: string, value: SparkValue, status = 200) {
  return reply
    .status(status)
    .type(contentTypes[format])
    .send(renderSpark(format, root, value));
}

function sendErrors(request: FastifyRequest, reply: FastifyReply, error: Open311Error) {
  const locale: Locale = negotiateLocale(request.headers['accept-language']);
  return send(reply, formatOfUrl(request.url), 'errors', errorsValue(error, locale), error.status);
}

/** A query value as text (Fastify's parser gives strings, or arrays of them for repeated keys). */
const scalarText = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';

const queryOf = (request: FastifyRequest): Record<string, string> => {
  const raw = (request.query ?? {}) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.map(scalarText).join(',') : scalarText(v)]),
  );
};

/** The public base URL the answers link to. */
const baseUrlOf = (deps: ModuleDeps) => deps.config.publicBaseUrl;

/**
 * Reads a POST's form: urlencoded pairs as parsed below, or multipart fields and `media` /
 * `media[]` files (at most 9 images of 10 MiB).
 */
async function readForm(request: FastifyRequest): Promise<{ fields: Open311Fields; uploads: Open311Upload[] }> {
  if (request.isMultipart()) {
    const pairs: [string, string][] = [];
    const uploads: Open311Upload[] = [];
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'media' && part.fieldname !== 'media[]') {
          await part.toBuffer();
          continue;
        }
        uploads.push({ field: part.fieldname, bytes: await part.toBuffer() });
      } else {
        pairs.push([part.fieldname, String(part.value)]);
      }
    }
    return { fields: collectFields(pairs), uploads };
  }
  const body = request.body;
  if (!Array.isArray(body)) {
    throw new Open311Error(400, [
      {
        code: 'UNSUPPORTED_MEDIA_TYPE',
        reason: 'send application/x-www-form-urlencoded (or multipart/form-data with media files)',
      },
    ]);
  }
  return { fields: collectFields(body as [string, string][]), uploads: [] };
}

/** The Open311 GeoReport v2 endpoints under /open311/v2/, in both formats, with the spec's errors. */
export function registerOpen311Routes(app: FastifyInstance, deps: ModuleDeps): void {
  void app.register(
    async (scope) => {
      // Form bodies as ordered pairs, repeated keys kept (attribute[code][]=a&attribute[code][]=b).
      scope.addContentTypeParser(
        'application/x-www-form-urlencoded',
        { parseAs: 'string', bodyLimit: 1024 * 1024 },
        (_request, body, done) => done(null, [...new URLSearchParams(String(body))]),
      );
      await scope.register(fastifyMultipart, {
        limits: { fileSize: maxImageBytes, files: 10, fields: 300, fieldSize: 64 * 1024 },
        throwFileSizeLimit: true,
      });
      scope.setErrorHandler((error, request, reply) => {
        if (error instanceof Open311Error) return sendErrors(request, reply, error);
        const known = toAppError(error);
        if (known) {
          const status = known.status === 403 ? 403 : known.status === 404 ? 404 : 400;
          if (known.status >= 500) request.log.error({ err: error }, 'open311 request failed');
          return sendErrors(request, reply, new Open311Error(status, [{ code: known.code, reason: reasonOf(known) }]));
        }
        request.log.error({ err: error }, 'open311 request failed');
        // "400 - General service error": the spec has no 5xx; the request id finds the log line.
        return sendErrors(
          request,
          reply,
          new Open311Error(400, [{ code: 'INTERNAL', reason: `general service error (request ${request.id})` }]),
        );
      });
      scope.setNotFoundHandler((request, reply) =>
        sendErrors(
          request,
          reply,
          new Open311Error(404, [
            { code: 'ROUTE_NOT_FOUND', field: 'url', reason: `${request.method} ${request.url.split('?')[0]}` },
          ]),
        ),
      );

      const ctxBase = (request: FastifyRequest) => ({
        requestId: request.id,
        ip: request.ip,
        channel: 'api' as const,
        clock: deps.clock,
      });
      const locale = (request: FastifyRequest) => negotiateLocale(request.headers['accept-language']);

      for (const format of formats) {
        scope.get(`/discovery.${format}`, async (_request, reply) =>
          send(reply, format, 'discovery', await discovery(deps, baseUrlOf(deps))),
        );
        scope.get(`/services.${format}`, async (request, reply) => {
          await checkJurisdiction(deps, queryOf(request).jurisdiction_id);
          return send(reply, format, 'services', await services(deps));
        });
        scope.get(`/requests.${format}`, async (request, reply) =>
          send(
            reply,
            format,
            'service_requests',
            await listRequests(deps, queryOf(request), { locale: locale(request), baseUrl: baseUrlOf(deps) }),
          ),
        );
        scope.post(`/requests.${format}`, async (request, reply) => {
          const { fields, uploads } = await readForm(request);
          return send(
            reply,
            format,
            'service_requests',
            await postRequest(deps, ctxBase(request), fields, uploads, locale(request)),
          );
        });
        scope.get(`/servicerequestupdates.${format}`, async (request, reply) =>
          send(reply, format, 'service_request_updates', await listUpdates(deps, queryOf(request), locale(request))),
        );
        scope.post(`/servicerequestupdates.${format}`, async (request, reply) => {
          const { fields } = await readForm(request);
          return send(reply, format, 'service_request_updates', await postUpdate(deps, ctxBase(request), fields));
        });
      }

      const byName = (
        kind: string,
        handler: (
          name: string,
          format: Open311Format,
          request: FastifyRequest,
          reply: FastifyReply,
        ) => Promise<unknown>,
      ) =>
        scope.get(`/${kind}/*`, async (request, reply) => {
          const rest = (request.params as { '*': string })['*'];
          const parsed = splitFormat(rest);
          if (!parsed || parsed.name.includes('/')) {
            throw new Open311Error(404, [
              { code: 'ROUTE_NOT_FOUND', field: 'url', reason: `${kind}/${rest}: add .xml or .json` },
            ]);
          }
          return handler(parsed.name, parsed.format, request, reply);
        });

      byName('services', async (code, format, request, reply) => {
        await checkJurisdiction(deps, queryOf(request).jurisdiction_id);
        return send(reply, format, 'service_definition', await serviceDefinition(deps, code, locale(request)));
      });
      byName('requests', async (id, format, request, reply) =>
        send(
          reply,
          format,
          'service_requests',
          await getRequest(deps, id, queryOf(request), { locale: locale(request), baseUrl: baseUrlOf(deps) }),
        ),
      );
      byName('tokens', async (token, format, request, reply) =>
        send(reply, format, 'service_requests', await getToken(deps, token, queryOf(request))),
      );

      // The photos uploaded with requests, through the signed links the answers hand out.
      scope.get('/media/*', async (request, reply) => {
        const rest = (request.params as { '*': string })['*'];
        const id = rest.replace(/\.jpg$/, '');
        const q = queryOf(request);
        const expires = Number(q.expires);
        const nowSeconds = Math.floor(deps.clock.now().getTime() / 1000);
        const valid =
          Number.isInteger(expires) && checkMediaLink(deps.signingSecret, id, expires, q.sig ?? '', nowSeconds);
        const meta = valid ? await findOpen311RequestByAttachment(deps.db, id) : undefined;
        const file = meta ? await openAttachment(deps.db, deps.config.dataDir, id, 'original') : null;
        if (!file || file.row.case_id !== meta?.case_id) {
          throw new Open311Error(404, [
            { code: 'NOT_FOUND', field: 'media', reason: 'no such media, or the link expired' },
          ]);
        }
        return sendAttachment(reply, file);
      });
    },
    { prefix },
  );
}
