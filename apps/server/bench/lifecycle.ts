/**
 * The lifecycle benchmark: the built server over a database preloaded with N synthetic cases,
 * driven over loopback HTTP by C concurrent clients — phase A creates only, phase B full
 * lifecycles (create → dispatch → sign → feedback → reply → visit → close → rating).
 * Prints figures only; nothing asserts a timing.
 */
import { consoleQueries, timeQueries, type QueryTiming } from './queries.js';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/platform/db/connect.js';
import { formatProfile, summariseCpuProfile } from './cpu-profile.js';
import {
  HttpClient,
  LifecycleClient,
  Recorder,
  drive,
  lifecycleActions,
  signIn,
  type LatencySummary,
  type LoadSetup,
  type PhaseResult,
} from './http-load.js';
import { loadSeededDistrict, postgresWriter, preloadCases, sqliteWriter, type PreloadResult } from './preload.js';
import { RssSampler, cpuSecondsOf, postgresCpuSeconds, startServer, type ServerProcess } from './server-process.js';
import { fixed, heading, int, rows } from './support.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const demoPassword = 'Demo@2026!';

export interface LifecycleSettings {
  cases: number;
  seconds: number;
  concurrency: number;
  phases: { a: boolean; b: boolean; q: boolean };
  /** Directory for a CPU profile of the server (null: no profile). */
  cpuProfileDir: string | null;
  keepProfile: boolean;
}

/** Cleanup actions run in reverse order at the end, on failure and on SIGINT. */
export class Cleanups {
  private readonly actions: { name: string; run: () => Promise<void> | void }[] = [];

  add(name: string, run: () => Promise<void> | void): () => void {
    const entry = { name, run };
    this.actions.push(entry);
    return () => {
      const i = this.actions.indexOf(entry);
      if (i >= 0) this.actions.splice(i, 1);
    };
  }

  /** Runs a child's actions with this one's (the child may also run them itself earlier). */
  nest(child: Cleanups): Cleanups {
    this.add('nested cleanups', () => child.runAll());
    return child;
  }

  async runAll(): Promise<void> {
    while (this.actions.length > 0) {
      const action = this.actions.pop();
      if (!action) break;
      try {
        await action.run();
      } catch (error) {
        console.error(`cleanup "${action.name}" failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
}

export interface LifecycleOutcome {
  database: 'SQLite' | 'PostgreSQL';
  durability: string;
  settings: LifecycleSettings;
  preload: PreloadResult;
  storedAtStart: number;
  storedAtEnd: number;
  phaseA: (PhaseResult & { cpu: CpuShares }) | null;
  phaseB: (PhaseResult & { cpu: CpuShares }) | null;
  queries: QueryTiming[] | null;
  rssPeak: number;
  databaseBytes: number;
}

interface CpuShares {
  server: number;
  loadGenerator: number;
  postgres: number | null;
}

/** Builds the server bundle (and, when asked, the front ends) when missing or older than their sources. */
export async function ensureServerBuilt(parts: string[] = ['server']): Promise<void> {
  const lib = (await import(pathToFileURL(path.join(root, 'scripts/build-lib.mjs')).href)) as {
    ensureBuilt: (names: string[], options?: { quiet?: boolean }) => Promise<void>;
  };
  await lib.ensureBuilt(parts);
}

function cli(args: string[], env: Record<string, string>): string {
  const result = spawnSync(process.execPath, ['apps/server/dist/cli.js', ...args], {
    cwd: root,
    env: { ...process.env, ...env, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`citydesk ${args.join(' ')} failed (${result.status}):\n${result.stdout}${result.stderr}`);
  }
  return result.stdout.trim();
}

const mib = (bytes: number) => `${fixed(bytes / 2 ** 20, 1)} MiB`;
const msText = (v: number) => (Number.isFinite(v) ? `${v < 10 ? fixed(v, 1) : int(v)} ms` : '–');
const latency = (s: LatencySummary) =>
  `p50 ${msText(s.p50)}  p95 ${msText(s.p95)}  p99 ${msText(s.p99)}  max ${msText(s.max)}  (n=${int(s.count)})`;

/** A temporary PostgreSQL database next to the one BENCH_DATABASE_URL names. */
async function createPostgresDatabase(adminUrl: string, cleanups: Cleanups): Promise<string> {
  const name = `citydesk_bench_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(
      `create database ${name} template template0 encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8'`,
    );
  } finally {
    await admin.end();
  }
  cleanups.add(`drop database ${name}`, async () => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(`drop database if exists ${name} with (force)`);
    } finally {
      await client.end();
    }
    console.log(`  dropped database ${name}`);
  });
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function countCases(databaseUrl: string): Promise<number> {
  const handle = openDatabase(databaseUrl, { poolSize: 1 });
  try {
    const row = await handle.db
      .selectFrom('case_record')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  } finally {
    await handle.close();
  }
}

async function databaseBytes(kind: 'sqlite' | 'postgres', databaseUrl: string, file: string | null): Promise<number> {
  if (kind === 'sqlite' && file) {
    const size = (f: string) => fs.statSync(f, { throwIfNoEntry: false })?.size ?? 0;
    return size(file) + size(`${file}-wal`);
  }
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ bytes: string }>('select pg_database_size(current_database()) as bytes');
    return Number(result.rows[0]?.bytes ?? 0);
  } finally {
    await client.end();
  }
}

/** Runs one phase while measuring CPU of the server, this process and (on PostgreSQL) the database. */
async function measuredPhase(
  server: ServerProcess,
  kind: 'sqlite' | 'postgres',
  run: () => Promise<PhaseResult>,
): Promise<PhaseResult & { cpu: CpuShares }> {
  const server0 = cpuSecondsOf(server.pid);
  const self0 = process.cpuUsage();
  const pg0 = kind === 'postgres' ? postgresCpuSeconds() : 0;
  const result = await run();
  const seconds = result.elapsedMs / 1000;
  const self = process.cpuUsage(self0);
  return {
    ...result,
    cpu: {
      server: (cpuSecondsOf(server.pid) - server0) / seconds,
      loadGenerator: (self.user + self.system) / 1e6 / seconds,
      postgres: kind === 'postgres' ? (postgresCpuSeconds() - pg0) / seconds : null,
    },
  };
}

function printPhase(title: string, result: PhaseResult & { cpu: CpuShares }, unit: string): void {
  const seconds = result.elapsedMs / 1000;
  const r = result.recorder;
  const lines: [string, string][] = [
    [`${unit}/s`, `${fixed(result.completed / seconds, 1)} (${int(result.completed)} in ${fixed(seconds, 1)} s)`],
    ['requests/s', `${fixed(r.requests / seconds, 1)} (${int(r.requests)} requests)`],
    [
      'CPU (1.0 = one core)',
      `server ${fixed(result.cpu.server, 2)}, load generator ${fixed(result.cpu.loadGenerator, 2)}${result.cpu.postgres === null ? '' : `, PostgreSQL ${fixed(result.cpu.postgres, 2)}`}`,
    ],
  ];
  heading(title);
  rows(lines);
  const actions = lifecycleActions.filter((a) => r.summary(a).count > 0);
  const width = Math.max(...actions.map((a) => a.length));
  for (const action of actions) console.log(`  ${action.padEnd(width)}  ${latency(r.summary(action))}`);
  if (r.errorCount === 0) {
    console.log('  errors: none');
  } else {
    console.log(`  errors: ${int(r.errorCount)}`);
    for (const [key, count] of [...r.errors].sort((a, b) => b[1] - a[1])) console.log(`    ${key}: ${int(count)}`);
    for (const sample of r.errorSamples) console.log(`    e.g. ${sample}`);
  }
}

/** The whole benchmark on one database; everything it creates is removed by `cleanups`. */
export async function runLifecycle(
  kind: 'sqlite' | 'postgres',
  settings: LifecycleSettings,
  cleanups: Cleanups,
  adminUrl?: string,
): Promise<LifecycleOutcome> {
  const label = kind === 'sqlite' ? 'SQLite' : 'PostgreSQL';
  heading(`Lifecycle benchmark on ${label}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `citydesk-lifecycle-${kind}-`));
  cleanups.add(`remove ${tmp}`, () => fs.rmSync(tmp, { recursive: true, force: true }));
  const dataDir = path.join(tmp, 'data');
  fs.mkdirSync(dataDir);
  const sqliteFile = path.join(dataDir, 'citydesk.db');
  let databaseUrl = `sqlite:${sqliteFile}`;
  if (kind === 'postgres') {
    if (!adminUrl) throw new Error('BENCH_DATABASE_URL is needed for PostgreSQL');
    databaseUrl = await createPostgresDatabase(adminUrl, cleanups);
  }
  const env = { DATA_DIR: dataDir, DATABASE_URL: databaseUrl };
  const setupRows: [string, string][] = [
    ['data dir', `${dataDir} (removed at the end)`],
    ['database', kind === 'sqlite' ? sqliteFile : databaseUrl.replace(/\/\/[^@]*@/, '//…@')],
  ];

  let t0 = Date.now();
  cli(['migrate'], env);
  const seeded = cli(['seed-demo'], env).split('\n')[0] ?? '';
  setupRows.push(['migrate + seed-demo (CLI)', `${fixed((Date.now() - t0) / 1000, 1)} s — ${seeded}`]);

  // What the generator needs from the seeded district.
  const config = loadConfig({ DATA_DIR: dataDir, DATABASE_URL: databaseUrl });
  const reader = openDatabase(databaseUrl, { poolSize: 2 });
  let district;
  try {
    district = await loadSeededDistrict(reader.db, {
      amberRatio: config.cases.amberRatio,
      numberPrefix: config.cases.numberPrefix,
      pointsPerGrid: 40,
      seed: 0x440310,
    });
  } finally {
    await reader.close();
  }
  const points = district.pointsByGrid.flat();
  setupRows.push([
    'district',
    `${int(district.items.length)} active catalogue items, ${int(points.length)} points in ${district.pointsByGrid.length} grids; audit chain continues at seq ${int((district.lastAudit?.seq ?? 0) + 1)}`,
  ]);
  rows(setupRows);

  // Preload.
  console.log('');
  console.log(
    kind === 'sqlite'
      ? `  preloading ${int(settings.cases)} cases: raw better-sqlite3, prepared statements, 5,000 cases per transaction, journal_mode=WAL, synchronous=OFF for the preload only (the server runs with FULL)`
      : `  preloading ${int(settings.cases)} cases: multi-row INSERTs of ≤1,000 rows, 1,000 cases per transaction over 2 connections, synchronous_commit=off in those sessions only`,
  );
  const now = new Date();
  const workers = Math.max(1, os.cpus().length - 1);
  const writer = kind === 'sqlite' ? sqliteWriter(sqliteFile) : await postgresWriter(databaseUrl);
  const closeWriter = cleanups.add('close preload connection', () => writer.close());
  let preload: PreloadResult;
  try {
    preload = await preloadCases(district, writer, {
      cases: settings.cases,
      now,
      seed: 0x2026,
      batchCases: kind === 'sqlite' ? 5000 : 1000,
      workers,
      progress: (line) => console.log(`    ${line}`),
    });
  } finally {
    closeWriter();
    await writer.close();
  }
  const loadMs = preload.totalMs - preload.analyzeMs;
  const c = preload.counts;
  const pct = (n: number) => `${fixed((100 * n) / Math.max(1, preload.cases), 1)} %`;
  rows([
    [
      'preload',
      `${fixed(loadMs / 1000, 1)} s for ${int(preload.totalRows)} rows → ${int((preload.totalRows * 1000) / loadMs)} rows/s, ${int((preload.cases * 1000) / loadMs)} cases/s (rows generated on ${preload.workers} worker thread${preload.workers === 1 ? '' : 's'} alongside: ${fixed(preload.generateMs / 1000, 1)} s of generation)`,
    ],
    ['ANALYZE', `${fixed(preload.analyzeMs / 1000, 1)} s${kind === 'sqlite' ? ' (analysis_limit=1000)' : ''}`],
    [
      'rows',
      Object.entries(preload.rows)
        .map(([t, n]) => `${t} ${int(n)}`)
        .join(', '),
    ],
    [
      'cases',
      `created ${preload.firstCreated.slice(0, 10)} … ${preload.lastCreated.slice(0, 16)}Z over ${preload.days} numbering days; closed ${pct(c.closed)} (rated ${pct(c.rated)}), open ${pct(c.open)}, voided ${pct(c.voided)}, merged ${pct(c.merged)}`,
    ],
    [
      'open cases',
      `${[...c.openByNode].map(([n, k]) => `${n} ${int(k)}`).join(', ')}; deadlines ${[...c.deadline].map(([s, k]) => `${s} ${int(k)}`).join(', ')}`,
    ],
  ]);

  // The server.
  const serverEnv = { ...env, PORT: '0', LOG_LEVEL: 'warn', SEED_DEMO: 'false' };
  t0 = Date.now();
  const server = await startServer({ root, env: serverEnv });
  const stopServer = cleanups.add('stop server', async () => {
    await server.stop();
  });
  const storedAtStart = await countCases(databaseUrl);
  const client = new HttpClient(server.url, settings.concurrency);
  cleanups.add('close HTTP agent', () => client.close());
  const cookies = {
    operator: await signIn(client, 'operator', demoPassword),
    dispatcher: await signIn(client, 'dispatcher', demoPassword),
    handler: await signIn(client, 'cgj.handler', demoPassword),
  };
  const leadUnitId = district.unitIds.get('PS.CGJ');
  if (!leadUnitId) throw new Error('the demo district has no PS.CGJ unit');
  const items = district.items.filter(
    (i) => i.template === 'general' && i.plainIntake && i.timeLimits.complaint !== undefined,
  );
  const setup: LoadSetup = { client, cookies, leadUnitId, items, points };
  rows([
    [
      'server',
      `pid ${server.pid}, ${server.url}, ready in ${fixed((Date.now() - t0) / 1000, 1)} s; ${int(storedAtStart)} cases stored`,
    ],
    ['signed in', 'operator, dispatcher, cgj.handler (one session each, shared by all clients)'],
    ['create requests', `hotline complaints over ${items.length} general-template items, points in real grids`],
  ]);

  // One checked lifecycle, then a short warm-up (not recorded).
  const checkRecorder = new Recorder();
  const check = new LifecycleClient(setup, checkRecorder, 1);
  if (!(await check.lifecycle())) {
    throw new Error(`the checked lifecycle failed: ${checkRecorder.errorSamples.join('; ')}`);
  }
  const final = await client.request('GET', `/api/cases/${check.lastCaseId}`, undefined, cookies.dispatcher);
  const finalState = JSON.parse(final.body) as { node?: string; status?: string };
  if (final.status !== 200 || finalState.node !== 'done' || finalState.status !== 'closed') {
    throw new Error(`after the rating the case should be closed at done: ${final.status} ${final.body.slice(0, 300)}`);
  }
  const warmup = await drive(settings.concurrency, Math.min(5, Math.max(1, settings.seconds / 6)), (i, recorder) => {
    const lifecycle = new LifecycleClient(setup, recorder, 1000 + i);
    return () => lifecycle.lifecycle();
  });
  rows([
    [
      'checked + warm-up',
      `1 lifecycle checked node by node (register → sign → handle → feedback → return_visit → close → rate → done), then ${fixed(warmup.elapsedMs / 1000, 1)} s warm-up: ${int(warmup.completed)} lifecycles, ${int(warmup.recorder.errorCount)} errors`,
    ],
  ]);
  for (const sample of warmup.recorder.errorSamples) console.log(`    e.g. ${sample}`);

  const sampler = new RssSampler(server.pid).start();
  let phaseA: LifecycleOutcome['phaseA'] = null;
  let phaseB: LifecycleOutcome['phaseB'] = null;
  if (settings.phases.a) {
    phaseA = await measuredPhase(server, kind, () =>
      drive(settings.concurrency, settings.seconds, (i, recorder) => {
        const creator = new LifecycleClient(setup, recorder, 2000 + i);
        return async () => (await creator.create()) !== null;
      }),
    );
    printPhase(
      `Phase A (${label}): creates only — ${settings.concurrency} clients, ${settings.seconds} s`,
      phaseA,
      'creates',
    );
  }
  if (settings.phases.b) {
    phaseB = await measuredPhase(server, kind, () =>
      drive(settings.concurrency, settings.seconds, (i, recorder) => {
        const lifecycle = new LifecycleClient(setup, recorder, 3000 + i);
        return () => lifecycle.lifecycle();
      }),
    );
    printPhase(
      `Phase B (${label}): full lifecycles (8 requests) — ${settings.concurrency} clients, ${settings.seconds} s`,
      phaseB,
      'lifecycles',
    );
  }
  let queries: QueryTiming[] | null = null;
  if (settings.phases.q) {
    const sample = JSON.parse(final.body) as { number?: string };
    queries = await timeQueries(client, consoleQueries(cookies, sample.number ?? ''));
    heading(`Phase Q (${label}): console lists, one request at a time (ms over 20 runs after 2 warm-ups)`);
    rows(
      queries.map((r) => [
        r.label,
        `p50 ${fixed(r.p50, 1)}  p95 ${fixed(r.p95, 1)}  max ${fixed(r.max, 1)}  (HTTP ${r.status}${r.rows === null ? '' : `, ${r.rows} rows`})`,
      ]),
    );
  }
  const rssPeak = sampler.stop();
  const bytes = await databaseBytes(kind, databaseUrl, kind === 'sqlite' ? sqliteFile : null);
  const storedAtEnd = await countCases(databaseUrl);
  stopServer();
  const exitCode = await server.stop();
  client.close();

  heading(`After the phases (${label})`);
  t0 = Date.now();
  const audit = cli(['verify-audit'], env);
  rows([
    ['server RSS peak (phases)', mib(rssPeak)],
    [
      kind === 'sqlite' ? 'database file + WAL' : 'pg_database_size',
      `${mib(bytes)} with ${int(storedAtEnd)} cases stored`,
    ],
    ['server stopped (SIGTERM)', `exit code ${String(exitCode)}`],
    ['citydesk verify-audit', `${audit} (${fixed((Date.now() - t0) / 1000, 1)} s)`],
  ]);
  const profileDir = settings.cpuProfileDir ? path.join(settings.cpuProfileDir, kind) : null;
  if (profileDir) await profilePass(kind, settings, profileDir, serverEnv, setup, cleanups);

  return {
    database: label,
    durability: kind === 'sqlite' ? 'synchronous=FULL' : 'synchronous_commit=on',
    settings,
    preload,
    storedAtStart,
    storedAtEnd,
    phaseA,
    phaseB,
    queries,
    rssPeak,
    databaseBytes: bytes,
  };
}

/**
 * A separate, shorter phase B against a second server process started with --cpu-prof on the
 * same database (so the measured phases carry no profiler overhead); prints the hot spots.
 */
async function profilePass(
  kind: 'sqlite' | 'postgres',
  settings: LifecycleSettings,
  profileDir: string,
  serverEnv: Record<string, string>,
  setup: LoadSetup,
  cleanups: Cleanups,
): Promise<void> {
  fs.mkdirSync(profileDir, { recursive: true });
  const seconds = Math.min(30, settings.seconds);
  const server = await startServer({
    root,
    env: serverEnv,
    nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`],
  });
  const stopServer = cleanups.add('stop profiled server', async () => {
    await server.stop();
  });
  const client = new HttpClient(server.url, settings.concurrency);
  // Sessions live in the database: the cookies signed in with the first server still work.
  const profiled: LoadSetup = { ...setup, client };
  let result: PhaseResult & { cpu: CpuShares };
  try {
    await drive(settings.concurrency, 3, (i, recorder) => {
      const lifecycle = new LifecycleClient(profiled, recorder, 4000 + i);
      return () => lifecycle.lifecycle();
    });
    result = await measuredPhase(server, kind, () =>
      drive(settings.concurrency, seconds, (i, recorder) => {
        const lifecycle = new LifecycleClient(profiled, recorder, 5000 + i);
        return () => lifecycle.lifecycle();
      }),
    );
  } finally {
    client.close();
    stopServer();
    await server.stop();
  }
  printPhase(
    `Profiled pass (${kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'}): phase B again for ${seconds} s on a server with --cpu-prof (figures include profiler overhead)`,
    result,
    'lifecycles',
  );
  const files = fs.readdirSync(profileDir).filter((f) => f.endsWith('.cpuprofile'));
  const latest = files
    .map((f) => path.join(profileDir, f))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs)[0];
  if (!latest) {
    console.log('  no CPU profile was written');
    return;
  }
  console.log('');
  console.log(
    `  server CPU profile (whole process life: start, 3 s warm-up, ${seconds} s phase B, shutdown): ${latest}`,
  );
  if (!settings.keepProfile) console.log('  (removed at the end; set BENCH_CPU_PROFILE=<dir> to keep it)');
  for (const line of formatProfile(summariseCpuProfile(latest, 20))) console.log(`  ${line}`);
}

// ---------------------------------------------------------------------------------------------
// The summary block

const targets = { lifecyclesPerSecond: 200, createsPerSecond: 1000, p99Ms: 100 };

export function printSummary(outcome: LifecycleOutcome): void {
  const { settings: s, phaseA, phaseB } = outcome;
  console.log('');
  console.log(
    `Lifecycle benchmark (${outcome.database}, ${outcome.durability}, ${int(outcome.preload.cases)} stored cases, ${s.concurrency} clients, ${s.seconds} s per phase)`,
  );
  const verdicts: string[] = [];
  if (phaseA) {
    const a = phaseA.recorder.summary('create');
    const rate = phaseA.completed / (phaseA.elapsedMs / 1000);
    console.log(
      `  creates/s ${fixed(rate, 1)}   p50 ${msText(a.p50)}  p95 ${msText(a.p95)}  p99 ${msText(a.p99)}  max ${msText(a.max)}   errors ${int(phaseA.recorder.errorCount)}`,
    );
    verdicts.push(`≥ 1,000 creates/s ${rate >= targets.createsPerSecond ? 'met' : 'not met'} (${fixed(rate, 0)})`);
    verdicts.push(`create p99 < 100 ms ${a.p99 < targets.p99Ms ? 'met' : 'not met'} (${msText(a.p99)})`);
  }
  if (phaseB) {
    const seconds = phaseB.elapsedMs / 1000;
    const rate = phaseB.completed / seconds;
    console.log(
      `  lifecycles/s ${fixed(rate, 1)}   requests/s ${fixed(phaseB.recorder.requests / seconds, 1)}   errors ${int(phaseB.recorder.errorCount)}${phaseB.recorder.errorCount > 0 ? ` (${[...phaseB.recorder.errors].map(([k, n]) => `${k}: ${n}`).join(', ')})` : ''}`,
    );
    const per = lifecycleActions.map((action) => {
      const x = phaseB.recorder.summary(action);
      return `${action} ${msText(x.p50)}/${msText(x.p95)}/${msText(x.p99)}`;
    });
    console.log(`  per action p50/p95/p99: ${per.slice(0, 4).join('  ')}`);
    console.log(`                          ${per.slice(4).join('  ')}`);
    const all = phaseB.recorder.all();
    const worst = lifecycleActions
      .map((action) => ({ action, p99: phaseB.recorder.summary(action).p99 }))
      .sort((x, y) => y.p99 - x.p99)[0];
    console.log(`  all phase B requests: ${latency(all)}`);
    verdicts.unshift(
      `≥ 200 lifecycles/s ${rate >= targets.lifecyclesPerSecond ? 'met' : 'not met'} (${fixed(rate, 0)})`,
    );
    verdicts.push(
      `every action's p99 < 100 ms ${worst && worst.p99 < targets.p99Ms ? 'met' : 'not met'} (worst: ${worst?.action} ${msText(worst?.p99 ?? Number.NaN)})`,
    );
  }
  const cpu = [phaseA, phaseB]
    .filter((p): p is NonNullable<typeof p> => p !== null)
    .map(
      (p) =>
        `server ${fixed(p.cpu.server, 2)} / load generator ${fixed(p.cpu.loadGenerator, 2)}${p.cpu.postgres === null ? '' : ` / PostgreSQL ${fixed(p.cpu.postgres, 2)}`}`,
    );
  console.log(
    `  server RSS peak ${mib(outcome.rssPeak)}   database ${mib(outcome.databaseBytes)} (${int(outcome.storedAtEnd)} cases)`,
  );
  console.log(`  CPU in cores (A; B): ${cpu.join('; ')} — ${os.cpus().length} cores shared by all of them`);
  if (outcome.queries) {
    const slowest = outcome.queries.reduce((a, b) => (b.p95 > a.p95 ? b : a));
    const over = outcome.queries.filter((r) => r.p95 >= 300).map((r) => r.label);
    verdicts.push(
      `console lists (inbox, counts, search) p95 < 300 ms ${over.length === 0 ? 'met' : `not met (${over.join(', ')})`} (slowest p95: ${slowest.label} ${fixed(slowest.p95, 1)} ms)`,
    );
  }
  console.log(`  targets: ${verdicts.join('; ')}`);
}
