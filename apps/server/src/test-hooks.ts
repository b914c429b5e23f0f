import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ModuleDeps } from './platform/deps.js';
import type { OffsetClock } from './platform/clock.js';
import { parseInput } from './platform/errors.js';
import { documented } from './platform/http/route-doc.js';
import { sweepDeadlines } from './modules/supervision/index.js';

const clockBody = z
  .object({
    advanceMinutes: z
      .number()
      .int()
      .min(0)
      .max(60 * 24 * 365)
      .optional(),
    set: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((b) => (b.advanceMinutes === undefined) !== (b.set === undefined), 'give advanceMinutes or set');

/**
 * Test builds only (TEST_HOOKS=true, refused in production): browser tests move the server's
 * clock forward and run the deadline sweep at once instead of waiting a day.
 */
export function registerTestHooks(app: FastifyInstance, deps: ModuleDeps, clock: OffsetClock): void {
  const hook = (summary: string, body?: typeof clockBody) =>
    documented({ tag: 'test', summary: `${summary} (test builds only)`, access: 'public', ...(body ? { body } : {}) });
  app.post('/api/test/clock', hook('Move or set the server’s clock', clockBody), async (request) => {
    const body = parseInput(clockBody, request.body);
    if (body.set) clock.set(new Date(body.set));
    else clock.advance((body.advanceMinutes ?? 0) * 60_000);
    return { now: clock.now().toISOString() };
  });
  app.post('/api/test/sweep', hook('Run the deadline sweep now'), async () => sweepDeadlines(deps));
}
