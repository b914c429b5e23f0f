import { cameraEventSchema, inboundCaseSchema, inboundUpdateSchema } from '@citydesk/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { UseCaseContext } from '../../platform/context.js';
import type { ModuleDeps } from '../../platform/deps.js';
import { AppError, parseInput } from '../../platform/errors.js';
import { runIdempotent } from '../../platform/http/idempotency.js';
import { documented } from '../../platform/http/route-doc.js';
import {
  authenticateSigned,
  receiveCameraEvent,
  receivePlatformCase,
  receivePlatformUpdate,
} from './inbound.service.js';

const SIGNED =
  'Signed: X-CityDesk-Client, X-CityDesk-Timestamp (Unix seconds, within 5 minutes) and X-CityDesk-Signature = v1=<hex HMAC-SHA256 of "<timestamp>.<raw body>" with the client’s secret>.';

/** A camera event carries a base64 snapshot of up to 10 MiB. */
const cameraBodyLimit = 15 * 1024 * 1024;

/**
 * The signed inbound endpoints for other platforms and camera systems. Bodies are read raw: the
 * signature is checked over the exact bytes before they are parsed, and a refused request
 * stores nothing.
 */
export function registerInboundRoutes(app: FastifyInstance, deps: ModuleDeps): void {
  void app.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer', bodyLimit: cameraBodyLimit },
      (_r, body, done) => done(null, body),
    );

    /** The signed client and its parsed, validated body. */
    const signed = async <T extends z.ZodType>(
      request: FastifyRequest,
      schema: T,
    ): Promise<{
      ctx: UseCaseContext;
      client: Awaited<ReturnType<typeof authenticateSigned>>['client'];
      input: z.infer<T>;
    }> => {
      const raw = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const { client, actor } = await authenticateSigned(deps, request.headers, raw);
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        throw new AppError('MALFORMED_REQUEST', { reason: 'the body is not JSON' });
      }
      const input = parseInput(schema, body);
      const ctx: UseCaseContext = { actor, requestId: request.id, ip: request.ip, channel: 'api', clock: deps.clock };
      return { ctx, client, input };
    };

    scope.post(
      '/api/integration/inbound/cases',
      documented({
        tag: 'integration',
        access: 'public',
        summary: 'A case from another platform (idempotent by its own case id)',
        description: SIGNED,
        body: inboundCaseSchema,
        status: 201,
        returns: 'InboundCaseAnswer (200 with duplicate: true for a repeated id)',
      }),
      async (request, reply) => {
        const { ctx, client, input } = await signed(request, inboundCaseSchema);
        const { answer, created } = await receivePlatformCase(deps, ctx, client, input);
        return reply.status(created ? 201 : 200).send(answer);
      },
    );

    scope.post(
      '/api/integration/inbound/updates',
      documented({
        tag: 'integration',
        access: 'public',
        summary: 'A platform reports back on a case it sent (note, reopen or recorded; once per updateId)',
        description: SIGNED,
        body: inboundUpdateSchema,
        returns: 'caseId, number, action',
      }),
      async (request, reply) => {
        const { ctx, client, input } = await signed(request, inboundUpdateSchema);
        // Platforms resend what they did not see answered: with its own id, an update counts once.
        const result = await runIdempotent(
          deps.db,
          deps.clock,
          { scope: `inbound.update:${client.id}`, key: input.updateId ?? null, request: input },
          async () => ({ status: 200, body: await receivePlatformUpdate(deps, ctx, client, input) }),
        );
        return reply.status(result.status).send(result.body);
      },
    );

    scope.post(
      '/api/integration/inbound/camera-events',
      {
        bodyLimit: cameraBodyLimit,
        ...documented({
          tag: 'integration',
          access: 'public',
          summary: 'A camera AI event (kept; opens or joins a case above the threshold)',
          description: SIGNED,
          body: cameraEventSchema,
          status: 201,
          returns: 'CameraEventAnswer',
        }),
      },
      async (request, reply) => {
        const { ctx, client, input } = await signed(request, cameraEventSchema);
        if (!(ctx.actor.channels ?? []).includes('video_ai')) {
          throw new AppError('FORBIDDEN', { reason: 'this client may not use the video_ai channel' });
        }
        const answer = await receiveCameraEvent(deps, ctx, client, input);
        return reply.status(answer.duplicate ? 200 : 201).send(answer);
      },
    );
  });
}
