import path from 'node:path';
import { z } from 'zod';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const intFrom = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const envSchema = z.object({
  PORT: intFrom(0, 65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  TRUST_PROXY: z
    .string()
    .trim()
    .regex(
      /^[0-9A-Fa-f.:/]+(\s*,\s*[0-9A-Fa-f.:/]+)*$/,
      'comma-separated addresses or CIDR ranges of the reverse proxies',
    )
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .refine((v) => v.startsWith('sqlite:') || /^postgres(ql)?:\/\//.test(v), {
      message: 'must start with sqlite: or postgres://',
    })
    .optional(),
  DATABASE_POOL_SIZE: intFrom(1, 200).default(10),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  SESSION_IDLE_MINUTES: intFrom(1, 24 * 60).default(30),
  SESSION_MAX_HOURS: intFrom(1, 24 * 30).default(12),
  COOKIE_SECURE: z.enum(['true', 'false', 'auto']).default('auto'),
  LOGIN_MAX_FAILURES: intFrom(1, 100).default(5),
  LOGIN_FAILURE_WINDOW_MINUTES: intFrom(1, 24 * 60).default(15),
  LOGIN_LOCK_MINUTES: intFrom(1, 24 * 60).default(15),
  PASSWORD_MIN_LENGTH: intFrom(8, 128).default(10),
  PASSWORD_MIN_CLASSES: intFrom(1, 4).default(3),
  SEED_DEMO: z.enum(['true', 'false']).default('true'),
  PUBLIC_BASE_URL: z.url().optional(),
  CASE_NUMBER_PREFIX: z
    .string()
    .regex(/^[A-Z]{0,6}$/)
    .default('PS'),
  AUTO_DISPATCH: z.enum(['true', 'false']).default('false'),
  DEADLINE_AMBER_RATIO: z.coerce.number().gt(0).lt(1).default(0.75),
  SWEEP_INTERVAL_SECONDS: intFrom(5, 3600).default(60),
  URGE_AT_AMBER: z.enum(['true', 'false']).default('true'),
  ESCALATE_AT_RED: z.enum(['true', 'false']).default('true'),
  RETURN_LIMIT_HOURS: intFrom(1, 24 * 30).default(24),
  REOPEN_DAYS: intFrom(1, 365).default(15),
  MAILBOX_UNIT_CODE: z.string().trim().min(1).max(64).default('PS.LDBGS'),
  NOTIFY_PROVIDER: z.enum(['log']).default('log'),
  URL_SIGNING_SECRET: z.string().min(32).optional(),
  OUTBOX_POLL_SECONDS: intFrom(1, 3600).default(5),
  OUTBOX_MAX_ATTEMPTS: intFrom(1, 50).default(8),
  OPEN311_JURISDICTION_ID: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.-]{1,100}$/)
    .optional(),
  CAMERA_MIN_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.6),
  CAMERA_MERGE_WINDOW_MINUTES: intFrom(0, 7 * 24 * 60).default(30),
  OPEN311_PULL_SECONDS: intFrom(10, 24 * 3600).default(300),
  MAP_TILE_URL: z
    .string()
    .regex(/^https?:\/\/\S*\{z\}\S*$/, 'a tile URL template with {z}, {x} and {y}')
    .optional(),
  MAP_ATTRIBUTION: z.string().max(200).optional(),
  TEST_HOOKS: z.enum(['true', 'false']).default('false'),
  NODE_ENV: z.string().optional(),
  WEB_DIST_DIR: z.string().optional(),
  PORTAL_DIST_DIR: z.string().optional(),
});

export interface Config {
  port: number;
  host: string;
  /**
   * The reverse proxies in front of the server (addresses or CIDR ranges): only from these is
   * X-Forwarded-For believed, so per-address limits and the audit log see the citizen's address.
   */
  trustedProxies: string[];
  dataDir: string;
  databaseUrl: string;
  databasePoolSize: number;
  logLevel: (typeof logLevels)[number];
  session: { idleMinutes: number; maxHours: number; cookieSecure: 'true' | 'false' | 'auto' };
  login: { maxFailures: number; failureWindowMinutes: number; lockMinutes: number };
  passwordPolicy: { minLength: number; minClasses: number };
  seedDemo: boolean;
  /** Base URL citizens reach the portal at (tracking links in messages). */
  publicBaseUrl: string;
  cases: {
    numberPrefix: string;
    autoDispatch: boolean;
    /** Share of a time limit used after which a case turns amber. */
    amberRatio: number;
    sweepIntervalSeconds: number;
    urgeAtAmber: boolean;
    escalateAtRed: boolean;
    /** A unit may return a dispatched case within this many hours. */
    returnLimitHours: number;
    /** A citizen may reopen a closed case within this many days. */
    reopenDays: number;
  };
  notifications: { provider: 'log'; pollSeconds: number; maxAttempts: number };
  /** The citizen portal: the unit (by code) letters to the leader's mailbox go to. */
  portal: { mailboxUnitCode: string };
  /** Secret for signed links; null: one is generated and kept in DATA_DIR. */
  urlSigningSecret: string | null;
  webDistDir: string | null;
  portalDistDir: string | null;
  /** Other systems (Open311, platforms, cameras). */
  integration: {
    /** Open311 jurisdiction_id; null: the district centre's unit code. */
    jurisdictionId: string | null;
    /** Camera events below this confidence are kept but open no case (an administrator may override). */
    cameraMinConfidence: number;
    /** Events of one camera and type within this many minutes of the last join its open case. */
    cameraMergeWindowMinutes: number;
    /** How often cases are sent to and updates pulled from external GeoReport v2 systems. */
    open311PullSeconds: number;
  };
  /** Map tiles for the front ends; null: maps draw only the district's own outlines. */
  map: { tileUrl: string | null; attribution: string | null };
  /** Test builds only: a movable clock and a sweep trigger under /api/test/ (refused in production). */
  testHooks: boolean;
}

/** Raised when the environment is invalid; lists every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once into a typed config; throws ConfigError naming every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input = Object.fromEntries(Object.keys(envSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]));
  const parsed = envSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map(
        (i) => `${i.path.join('.')}: ${i.message} (got ${JSON.stringify(input[String(i.path[0])])})`,
      ),
    );
  }
  const e = parsed.data;
  if (e.TEST_HOOKS === 'true' && e.NODE_ENV === 'production') {
    throw new ConfigError(['TEST_HOOKS: must not be true when NODE_ENV is production (got "true")']);
  }
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    trustedProxies: e.TRUST_PROXY ? e.TRUST_PROXY.split(',').map((p) => p.trim()) : [],
    dataDir,
    databaseUrl: e.DATABASE_URL ?? `sqlite:${path.join(dataDir, 'citydesk.db')}`,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    logLevel: e.LOG_LEVEL,
    session: {
      idleMinutes: e.SESSION_IDLE_MINUTES,
      maxHours: e.SESSION_MAX_HOURS,
      cookieSecure: e.COOKIE_SECURE,
    },
    login: {
      maxFailures: e.LOGIN_MAX_FAILURES,
      failureWindowMinutes: e.LOGIN_FAILURE_WINDOW_MINUTES,
      lockMinutes: e.LOGIN_LOCK_MINUTES,
    },
    passwordPolicy: { minLength: e.PASSWORD_MIN_LENGTH, minClasses: e.PASSWORD_MIN_CLASSES },
    seedDemo: e.SEED_DEMO === 'true',
    publicBaseUrl: (e.PUBLIC_BASE_URL ?? `http://${e.HOST}:${e.PORT}`).replace(/\/$/, ''),
    cases: {
      numberPrefix: e.CASE_NUMBER_PREFIX,
      autoDispatch: e.AUTO_DISPATCH === 'true',
      amberRatio: e.DEADLINE_AMBER_RATIO,
      sweepIntervalSeconds: e.SWEEP_INTERVAL_SECONDS,
      urgeAtAmber: e.URGE_AT_AMBER === 'true',
      escalateAtRed: e.ESCALATE_AT_RED === 'true',
      returnLimitHours: e.RETURN_LIMIT_HOURS,
      reopenDays: e.REOPEN_DAYS,
    },
    notifications: {
      provider: e.NOTIFY_PROVIDER,
      pollSeconds: e.OUTBOX_POLL_SECONDS,
      maxAttempts: e.OUTBOX_MAX_ATTEMPTS,
    },
    portal: { mailboxUnitCode: e.MAILBOX_UNIT_CODE },
    urlSigningSecret: e.URL_SIGNING_SECRET ?? null,
    webDistDir: e.WEB_DIST_DIR ?? null,
    portalDistDir: e.PORTAL_DIST_DIR ?? null,
    integration: {
      jurisdictionId: e.OPEN311_JURISDICTION_ID ?? null,
      cameraMinConfidence: e.CAMERA_MIN_CONFIDENCE,
      cameraMergeWindowMinutes: e.CAMERA_MERGE_WINDOW_MINUTES,
      open311PullSeconds: e.OPEN311_PULL_SECONDS,
    },
    map: { tileUrl: e.MAP_TILE_URL ?? null, attribution: e.MAP_ATTRIBUTION ?? null },
    testHooks: e.TEST_HOOKS === 'true',
  };
}

/** The variables a deployment may set, for documentation and tests. */
export const configVariables = Object.keys(envSchema.shape);
