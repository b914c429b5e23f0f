import type { FastifyBaseLogger } from 'fastify';
import type { ModuleDeps } from '../../platform/deps.js';
import { purgeExpiredIdempotencyKeys } from '../../platform/http/idempotency.js';
import { purgeStaleUploads } from '../media/index.js';
import { sweepDeadlines } from './supervision.service.js';

export interface SupervisionWorker {
  /** Runs one sweep now (tests and the first tick). */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

const hourMs = 3600_000;

/**
 * The background loop of a server process: the deadline sweep every SWEEP_INTERVAL_SECONDS,
 * and hourly housekeeping (expired idempotency keys, uploads never attached to a case).
 */
export function startSupervisionWorker(deps: ModuleDeps, log: FastifyBaseLogger): SupervisionWorker {
  let running: Promise<void> | null = null;
  let lastHousekeeping = 0;
  const runOnce = async (): Promise<void> => {
    if (running) return running;
    running = (async () => {
      try {
        const result = await sweepDeadlines(deps);
        if (result.turnedAmber + result.turnedRed > 0) log.info(result, 'deadline sweep');
        const now = deps.clock.now();
        if (now.getTime() - lastHousekeeping >= hourMs) {
          lastHousekeeping = now.getTime();
          const keys = await purgeExpiredIdempotencyKeys(deps.db, now);
          const uploads = await purgeStaleUploads(deps.db, deps.config.dataDir, now);
          if (keys + uploads > 0) log.info({ keys, uploads }, 'housekeeping');
        }
      } catch (error) {
        log.error({ err: error }, 'supervision worker failed; will retry');
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const timer = setInterval(() => void runOnce(), deps.config.cases.sweepIntervalSeconds * 1000);
  timer.unref();
  return {
    runOnce,
    stop: async () => {
      clearInterval(timer);
      if (running) await running;
    },
  };
}
