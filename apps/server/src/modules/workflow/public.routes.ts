import { ratingSchema } from '@citydesk/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { UseCaseContext } from '../../platform/context.js';
import type { ModuleDeps } from '../../platform/deps.js';
import { AppError, parseInput } from '../../platform/errors.js';
import { citizenContextOf } from '../../platform/http/guard.js';
import { RateLimiter } from '../../platform/http/rate-limit.js';
import { documented } from '../../platform/http/route-doc.js';
import { findCaseByNumber, findCaseByTokenHash, hashTrackingToken, type CaseRecordTable } from '../intake/index.js';
import { openAttachment, sendAttachment } from '../media/index.js';
import { citizenCaseView } from './progress.js';
import { checkPhotoSignature } from './public-links.js';
import { rateCase, reopenByCitizen } from './workflow.service.js';

/** How a citizen proves a case is theirs: number + last four phone digits, or the secret link's token. */
const identitySchema = z.union([
  z.object({ number: z.string().trim().min(6).max(40), phoneLast4: z.string().regex(/^\d{4}$/) }),
  z.object({ token: z.string().trim().min(10).max(100) }),
]);
/** For rating and reopening, a third way: the verified phone of the citizen's session. */
type Identity = z.infer<typeof identitySchema> | { session: true };

/** The identity a rating or reopen body carries; none named means the citizen's session. */
function actionIdentityOf(body: unknown): Identity {
  const named = body && typeof body === 'object' && ('token' in body || 'phoneLast4' in body || 'number' in body);
  return named ? parseInput(identitySchema, body) : { session: true };
}

export interface PublicCaseRouteOptions {
  /**
   * The verified phone of the request's citizen session, if any (the portal module owns the
   * sessions; workflow only asks).
   */
  citizenPhoneOf?: (request: FastifyRequest) => Promise<string | null>;
}

const numberParams = z.object({ number: z.string().trim().min(6).max(40) });
const photoParams = numberParams.extend({ id: z.string().min(1).max(64) });
const reasonSchema = z.object({ reason: z.string().trim().min(1).max(1000) });
const photoQuery = z.object({
  variant: z.enum(['original', 'thumbnail']).default('thumbnail'),
  expires: z.coerce.number().int(),
  sig: z.string().min(10).max(100),
});

export function registerPublicCaseRoutes(
  app: FastifyInstance,
  deps: ModuleDeps,
  options: PublicCaseRouteOptions = {},
): void {
  // Guessing a case by number and 4 digits: at most 20 misses per address per 10 minutes.
  const misses = new RateLimiter(20, 10 * 60_000);

  const ctxOf = (request: FastifyRequest): UseCaseContext => citizenContextOf(request, deps.clock);

  /** The case the identity proves, or one NOT_FOUND for every kind of mismatch. */
  const resolve = async (request: FastifyRequest, identity: Identity, number?: string): Promise<CaseRecordTable> => {
    const now = deps.clock.now().getTime();
    misses.check(request.ip, now);
    let row: CaseRecordTable | undefined;
    if ('session' in identity) {
      const phone = (await options.citizenPhoneOf?.(request)) ?? null;
      if (phone === null) throw new AppError('UNAUTHENTICATED');
      const candidate = number === undefined ? undefined : await findCaseByNumber(deps.db, number.toUpperCase());
      row =
        candidate && candidate.reporter_anonymous === 0 && candidate.reporter_phone === phone ? candidate : undefined;
    } else if ('token' in identity) {
      row = await findCaseByTokenHash(deps.db, hashTrackingToken(identity.token));
    } else {
      const candidate = await findCaseByNumber(deps.db, identity.number.toUpperCase());
      row = candidate?.reporter_phone?.endsWith(identity.phoneLast4) ? candidate : undefined;
    }
    if (!row || (number !== undefined && row.number !== number.toUpperCase())) {
      misses.hit(request.ip, now);
      throw new AppError('NOT_FOUND', {});
    }
    return row;
  };

  const view = (row: CaseRecordTable) => citizenCaseView(deps, row);

  app.post(
    '/api/public/track',
    documented({
      tag: 'citizens',
      summary: 'Follow a case by number and the phone’s last 4 digits, or by its secret link',
      access: 'citizen',
      body: identitySchema,
      returns: 'PublicCaseView',
    }),
    async (request) => view(await resolve(request, parseInput(identitySchema, request.body))),
  );

  const citizenAction = (summary: string, body: z.ZodType) =>
    documented({ tag: 'citizens', summary, access: 'citizen', params: numberParams, body, returns: 'PublicCaseView' });

  app.post(
    '/api/public/cases/:number/rating',
    citizenAction('Rate a case once, after the reply (number + digits, token or session)', ratingSchema),
    async (request, reply) => {
      const { number } = parseInput(numberParams, request.params);
      const rating = parseInput(ratingSchema, request.body);
      const row = await resolve(request, actionIdentityOf(request.body), number);
      await rateCase(deps, ctxOf(request), row, rating);
      return reply.status(201).send(await view((await findCaseByNumber(deps.db, row.number)) ?? row));
    },
  );

  app.post(
    '/api/public/cases/:number/reopen',
    citizenAction('Reopen a closed case within the allowed days, with a reason', reasonSchema),
    async (request) => {
      const { number } = parseInput(numberParams, request.params);
      const { reason } = parseInput(reasonSchema, request.body);
      const row = await resolve(request, actionIdentityOf(request.body), number);
      await reopenByCitizen(deps, ctxOf(request), row, reason);
      return view((await findCaseByNumber(deps.db, row.number)) ?? row);
    },
  );

  /** Result and reply photos of a case, through the signed links the tracking view hands out. */
  app.get(
    '/api/public/cases/:number/photos/:id',
    documented({
      tag: 'citizens',
      summary: 'A result or reply photo through its signed link',
      access: 'public',
      params: photoParams,
      query: photoQuery,
      produces: ['image/jpeg', 'image/png', 'image/webp'],
    }),
    async (request, reply) => {
      const { number, id } = parseInput(photoParams, request.params);
      const q = parseInput(photoQuery, request.query);
      const nowSeconds = Math.floor(deps.clock.now().getTime() / 1000);
      if (!checkPhotoSignature(deps.signingSecret, number, id, q.variant, q.expires, q.sig, nowSeconds)) {
        throw new AppError('NOT_FOUND', {});
      }
      const row = await findCaseByNumber(deps.db, number);
      const file = await openAttachment(deps.db, deps.config.dataDir, id, q.variant);
      const sameCase = file && row && (file.row.case_id === row.id || file.row.case_id === row.merged_into_id);
      if (!file || !sameCase || Number(file.row.is_public) !== 1) throw new AppError('NOT_FOUND', {});
      return sendAttachment(reply, file);
    },
  );
}
