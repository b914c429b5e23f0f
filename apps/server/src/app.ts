import fastifyCookie from '@fastify/cookie';
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import type { DestinationStream } from 'pino';
import type { Config } from './config.js';
import { OffsetClock, systemClock, type Clock } from './platform/clock.js';
import type { DatabaseHandle } from './platform/db/connect.js';
import { pingDatabase } from './platform/db/connect.js';
import { pendingMigrations } from './platform/db/migrate.js';
import type { ModuleDeps } from './platform/deps.js';
import { DomainEvents } from './platform/events/domain-events.js';
import { LiveFeed } from './platform/events/live-feed.js';
import { loadSigningSecret } from './platform/signing.js';
import { installErrorHandler, sendError } from './platform/http/error-handler.js';
import { listRoutes, registerApiDescription } from './platform/http/openapi.js';
import { serveFrontEnds } from './platform/http/static.js';
import { newId } from './platform/ids.js';
import { fastifyLoggerOptions } from './platform/logging.js';
import { frontEndDist } from './platform/paths.js';
import { registerTestHooks } from './test-hooks.js';
import { registerAnalyticsRoutes } from './modules/analytics/index.js';
import { registerAuditRoutes } from './modules/audit/index.js';
import { installAuth, registerAuthRoutes } from './modules/auth/index.js';
import { calendarStatus, registerCalendarRoutes } from './modules/calendar/index.js';
import { registerCatalogueRoutes } from './modules/catalogue/index.js';
import { registerDispatchRoutes } from './modules/dispatch/index.js';
import { registerGridRoutes } from './modules/grid/index.js';
import { registerOrgRoutes, listUnitViews } from './modules/org/index.js';
import { catalogueTree } from './modules/catalogue/index.js';
import { addSearchWords, registerIntakeRoutes } from './modules/intake/index.js';
import { registerMediaRoutes } from './modules/media/index.js';
import { registerPortalRoutes } from './modules/portal/index.js';
import { loadWorkflowSettings, registerSettingsRoutes } from './modules/settings/index.js';
import {
  createProviders,
  registerNotificationRoutes,
  startOutboxWorker,
  type NotificationProviders,
} from './modules/notification/index.js';
import {
  registerSupervisionHandlers,
  registerSupervisionRoutes,
  startSupervisionWorker,
} from './modules/supervision/index.js';
import {
  registerPublicCaseRoutes,
  registerWorkflowHandlers,
  registerWorkflowRoutes,
} from './modules/workflow/index.js';
import {
  integrationWebhookSigner,
  registerInboundRoutes,
  registerIntegrationAdminRoutes,
  registerIntegrationHandlers,
  registerOpen311Routes,
  startIntegrationWorker,
  type IntegrationWorker,
} from './modules/integration/index.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** The wiring the routes use (tests reach use cases and workers through it). */
    deps: ModuleDeps;
  }
}

export interface AppOptions {
  config: Config;
  database: DatabaseHandle;
  clock?: Clock;
  /** Where logs go (tests capture them); stdout when absent. */
  logStream?: DestinationStream;
  /** Serve the built front ends (off in API tests). */
  serveFrontEnds?: boolean;
  /** Run the deadline sweep and the outbox worker in this process (the server does; tests drive them). */
  startWorkers?: boolean;
  /** Message providers (tests pass failing ones); by default from configuration. */
  providers?: NotificationProviders;
}

const version = '0.1.0';
const requestIdPattern = /^[A-Za-z0-9._:-]{1,64}$/;
/** Upload bodies read as raw bytes: CSV, Excel, GeoJSON files and anything binary. */
const fileContentTypes = [
  'text/csv',
  'application/csv',
  'application/octet-stream',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/geo+json',
];

/** Builds the HTTP app without listening, so tests can inject requests. */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { config, database } = options;
  // With test hooks on (test builds only) the clock can be moved through /api/test/clock.
  const testClock = config.testHooks && !options.clock ? new OffsetClock() : null;
  const clock = options.clock ?? testClock ?? systemClock;
  const app = Fastify({
    logger: fastifyLoggerOptions(config.logLevel, options.logStream),
    genReqId: (req) => {
      const incoming = req.headers['x-request-id'];
      return typeof incoming === 'string' && requestIdPattern.test(incoming) ? incoming : newId();
    },
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    bodyLimit: 25 * 1024 * 1024,
    // X-Forwarded-For only from the configured reverse proxies (none by default).
    trustProxy: config.trustedProxies.length > 0 ? config.trustedProxies : false,
    // Our own hook answers requests that arrive while closing, in the error envelope.
    return503OnClosing: false,
  });
  const feed = new LiveFeed(config.databaseUrl);
  await feed.start();
  const deps: ModuleDeps = {
    db: database.db,
    database,
    config,
    clock,
    events: new DomainEvents(),
    feed,
    signingSecret: loadSigningSecret(config.dataDir, config.urlSigningSecret ?? undefined),
  };
  app.decorate('deps', deps);
  // Before any route: the API description is built from every route registered after this.
  const routes = listRoutes(app);
  // Case actions read the workflow settings from memory: load the stored overrides first.
  await loadWorkflowSettings(deps.db);
  // Before the workflow's: a platform hears 受理 before what an automatic dispatch does.
  let integrationWorker: IntegrationWorker | null = null;
  registerIntegrationHandlers(deps, () => integrationWorker?.kick());
  registerWorkflowHandlers(deps);
  registerSupervisionHandlers(deps);
  await teachSearchWords(deps);
  const providers =
    options.providers ??
    createProviders(config, database.db, clock, {
      webhookSigner: integrationWebhookSigner(database.db, deps.signingSecret),
    });

  await app.register(fastifyCookie);
  app.addContentTypeParser(fileContentTypes, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  installErrorHandler(app);
  app.addHook('onSend', async (request, reply) => {
    void reply.header('x-request-id', request.id);
    // "Now" as the use cases see it (the consoles count deadlines down from it; a test build's
    // movable clock included).
    void reply.header('date', clock.now().toUTCString());
  });
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onRequest', async (request, reply) => {
    if (!closing) return;
    void reply.header('connection', 'close');
    return sendError(request, reply, 'SERVICE_UNAVAILABLE', 503, { reason: 'shutting down' });
  });
  installAuth(app, deps);

  const about = (summary: string, returns: string) => ({
    config: { doc: { summary, returns, tag: 'system', access: 'public' as const } },
  });
  app.get('/healthz', about('The process is up', 'status, version, uptime'), async () => ({
    status: 'ok',
    version,
    uptimeSeconds: Math.round(process.uptime()),
  }));

  const readiness = about(
    'Ready to serve: database, migrations, calendar years',
    'status, database, calendar, warnings',
  );
  app.get('/readyz', readiness, async (_request, reply) => {
    const warnings: string[] = [];
    try {
      await pingDatabase(database.db);
    } catch (error) {
      return reply.status(503).send({
        status: 'not_ready',
        database: { dialect: database.dialect, reachable: false, error: (error as Error).message },
      });
    }
    const pending = await pendingMigrations(database.db);
    const calendar = await calendarStatus(database.db, clock.now());
    if (pending.length > 0) warnings.push(`pending migrations: ${pending.join(', ')}`);
    if (calendar.missingYears.length > 0) {
      warnings.push(`working-day calendar missing for ${calendar.missingYears.join(', ')}: Monday–Friday assumed`);
    }
    const ready = pending.length === 0;
    return reply.status(ready ? 200 : 503).send({
      status: ready ? 'ready' : 'not_ready',
      version,
      database: { dialect: database.dialect, reachable: true, pendingMigrations: pending },
      calendar,
      warnings,
    });
  });

  registerAuditRoutes(app, deps);
  registerAuthRoutes(app, deps);
  registerCalendarRoutes(app, deps);
  registerOrgRoutes(app, deps);
  registerCatalogueRoutes(app, deps);
  registerMediaRoutes(app, deps);
  registerIntakeRoutes(app, deps);
  registerDispatchRoutes(app, deps);
  registerWorkflowRoutes(app, deps);
  const portal = registerPortalRoutes(app, deps);
  registerPublicCaseRoutes(app, deps, { citizenPhoneOf: portal.citizenPhoneOf });
  registerGridRoutes(app, deps);
  registerSupervisionRoutes(app, deps);
  registerAnalyticsRoutes(app, deps);
  registerSettingsRoutes(app, deps);
  registerInboundRoutes(app, deps);
  registerOpen311Routes(app, deps);
  if (testClock) registerTestHooks(app, deps, testClock);

  registerApiDescription(app, routes, version);

  // What the front ends need to know before sign-in.
  app.get(
    '/api/client-config',
    about('What the front ends need before sign-in', 'map tile URL and attribution'),
    async () => ({
      mapTileUrl: config.map.tileUrl,
      mapAttribution: config.map.attribution,
    }),
  );

  const outbox = options.startWorkers
    ? startOutboxWorker({ db: database.db, clock, config, log: app.log, providers })
    : null;
  const supervision = options.startWorkers ? startSupervisionWorker(deps, app.log) : null;
  integrationWorker = options.startWorkers ? startIntegrationWorker(deps, app.log) : null;
  registerNotificationRoutes(app, deps, outbox ?? undefined);
  registerIntegrationAdminRoutes(app, deps, integrationWorker ?? undefined);
  app.addHook('onClose', async () => {
    await integrationWorker?.stop();
    await supervision?.stop();
    await outbox?.stop();
    await feed.stop();
  });

  const fallback =
    options.serveFrontEnds === false
      ? () => false
      : await serveFrontEnds(app, [
          { prefix: '/portal/', dir: config.portalDistDir ?? frontEndDist('portal') },
          { prefix: '/', dir: config.webDistDir ?? frontEndDist('web') },
        ]);
  app.setNotFoundHandler((request, reply) => {
    if (fallback(request, reply)) return;
    void sendError(request, reply, 'ROUTE_NOT_FOUND', 404, { method: request.method, path: request.url.split('?')[0] });
  });

  return app;
}

/** Teaches the search tokenizer the district's unit and category names, so they stay whole words. */
async function teachSearchWords(deps: ModuleDeps): Promise<void> {
  const units = await listUnitViews(deps.db);
  const words: string[] = units.map((u) => u.name);
  type Node = { name: string; keywords?: string[]; children?: Node[] };
  const walk = (nodes: readonly Node[]) => {
    for (const node of nodes) {
      words.push(node.name, ...(node.keywords ?? []));
      if (node.children) walk(node.children);
    }
  };
  walk(await catalogueTree(deps.db));
  addSearchWords(words);
}
