import { ratingSchema } from '@citydesk/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Actor, UseCaseContext } from '../../platform/context.js';
import type { ModuleDeps } from '../../platform/deps.js';
import { AppError, parseInput } from '../../platform/errors.js';
import { RateLimiter } from '../../platform/http/rate-limit.js';
import { findCaseByNumber, findCaseByTokenHash, hashTrackingToken, type CaseRecordTable } from '../intake/index.js';
import { openAttachment, sendAttachment } from '../media/index.js';
import { workflowSettingsOf } from '../settings/index.js';
import { presentPublicCase } from './progress.js';
import { checkPhotoSignature, publicPhotoUrl } from './public-links.js';
import { rateCase, reopenByCitizen } from './workflow.service.js';

/** How a citizen proves a case is theirs: number + last four phone digits, or the secret link's token. */
const identitySchema = z.union([
  z.object({ number: z.string().trim().min(6).max(40), phoneLast4: z.string().regex(/^\d{4}$/) }),
  z.object({ token: z.string().trim().min(10).max(100) }),
]);
type Identity = z.infer<typeof identitySchema>;

const numberParams = z.object({ number: z.string().trim().min(6).max(40) });
const photoParams = numberParams.extend({ id: z.string().min(1).max(64) });
const photoQuery = z.object({
  variant: z.enum(['original', 'thumbnail']).default('thumbnail'),
  expires: z.coerce.number().int(),
  sig: z.string().min(10).max(100),
});

/** Who the citizen is in the audit log: the public channel, no account. */
const citizen: Actor = {
  kind: 'system',
  id: null,
  username: 'citizen',
  displayName: 'citizen',
  unitId: null,
  unitPath: null,
  roles: [],
  permissions: new Set(),
};

export function registerPublicCaseRoutes(app: FastifyInstance, deps: ModuleDeps): void {
  // Guessing a case by number and 4 digits: at most 20 misses per address per 10 minutes.
  const misses = new RateLimiter(20, 10 * 60_000);

  const ctxOf = (request: FastifyRequest): UseCaseContext => ({
    actor: citizen,
    requestId: request.id,
    ip: request.ip,
    channel: 'public',
    clock: deps.clock,
  });

  /** The case the identity proves, or one NOT_FOUND for every kind of mismatch. */
  const resolve = async (request: FastifyRequest, identity: Identity, number?: string): Promise<CaseRecordTable> => {
    const now = deps.clock.now().getTime();
    misses.check(request.ip, now);
    let row: CaseRecordTable | undefined;
    if ('token' in identity) {
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

  const view = async (row: CaseRecordTable) => {
    const now = deps.clock.now();
    const result = await presentPublicCase(deps.db, row, { reopenDays: workflowSettingsOf(deps).reopenDays, now });
    const expires = Math.floor(now.getTime() / 1000) + 3600;
    const withUrls = (p: { id: string; width: number; height: number }) => ({
      ...p,
      thumbnailUrl: publicPhotoUrl(deps.signingSecret, row.number, p.id, 'thumbnail', expires),
      url: publicPhotoUrl(deps.signingSecret, row.number, p.id, 'original', expires),
    });
    return {
      ...result,
      replies: result.replies.map((r) => ({ ...r, photos: r.photos.map(withUrls) })),
      resultPhotos: result.resultPhotos.map(withUrls),
    };
  };

  app.post('/api/public/track', async (request) =>
    view(await resolve(request, parseInput(identitySchema, request.body))),
  );

  app.post('/api/public/cases/:number/rating', async (request, reply) => {
    const { number } = parseInput(numberParams, request.params);
    const body = parseInput(z.intersection(identitySchema, ratingSchema), request.body);
    const row = await resolve(request, body, number);
    await rateCase(deps, ctxOf(request), row, body);
    return reply.status(201).send(await view((await findCaseByNumber(deps.db, row.number)) ?? row));
  });

  app.post('/api/public/cases/:number/reopen', async (request) => {
    const { number } = parseInput(numberParams, request.params);
    const body = parseInput(
      z.intersection(identitySchema, z.object({ reason: z.string().trim().min(1).max(1000) })),
      request.body,
    );
    const row = await resolve(request, body, number);
    await reopenByCitizen(deps, ctxOf(request), row, body.reason);
    return view((await findCaseByNumber(deps.db, row.number)) ?? row);
  });

  /** Result and reply photos of a case, through the signed links the tracking view hands out. */
  app.get('/api/public/cases/:number/photos/:id', async (request, reply) => {
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
  });
}
