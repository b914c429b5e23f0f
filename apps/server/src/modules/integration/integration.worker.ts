import type { FastifyBaseLogger } from 'fastify';
import type { ModuleDeps } from '../../platform/deps.js';
import { pullOpen311Updates, sendDueOpen311, type Open311ClientOptions } from './open311-client.service.js';

export interface IntegrationWorker {
  /** Sends what is due now, and pulls updates when a pull is due (tests and the first tick). */
  runOnce(): Promise<void>;
  /** Sends soon instead of at the next poll (a case was just queued for an external system). */
  kick(): void;
  stop(): Promise<void>;
}

/**
 * The background loop of the Open311 client in the server process: posts queued cases every
 * OUTBOX_POLL_SECONDS (or at once when kicked) and pulls external updates every
 * OPEN311_PULL_SECONDS. Runs never overlap; a failing run is logged and tried again.
 */
export function startIntegrationWorker(
  deps: ModuleDeps,
  log: FastifyBaseLogger,
  options: Open311ClientOptions = {},
): IntegrationWorker {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let lastPull = Number.NEGATIVE_INFINITY;
  const clientOptions = { ...options, log };
  const runOnce = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        const sent = await sendDueOpen311(deps, clientOptions);
        if (sent.sent + sent.retried + sent.failed + sent.skipped > 0) log.info(sent, 'open311 sends');
        const now = deps.clock.now().getTime();
        if (now - lastPull >= deps.config.integration.open311PullSeconds * 1000) {
          lastPull = now;
          const pulled = await pullOpen311Updates(deps, clientOptions);
          if (pulled.updates + pulled.errors > 0) log.info(pulled, 'open311 pull');
        }
      } catch (error) {
        log.error({ err: error }, 'integration worker failed; will retry');
      } finally {
        running = null;
        if (again && !stopped) {
          again = false;
          void runOnce();
        }
      }
    })();
    return running;
  };
  const timer = setInterval(() => void runOnce(), deps.config.notifications.pollSeconds * 1000);
  timer.unref();
  return {
    runOnce,
    kick: () => {
      if (!stopped) void runOnce();
    },
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      if (running) await running;
    },
  };
}
