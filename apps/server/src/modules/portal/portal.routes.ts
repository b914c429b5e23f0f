import { createHash } from 'node:crypto';
import {
  citizenGroups,
  citizenSignInSchema,
  groupMemberInputSchema,
  isErrorCode,
  latLonSchema,
  mailboxLetterSchema,
  publicReportSchema,
  smsCodeRequestSchema,
  type PublicReportReceipt,
  type PublicUploadView,
} from '@citydesk/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { z } from 'zod';
import type { UseCaseContext } from '../../platform/context.js';
import type { ModuleDeps } from '../../platform/deps.js';
import { AppError, parseInput } from '../../platform/errors.js';
import { citizenContextOf, contextOf } from '../../platform/http/guard.js';
import { idempotencyKeyOf, runIdempotent } from '../../platform/http/idempotency.js';
import { documented, type RouteDoc } from '../../platform/http/route-doc.js';
import { publicCatalogue } from '../catalogue/index.js';
import { trackingUrl } from '../intake/index.js';
import { storeUpload, uploadBodyLimit } from '../media/index.js';
import { trackingTokenFor } from './citizen-identity.js';
import { addressAnonymousRule, addressUploadRule, citizenSessionMs } from './public-limits.js';
import {
  addCitizenGroupMember,
  citizenSessionOf,
  citizenSessionView,
  getMyCase,
  listCitizenGroupMembers,
  listMyCases,
  publicAreas,
  publicPlaceOf,
  removeCitizenGroupMember,
  requestSmsCode,
  signInCitizen,
  signOutCitizen,
  submitLetter,
  submitReport,
  takeAddressLimit,
  type CitizenSession,
  type StoredReceipt,
} from './portal.service.js';

/** The citizen's cookie: sent only to the public API, never readable by scripts. */
export const citizenCookie = 'citydesk_citizen';
const citizenCookiePath = '/api/public';

const uploadKeyPattern = /^[A-Za-z0-9_-]{16,100}$/;
const numberParams = z.object({ number: z.string().trim().min(6).max(40) });
const cursorQuery = z.object({ cursor: z.string().max(200).optional() });
const memberQuery = cursorQuery.extend({
  group: z.enum(citizenGroups).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
const idParams = z.object({ id: z.string().min(1).max(64) });

/** The description of a portal route (tag `portal`). */
const doc = (summary: string, access: RouteDoc['access'], more: Omit<RouteDoc, 'summary' | 'access' | 'tag'> = {}) =>
  documented({ tag: 'portal', summary, access, ...more });

export interface PortalRoutes {
  /** The verified phone of a request's citizen session (workflow's rating and reopen ask it). */
  citizenPhoneOf: (request: FastifyRequest) => Promise<string | null>;
}

/** The citizen portal's API: identity, reports, letters, the citizen's own cases, public data, groups. */
export function registerPortalRoutes(app: FastifyInstance, deps: ModuleDeps): PortalRoutes {
  const sessions = new WeakMap<FastifyRequest, Promise<CitizenSession | null>>();

  const ctxOf = (request: FastifyRequest): UseCaseContext => citizenContextOf(request, deps.clock);

  /** The request's citizen session, resolved once per request; a dead cookie is cleared. */
  const citizenOf = (request: FastifyRequest, reply?: FastifyReply): Promise<CitizenSession | null> => {
    let found = sessions.get(request);
    if (!found) {
      const token = request.cookies[citizenCookie];
      found = token ? citizenSessionOf(deps, token) : Promise.resolve(null);
      sessions.set(request, found);
    }
    return found.then((session) => {
      if (!session && reply && request.cookies[citizenCookie]) clearCitizenCookie(reply);
      return session;
    });
  };
  const requireCitizen = async (request: FastifyRequest, reply: FastifyReply): Promise<CitizenSession> => {
    const session = await citizenOf(request, reply);
    if (!session) throw new AppError('UNAUTHENTICATED');
    return session;
  };
  const secure = deps.config.publicBaseUrl.startsWith('https://');
  const clearCitizenCookie = (reply: FastifyReply) =>
    reply.clearCookie(citizenCookie, { path: citizenCookiePath, httpOnly: true, sameSite: 'strict', secure });

  // -------------------------------------------------------------------------------------------
  // Identity

  app.post(
    '/api/public/sms-codes',
    doc('Send a verification code by SMS (1 a minute, 10 a day per number)', 'public', {
      body: smsCodeRequestSchema,
      status: 202,
      returns: 'SmsCodeSent',
    }),
    async (request, reply) => {
      const input = parseInput(smsCodeRequestSchema, request.body);
      return reply.status(202).send(await requestSmsCode(deps, ctxOf(request), input));
    },
  );

  app.post(
    '/api/public/sessions',
    doc('Prove a phone with its code: opens the citizen session (cookie)', 'public', {
      body: citizenSignInSchema,
      status: 201,
      returns: 'CitizenSessionView',
    }),
    async (request, reply) => {
      const input = parseInput(citizenSignInSchema, request.body);
      const { token, view } = await signInCitizen(deps, ctxOf(request), input);
      void reply.setCookie(citizenCookie, token, {
        path: citizenCookiePath,
        httpOnly: true,
        sameSite: 'strict',
        secure,
        maxAge: citizenSessionMs / 1000,
      });
      return reply.status(201).send(view);
    },
  );

  app.get(
    '/api/public/session',
    doc('The citizen session: masked phone, last 4 digits, groups', 'citizen', { returns: 'CitizenSessionView' }),
    async (request, reply) => citizenSessionView(deps, await requireCitizen(request, reply)),
  );

  app.delete(
    '/api/public/session',
    doc('End the citizen session', 'citizen', { status: 204 }),
    async (request, reply) => {
      const session = await citizenOf(request);
      if (session) await signOutCitizen(deps, session);
      clearCitizenCookie(reply);
      return reply.status(204).send();
    },
  );

  // -------------------------------------------------------------------------------------------
  // Reports

  /** Checked before the body is read: no key or no quota, no 10 MB received. */
  const checkPublicUpload: onRequestAsyncHookHandler = async (request) => {
    const key = request.headers['x-upload-key'];
    if (typeof key !== 'string' || !uploadKeyPattern.test(key)) {
      throw new AppError('VALIDATION_FAILED', {
        fields: [{ field: 'X-Upload-Key', reason: '16–100 characters of A–Z, a–z, 0–9, _ and -' }],
      });
    }
    await takeAddressLimit(deps, addressUploadRule, 'upload', request.ip);
  };

  app.post(
    '/api/public/attachments',
    {
      ...doc('Upload a photo for a report not yet sent (X-Upload-Key)', 'public', {
        bodyKind: 'binary',
        status: 201,
        returns: 'PublicUploadView',
      }),
      bodyLimit: uploadBodyLimit,
      onRequest: checkPublicUpload,
    },
    async (request, reply) => {
      if (!Buffer.isBuffer(request.body)) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', { reason: 'send the image file itself as the request body' });
      }
      const upload = await storeUpload(deps.db, ctxOf(request), deps.config.dataDir, request.body, {
        purpose: 'report',
        uploadKey: request.headers['x-upload-key'] as string,
      });
      const view: PublicUploadView = {
        id: upload.id,
        width: upload.width,
        height: upload.height,
        bytes: upload.bytes,
        suggestedLocation: upload.suggestedLocation,
      };
      return reply.status(201).send(view);
    },
  );

  /**
   * Runs a submission once per Idempotency-Key (required): a double tap or a retry after a lost
   * answer gets the same receipt. The stored answer has no tracking secret; the secret is derived
   * from the key again, so the database keeps only its hash.
   */
  const submitOnce = async (
    request: FastifyRequest,
    reply: FastifyReply,
    key: string,
    kind: 'case' | 'letter',
    citizen: CitizenSession | null,
    work: (trackingToken: string) => Promise<StoredReceipt>,
  ) => {
    const scope = `public.${kind}:${citizen ? citizen.phoneHash : 'anonymous'}`;
    const token = trackingTokenFor(deps.signingSecret, scope, key);
    const outcome = await runIdempotent(
      deps.db,
      deps.clock,
      { scope, key, request: { method: request.method, url: request.url, body: request.body } },
      async () => ({ status: 201, body: await work(token) }),
    );
    if (outcome.replayed) {
      void reply.header('idempotent-replayed', 'true');
      const stored = outcome.body as { error?: { code?: string; details?: Record<string, unknown> } } | null;
      if (outcome.status >= 400 && stored?.error?.code && isErrorCode(stored.error.code)) {
        throw new AppError(stored.error.code, stored.error.details ?? {});
      }
    }
    const receipt: PublicReportReceipt = {
      ...(outcome.body as StoredReceipt),
      trackingToken: token,
      trackingUrl: trackingUrl(deps.config.publicBaseUrl, token),
    };
    return reply.status(outcome.status).send(receipt);
  };

  /** A verified phone unless anonymous; anonymous submissions are limited per address. */
  const submitter = async (request: FastifyRequest, reply: FastifyReply, anonymous: boolean) => {
    if (!anonymous) return requireCitizen(request, reply);
    await takeAddressLimit(deps, addressAnonymousRule, 'anonymous', request.ip);
    return null;
  };

  app.post(
    '/api/public/cases',
    doc('Report a problem (a session unless anonymous; Idempotency-Key required)', 'citizen', {
      body: publicReportSchema,
      status: 201,
      returns: 'PublicReportReceipt',
      idempotent: true,
    }),
    async (request, reply) => {
      const key = requireIdempotencyKey(request);
      const input = parseInput(publicReportSchema, request.body);
      const citizen = await submitter(request, reply, input.anonymous);
      return submitOnce(request, reply, key, 'case', citizen, (token) =>
        submitReport(deps, ctxOf(request), citizen, input, token),
      );
    },
  );

  app.post(
    '/api/public/mailbox',
    doc('Write to the leader mailbox (a session unless anonymous; Idempotency-Key required)', 'citizen', {
      body: mailboxLetterSchema,
      status: 201,
      returns: 'PublicReportReceipt',
      idempotent: true,
    }),
    async (request, reply) => {
      const key = requireIdempotencyKey(request);
      const input = parseInput(mailboxLetterSchema, request.body);
      const citizen = await submitter(request, reply, input.anonymous);
      return submitOnce(request, reply, key, 'letter', citizen, (token) =>
        submitLetter(deps, ctxOf(request), citizen, input, token),
      );
    },
  );

  // -------------------------------------------------------------------------------------------
  // The citizen's own cases

  app.get(
    '/api/public/my-cases',
    doc('The verified phone’s own cases, newest first', 'citizen', {
      query: cursorQuery,
      returns: 'PublicCaseListPage',
    }),
    async (request, reply) => {
      const { cursor } = parseInput(cursorQuery, request.query);
      return listMyCases(deps, await requireCitizen(request, reply), cursor);
    },
  );

  app.get(
    '/api/public/my-cases/:number',
    doc('The progress of one of the phone’s own cases', 'citizen', { params: numberParams, returns: 'PublicCaseView' }),
    async (request, reply) => {
      const { number } = parseInput(numberParams, request.params);
      return getMyCase(deps, await requireCitizen(request, reply), number);
    },
  );

  // -------------------------------------------------------------------------------------------
  // Public data: the catalogue and the district's geography (cacheable by browsers and proxies)

  const sendCacheable = (request: FastifyRequest, reply: FastifyReply, body: unknown) => {
    const json = JSON.stringify(body);
    const etag = `W/"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"`;
    void reply.header('etag', etag).header('cache-control', 'public, max-age=300');
    if (request.headers['if-none-match'] === etag) return reply.status(304).send();
    return reply.type('application/json; charset=utf-8').send(json);
  };

  app.get(
    '/api/public/catalogue',
    doc('The active catalogue with its questions and limits (ETag)', 'public', { returns: 'PublicCatalogueGroup[]' }),
    async (request, reply) => sendCacheable(request, reply, await publicCatalogue(deps.db)),
  );

  app.get(
    '/api/public/geo/areas',
    doc('The district outline, streets and communities (GeoJSON, names only)', 'public', {
      returns: 'PublicAreaCollection',
    }),
    async (request, reply) => sendCacheable(request, reply, await publicAreas(deps)),
  );

  app.get(
    '/api/public/geo/lookup',
    doc('Where a point falls: street, community and grid by name', 'public', {
      query: latLonSchema,
      returns: 'PublicPlace',
    }),
    async (request) => {
      const { lat, lon } = parseInput(latLonSchema, request.query);
      return publicPlaceOf(deps, lat, lon);
    },
  );

  // -------------------------------------------------------------------------------------------
  // Special groups: the system administrator registers members

  const manage = ['citizen_group.manage'] as const;

  app.get(
    '/api/citizen-groups/members',
    doc('Registered members of the special groups (phones masked)', manage, {
      query: memberQuery,
      returns: 'CitizenGroupMemberPage',
    }),
    async (request) => listCitizenGroupMembers(deps, parseInput(memberQuery, request.query)),
  );

  app.post(
    '/api/citizen-groups/members',
    doc('Register a phone in a special group (audited)', manage, {
      body: groupMemberInputSchema,
      status: 201,
      returns: 'CitizenGroupMemberView',
    }),
    async (request, reply) => {
      const input = parseInput(groupMemberInputSchema, request.body);
      return reply.status(201).send(await addCitizenGroupMember(deps, contextOf(request, deps.clock), input));
    },
  );

  app.delete(
    '/api/citizen-groups/members/:id',
    doc('Remove a member of a special group (audited)', manage, { params: idParams, status: 204 }),
    async (request, reply) => {
      const { id } = parseInput(idParams, request.params);
      await removeCitizenGroupMember(deps, contextOf(request, deps.clock), id);
      return reply.status(204).send();
    },
  );

  return {
    citizenPhoneOf: async (request) => (await citizenOf(request))?.phone ?? null,
  };
}

/** Public submissions must carry an Idempotency-Key: phones retry, and a retry must not make a second case. */
function requireIdempotencyKey(request: FastifyRequest): string {
  const key = idempotencyKeyOf(request);
  if (key === null) {
    throw new AppError('VALIDATION_FAILED', {
      fields: [{ field: 'Idempotency-Key', reason: 'required: one random key per submission, sent again on retries' }],
    });
  }
  return key;
}
