/**
 * CityDesk benchmarks: `npm run bench` (from the repository root).
 *
 * Prints figures only; it asserts no timing, and stops by itself. Sections:
 *   1. point → grid → community → street lookup over a synthetic district of 5,000 grids
 *   2. working-day deadline arithmetic with the official 2018–2026 calendar
 *   3. audit chain append (one transaction per event) and verification on SQLite
 *   4. the lifecycle benchmark (lifecycle.ts): the built server over a database preloaded with
 *      BENCH_CASES synthetic cases, driven over loopback HTTP — on SQLite, then on PostgreSQL
 *      when BENCH_DATABASE_URL is set
 * Sections 1–3 run in-process against SQLite files in a temporary directory; everything the
 * benchmark creates (temporary directories, the PostgreSQL database, the server process) is
 * removed at the end, on failure and on Ctrl-C.
 *
 * Settings (environment):
 *   BENCH_CASES=1000000      stored cases to preload
 *   BENCH_SECONDS=60         drive duration of each phase
 *   BENCH_CONCURRENCY=32     concurrent HTTP clients
 *   BENCH_SKIP_MICRO=1       skip sections 1–3
 *   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres
 *                            also run on PostgreSQL (a fresh database citydesk_bench_<timestamp>
 *                            is created next to the one named, and dropped at the end)
 *   BENCH_SKIP_SQLITE=1      run the lifecycle benchmark on PostgreSQL only
 *   BENCH_PHASES=A,B,Q       which phases to drive (A: creates only, B: full lifecycles, Q: the
 *                            console's inbox and search answer times, one request at a time)
 *   BENCH_CPU_PROFILE=1|dir  run the server with --cpu-prof and summarise its hot spots (a
 *                            directory keeps the .cpuprofile files there)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { recordAudit, verifyAuditChain } from '../src/modules/audit/index.js';
import { buildCalendar, computeDueAt, formatShanghai } from '../src/modules/calendar/index.js';
import { AreaIndex, areaIndexOf, importUnits, lookupPoint, resolvePoint } from '../src/modules/org/index.js';
import { systemClock } from '../src/platform/clock.js';
import { systemContext } from '../src/platform/context.js';
import { openDatabase, type DatabaseHandle } from '../src/platform/db/connect.js';
import { migrateToLatest } from '../src/platform/db/migrate.js';
import { parseCsv } from '../src/platform/files/csv.js';
import {
  elapsedMs,
  fixed,
  heading,
  int,
  ms,
  nowNs,
  perSecond,
  quantile,
  rows,
  seededRandom,
  sortedCopy,
  timeSyncBatches,
  timeSyncCalls,
  timerOverheadNs,
  us,
} from './support.js';
import { Cleanups, ensureServerBuilt, printSummary, runLifecycle, type LifecycleOutcome } from './lifecycle.js';
import { generateSyntheticDistrict, windingContains } from './synthetic-district.js';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const holidayCsv = path.resolve(benchDir, '../seed-data/holidays-cn-2018-2026.csv');

const lookupPoints = 200_000;
const lookupBatch = 1_000;
const bruteForceSample = 2_000;
const asyncLookups = 10_000;
const dueDateStarts = 100_000;
const auditEvents = 5_000;

type LoadedAreas = Awaited<ReturnType<typeof areaIndexOf>>;

async function openMigrated(dir: string, name: string): Promise<{ handle: DatabaseHandle; migrateMs: number }> {
  const handle = openDatabase(`sqlite:${path.join(dir, name)}`);
  const t0 = nowNs();
  await migrateToLatest(handle.db);
  return { handle, migrateMs: elapsedMs(t0) };
}

async function printHeader(tmp: string): Promise<void> {
  const cpus = os.cpus();
  const models = [...new Set(cpus.map((c) => c.model.trim()))].join(' / ') || 'unknown';
  const probe = openDatabase('sqlite::memory:');
  const sqliteVersion = (await sql<{ v: string }>`select sqlite_version() as v`.execute(probe.db)).rows[0]?.v ?? '?';
  await probe.close();
  console.log('CityDesk benchmarks (figures only; nothing here asserts a timing)');
  console.log('='.repeat(66));
  rows([
    ['date', new Date().toISOString()],
    ['node', `${process.version} (${process.platform}/${process.arch}, V8 ${process.versions.v8})`],
    ['cpu', `${models} × ${cpus.length}`],
    ['memory', `${fixed(os.totalmem() / 2 ** 30, 1)} GiB total, ${fixed(os.freemem() / 2 ** 30, 1)} GiB free`],
    ['sqlite', `${sqliteVersion} (better-sqlite3; journal_mode=WAL, synchronous=FULL)`],
    ['temp dir', `${tmp} (removed at the end)`],
  ]);
}

// ---------------------------------------------------------------------------------------------
// 1. Point → grid → community → street

async function benchLookup(tmp: string): Promise<void> {
  heading('1. Point → grid → community → street lookup (synthetic district, 5,000 grids)');

  let t0 = nowNs();
  const district = generateSyntheticDistrict();
  const body = Buffer.from(JSON.stringify(district.document));
  const generateMs = elapsedMs(t0);
  fs.writeFileSync(path.join(tmp, 'synthetic-district.geojson'), body);
  const [minLon, minLat, maxLon, maxLat] = district.bbox;
  const setup: [string, string][] = [
    [
      'district',
      `990001: ${district.counts.streets} streets, ${district.counts.communities} communities, ${int(district.counts.grids)} grids`,
    ],
    [
      'grid polygons',
      `${district.vertices.min}–${district.vertices.max} vertices (mean ${fixed(district.vertices.mean, 1)}), jittered tiling, shared edges`,
    ],
    ['area', `lon ${minLon}–${maxLon}, lat ${minLat}–${maxLat}`],
    [
      'unit file',
      `${fixed(body.length / 2 ** 20, 2)} MiB GeoJSON, ${int(district.document.features.length)} features (generated in ${ms(generateMs)})`,
    ],
  ];

  const { handle, migrateMs } = await openMigrated(tmp, 'lookup.db');
  try {
    const db = handle.db;
    const ctx = systemContext(systemClock, 'cli');
    t0 = nowNs();
    const outcome = await importUnits(db, ctx, body);
    const importMs = elapsedMs(t0);
    const counts = await db
      .selectFrom('unit')
      .select(['type', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('type')
      .orderBy('type')
      .execute();
    setup.push(
      ['migrate (fresh SQLite)', ms(migrateMs)],
      [
        'importUnits',
        `${ms(importMs, 0)} — format ${outcome.format}, created ${int(outcome.created)}, updated ${outcome.updated}, unchanged ${outcome.unchanged} (${perSecond(outcome.created, importMs, 'units')})`,
      ],
      ['units in database', counts.map((c) => `${c.type} ${int(Number(c.n))}`).join(', ')],
    );

    t0 = nowNs();
    const areas: LoadedAreas = await areaIndexOf(db);
    const indexMs = elapsedMs(t0);
    const gridAreas = district.grids.map((g) => ({
      id: g.code,
      geometry: { type: 'Polygon' as const, coordinates: [g.ring] },
    }));
    t0 = nowNs();
    const bareIndex = new AreaIndex(gridAreas);
    const bareIndexMs = elapsedMs(t0);
    setup.push(
      [
        'areaIndexOf (load + build)',
        `${ms(indexMs)} — ${int(areas.grids.size)} grids, ${areas.communities.size} communities, ${areas.streets.size} streets`,
      ],
      [
        'new AreaIndex(grids) alone',
        `${ms(bareIndexMs)} (from the generated polygons, ${int(bareIndex.size)} areas, no database)`,
      ],
    );
    rows(setup);

    // Deterministic points, uniform over the district rectangle.
    const random = seededRandom(0x990001);
    const lats = new Float64Array(lookupPoints);
    const lons = new Float64Array(lookupPoints);
    for (let i = 0; i < lookupPoints; i++) {
      lons[i] = minLon + random() * (maxLon - minLon);
      lats[i] = minLat + random() * (maxLat - minLat);
    }
    const lat = (i: number) => lats[i] as number;
    const lon = (i: number) => lons[i] as number;

    // Warm up the JIT, then time in batches (one clock read per 1,000 lookups).
    let resolved = 0;
    for (let i = 0; i < 20_000; i++) if (resolvePoint(areas, lat(i), lon(i)).grid) resolved++;
    resolved = 0;
    let chained = 0;
    const batches = timeSyncBatches(lookupPoints, lookupBatch, (i) => {
      const r = resolvePoint(areas, lat(i), lon(i));
      if (r.grid) {
        resolved++;
        if (r.community && r.street) chained++;
      }
    });
    // Per call, each wrapped in its own pair of clock reads (includes the timer's own cost).
    const overhead = timerOverheadNs();
    const perCall = timeSyncCalls(lookupPoints, (i) => {
      resolvePoint(areas, lat(i), lon(i));
    });

    console.log('');
    console.log(
      `  resolvePoint(index, lat, lon) — ${int(lookupPoints)} random points in the district, after 20,000 warm-up calls`,
    );
    rows([
      [
        'mean',
        `${us(batches.meanNs, 3)} per lookup → ${perSecond(lookupPoints, batches.totalMs, 'lookups')} (${ms(batches.totalMs)} total)`,
      ],
      [
        `per-lookup mean of ${int(lookupBatch)}-lookup batches`,
        `p50 ${us(quantile(batches.batchNs, 0.5), 3)}, p99 ${us(quantile(batches.batchNs, 0.99), 3)}, max ${us(quantile(batches.batchNs, 1), 3)}`,
      ],
      [
        'single calls (incl. timer)',
        `p50 ${us(quantile(perCall, 0.5), 3)}, p99 ${us(quantile(perCall, 0.99), 3)}, p99.9 ${us(quantile(perCall, 0.999), 3)}, max ${us(quantile(perCall, 1), 1)} (timer alone ≈ ${us(overhead, 3)})`,
      ],
      ['resolved to a grid', `${int(resolved)} / ${int(lookupPoints)} (${fixed((100 * resolved) / lookupPoints, 3)}%)`],
      ['grid + community + street', `${int(chained)} / ${int(lookupPoints)}`],
    ]);

    // Correctness: brute force over every grid polygon with an independent winding-number test.
    const sample = Math.min(bruteForceSample, lookupPoints);
    let agree = 0;
    let exactlyOne = 0;
    let codesConsistent = 0;
    const disagreements: string[] = [];
    t0 = nowNs();
    for (let i = 0; i < sample; i++) {
      const containing: string[] = [];
      for (const g of district.grids) if (windingContains(g.ring, lon(i), lat(i))) containing.push(g.code);
      if (containing.length === 1) exactlyOne++;
      const r = resolvePoint(areas, lat(i), lon(i));
      const found = r.grid?.code ?? null;
      if (found === (containing[0] ?? null) && containing.length <= 1) agree++;
      else if (disagreements.length < 5)
        disagreements.push(`(${lat(i)}, ${lon(i)}): index ${found}, brute force ${containing.join('+') || 'none'}`);
      if (r.grid && r.community?.code === r.grid.code.slice(0, 12) && r.street?.code === r.grid.code.slice(0, 9)) {
        codesConsistent++;
      }
    }
    const bruteMs = elapsedMs(t0);
    console.log('');
    console.log(
      `  correctness: ${int(sample)} of the points against brute force (all ${int(district.grids.length)} grid polygons, winding number)`,
    );
    rows([
      ['index agrees with brute force', `${int(agree)} / ${int(sample)}`],
      ['inside exactly one grid', `${int(exactlyOne)} / ${int(sample)} (no gaps, no overlaps)`],
      ['community/street match code prefix', `${int(codesConsistent)} / ${int(sample)}`],
      ['brute force cost', `${us((bruteMs * 1e6) / sample, 0)} per point (for scale)`],
    ]);
    for (const d of disagreements) console.log(`    disagreement ${d}`);

    // The full async path with the cached index.
    for (let i = 0; i < 1_000; i++) await lookupPoint(db, lat(i), lon(i));
    const asyncNs = new Float64Array(asyncLookups);
    let asyncResolved = 0;
    t0 = nowNs();
    for (let i = 0; i < asyncLookups; i++) {
      const c0 = nowNs();
      const r = await lookupPoint(db, lat(i), lon(i));
      asyncNs[i] = Number(nowNs() - c0);
      if (r.grid) asyncResolved++;
    }
    const asyncMs = elapsedMs(t0);
    const asyncSorted = sortedCopy(asyncNs);
    console.log('');
    console.log(`  lookupPoint(db, lat, lon) — async, cached index, ${int(asyncLookups)} points, awaited one by one`);
    rows([
      ['mean', `${us((asyncMs * 1e6) / asyncLookups, 2)} per lookup → ${perSecond(asyncLookups, asyncMs, 'lookups')}`],
      [
        'per call',
        `p50 ${us(quantile(asyncSorted, 0.5))}, p99 ${us(quantile(asyncSorted, 0.99))}, max ${us(quantile(asyncSorted, 1), 1)}`,
      ],
      ['resolved to a grid', `${int(asyncResolved)} / ${int(asyncLookups)}`],
    ]);
  } finally {
    await handle.close();
  }
}

// ---------------------------------------------------------------------------------------------
// 2. Deadline arithmetic

function benchDueDates(): void {
  heading('2. Deadline arithmetic: computeDueAt(start, { workingDays: 5 }, official calendar)');
  const table = parseCsv(fs.readFileSync(holidayCsv, 'utf8'));
  const days = table.rows.map((r) => ({
    date: (r.cells.date ?? '').trim(),
    isOffDay: (r.cells.is_off_day ?? '').trim().toLowerCase() === 'true',
  }));
  const calendar = buildCalendar(days);
  const years = [...calendar.years].sort((a, b) => a - b);

  // Evenly spread over 2025-01-01 00:00 … 2026-12-31 24:00 Shanghai time, at an odd step.
  const from = Date.parse('2025-01-01T00:00:00+08:00');
  const span = Date.parse('2027-01-01T00:00:00+08:00') - from;
  const starts = Array.from(
    { length: dueDateStarts },
    (_, i) => new Date(from + Math.floor((i * span) / dueDateStarts) + (i % 7) * 60_000),
  );
  const limit = { workingDays: 5 };
  const start = (i: number) => starts[i] as Date;

  for (let i = 0; i < 20_000; i++) computeDueAt(start(i), limit, calendar);
  let crossedUncovered = 0;
  let latest = 0;
  const timing = timeSyncBatches(dueDateStarts, 1_000, (i) => {
    const due = computeDueAt(start(i), limit, calendar);
    if (due.dueAt.getTime() > latest) latest = due.dueAt.getTime();
    if (due.missingYears.length > 0) crossedUncovered++;
  });
  const example = new Date('2025-09-30T10:00:00+08:00');
  rows([
    [
      'calendar',
      `${int(days.length)} listed days (${calendar.offDays.size} off, ${calendar.workDays.size} make-up working), years ${years[0]}–${years[years.length - 1]}`,
    ],
    ['starts', `${int(dueDateStarts)} instants spread over 2025–2026 (after 20,000 warm-up calls)`],
    [
      'mean',
      `${us(timing.meanNs, 3)} per call → ${perSecond(dueDateStarts, timing.totalMs, 'calls')} (${ms(timing.totalMs)} total)`,
    ],
    [
      'per-call mean of 1,000-call batches',
      `p50 ${us(quantile(timing.batchNs, 0.5), 3)}, p99 ${us(quantile(timing.batchNs, 0.99), 3)}`,
    ],
    [
      'deadlines reaching 2027 (no data)',
      `${int(crossedUncovered)} (Mon–Fri assumed); latest deadline ${formatShanghai(new Date(latest))}`,
    ],
    [
      'example',
      `${formatShanghai(example)} + 5 working days → ${formatShanghai(computeDueAt(example, limit, calendar).dueAt)}`,
    ],
  ]);
}

// ---------------------------------------------------------------------------------------------
// 3. Audit chain

async function benchAudit(tmp: string): Promise<void> {
  heading(`3. Audit chain on SQLite: ${int(auditEvents)} appends (one transaction each), then verifyAuditChain`);
  const { handle, migrateMs } = await openMigrated(tmp, 'audit.db');
  try {
    const db = handle.db;
    const ctx = systemContext(systemClock, 'cli');
    const perAppend = new Float64Array(auditEvents);
    const t0 = nowNs();
    for (let i = 0; i < auditEvents; i++) {
      const c0 = nowNs();
      await db.transaction().execute((trx) =>
        recordAudit(trx, ctx, {
          action: 'bench.appended',
          subjectType: 'bench',
          subjectId: `bench-${i}`,
          before: i % 2 === 0 ? null : { status: 'open', n: i - 1 },
          after: { status: 'closed', n: i, note: '基准测试事件 benchmark event' },
          reason: i % 10 === 0 ? 'periodic reason text' : null,
        }),
      );
      perAppend[i] = Number(nowNs() - c0);
    }
    const appendMs = elapsedMs(t0);
    const appendSorted = sortedCopy(perAppend);

    const verifyRuns: { ms: number; ok: boolean; checked: number }[] = [];
    for (let run = 0; run < 3; run++) {
      const v0 = nowNs();
      const result = await verifyAuditChain(db);
      verifyRuns.push({ ms: elapsedMs(v0), ok: result.ok, checked: result.checked });
    }
    const verifyMs = verifyRuns.map((r) => r.ms).sort((a, b) => a - b);
    const best = verifyMs[0] ?? Number.NaN;
    const median = verifyMs[1] ?? Number.NaN;
    const last = verifyRuns[verifyRuns.length - 1];
    const fileBytes = handle.file
      ? fs.statSync(handle.file).size + (fs.statSync(`${handle.file}-wal`, { throwIfNoEntry: false })?.size ?? 0)
      : 0;
    rows([
      ['migrate (fresh SQLite)', ms(migrateMs)],
      [
        'append',
        `${ms(appendMs, 0)} total → ${perSecond(auditEvents, appendMs, 'events')} (each its own committed transaction)`,
      ],
      [
        'per append',
        `p50 ${us(quantile(appendSorted, 0.5), 0)}, p99 ${us(quantile(appendSorted, 0.99), 0)}, max ${ms(quantile(appendSorted, 1) / 1e6, 1)}`,
      ],
      [
        'verifyAuditChain (3 runs)',
        `best ${ms(best)} → ${perSecond(last?.checked ?? 0, best, 'events')}; median ${ms(median)} → ${perSecond(last?.checked ?? 0, median, 'events')}`,
      ],
      [
        'chain',
        `ok=${String(last?.ok)}, checked ${int(last?.checked ?? 0)} events; database + WAL ${fixed(fileBytes / 2 ** 20, 1)} MiB`,
      ],
    ]);
  } finally {
    await handle.close();
  }
}

// ---------------------------------------------------------------------------------------------

interface Settings {
  cases: number;
  seconds: number;
  concurrency: number;
  skipMicro: boolean;
  skipSqlite: boolean;
  databaseUrl: string | null;
  phases: { a: boolean; b: boolean; q: boolean };
  cpuProfile: string | null;
}

function readSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const positive = (name: string, fallback: number, integer = true): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw.replace(/_/g, ''));
    if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
      throw new Error(`${name} must be a positive ${integer ? 'whole ' : ''}number, got ${raw}`);
    }
    return n;
  };
  const phases = (env.BENCH_PHASES ?? 'A,B,Q').toUpperCase().split(/[\s,]+/);
  return {
    cases: positive('BENCH_CASES', 1_000_000),
    seconds: positive('BENCH_SECONDS', 60, false),
    concurrency: positive('BENCH_CONCURRENCY', 32),
    skipMicro: env.BENCH_SKIP_MICRO === '1',
    skipSqlite: env.BENCH_SKIP_SQLITE === '1',
    databaseUrl: env.BENCH_DATABASE_URL || null,
    phases: { a: phases.includes('A'), b: phases.includes('B'), q: phases.includes('Q') },
    cpuProfile: env.BENCH_CPU_PROFILE || null,
  };
}

async function main(): Promise<void> {
  const started = nowNs();
  const settings = readSettings();
  const cleanups = new Cleanups();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'citydesk-bench-'));
  cleanups.add(`remove ${tmp}`, () => fs.rmSync(tmp, { recursive: true, force: true }));
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n${signal}: cleaning up…`);
    void cleanups.runAll().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const outcomes: LifecycleOutcome[] = [];
  try {
    await printHeader(tmp);
    if (!settings.skipMicro) {
      await benchLookup(tmp);
      benchDueDates();
      await benchAudit(tmp);
    }
    const kinds: ('sqlite' | 'postgres')[] = [
      ...(settings.skipSqlite ? [] : (['sqlite'] as const)),
      ...(settings.databaseUrl ? (['postgres'] as const) : []),
    ];
    if (kinds.length > 0) {
      console.log('');
      await ensureServerBuilt();
      const keepProfile = settings.cpuProfile !== null && settings.cpuProfile !== '1';
      const profileDir =
        settings.cpuProfile === null
          ? null
          : keepProfile
            ? path.resolve(settings.cpuProfile)
            : path.join(tmp, 'profiles');
      rows([
        [
          'lifecycle settings',
          `BENCH_CASES=${settings.cases} BENCH_SECONDS=${settings.seconds} BENCH_CONCURRENCY=${settings.concurrency} BENCH_PHASES=${settings.phases.a ? 'A' : ''}${settings.phases.b ? 'B' : ''}${settings.phases.q ? 'Q' : ''}`,
        ],
        [
          'machine',
          `${os.cpus().length} cores shared by the server, this load generator${settings.databaseUrl ? ' and PostgreSQL' : ''}; loopback HTTP`,
        ],
      ]);
      for (const kind of kinds) {
        const mine = new Cleanups();
        try {
          outcomes.push(
            await runLifecycle(
              kind,
              {
                cases: settings.cases,
                seconds: settings.seconds,
                concurrency: settings.concurrency,
                phases: settings.phases,
                cpuProfileDir: profileDir,
                keepProfile,
              },
              cleanups.nest(mine),
              settings.databaseUrl ?? undefined,
            ),
          );
        } finally {
          await mine.runAll();
        }
      }
      heading('Summary');
      for (const outcome of outcomes) printSummary(outcome);
    }
  } finally {
    await cleanups.runAll();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  console.log('');
  console.log(
    `Done in ${fixed(elapsedMs(started) / 1000, 1)} s; temporary files${settings.databaseUrl ? ' and databases' : ''} removed.`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
