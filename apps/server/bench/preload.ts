/**
 * Preloads N synthetic cases straight into the database (not over HTTP): a raw better-sqlite3
 * connection with prepared statements in big transactions, or plain `pg` connections with
 * multi-row INSERTs (1,000 rows per statement), one transaction per 1,000 cases.
 */
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { Worker } from 'node:worker_threads';
import type { TimeLimits, WorkflowTemplate } from '@citydesk/shared';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { bboxOf } from '../src/modules/org/geometry.js';
import { loadCalendar } from '../src/modules/calendar/index.js';
import { addSearchWords } from '../src/modules/intake/case-search.js';
import { areaIndexOf, resolvePoint } from '../src/modules/org/index.js';
import type { Db } from '../src/platform/db/connect.js';
import type { GeneratorAnswer, GeneratorInit, GeneratorJob } from './preload-worker.js';
import {
  addCounts,
  caseNumbers,
  chainAudit,
  creationTimes,
  emptyCounts,
  pathsMatchTemplates,
  preloadTableNames,
  preloadTables,
  type CatalogueItem,
  type Cell,
  type DistrictPoint,
  type PreloadTable,
  type RowBatch,
  type SeededDistrict,
  type StatusCounts,
} from './synthetic-cases.js';
import { elapsedMs, nowNs, seededRandom } from './support.js';

const parseJson = <T>(text: string | null, fallback: T): T => {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

/** Reads what the generator needs from a migrated, seeded database (either dialect). */
export async function loadSeededDistrict(
  db: Db,
  options: { amberRatio: number; numberPrefix: string; pointsPerGrid: number; seed: number },
): Promise<SeededDistrict> {
  const units = await db.selectFrom('unit').select(['id', 'code', 'type', 'name', 'parent_id', 'geometry']).execute();
  const centre = units.find((u) => u.parent_id === null);
  if (!centre) throw new Error('the seeded district has no district centre');
  const users = await db.selectFrom('app_user').select(['id', 'username', 'unit_id']).execute();
  const user = (name: string) => {
    const found = users.find((u) => u.username === name);
    if (!found) throw new Error(`demo account ${name} is missing`);
    return found;
  };
  const operator = user('operator');
  const handlersByUnit = new Map<string, string>();
  for (const name of ['cgj.handler', 'ps.handler']) handlersByUnit.set(user(name).unit_id, user(name).id);

  // Everything the server itself teaches the tokenizer, so the index terms match its own.
  const categories = await db
    .selectFrom('category')
    .select([
      'id',
      'parent_id',
      'level',
      'name',
      'keywords',
      'workflow_template',
      'time_limits',
      'extra_fields',
      'active',
    ])
    .execute();
  const searchWords = [
    ...units.map((u) => u.name),
    ...categories.flatMap((c) => [c.name, ...parseJson<string[]>(c.keywords, [])]),
  ];
  addSearchWords(searchWords);
  const names = new Map(categories.map((c) => [c.id, c.name]));
  const rules = await db
    .selectFrom('category_unit')
    .select(['category_id', 'street_unit_id', 'unit_id', 'role'])
    .where('role', '=', 'lead')
    .execute();
  const items: CatalogueItem[] = categories
    .filter((c) => c.level === 3 && c.active === 1)
    .map((c) => {
      const mine = rules.filter((r) => r.category_id === c.id);
      const extra = parseJson<{ required?: boolean }[]>(c.extra_fields, []);
      return {
        id: c.id,
        name: c.name,
        parentName: (c.parent_id ? names.get(c.parent_id) : undefined) ?? c.name,
        keywords: parseJson<string[]>(c.keywords, []).filter((k) => k.trim().length > 0),
        template: (c.workflow_template ?? 'general') as WorkflowTemplate,
        timeLimits: parseJson<TimeLimits | null>(c.time_limits, null) ?? defaultLimits,
        leadUnitId: mine.find((r) => r.street_unit_id === null)?.unit_id ?? null,
        streetLeads: new Map(
          mine.filter((r) => r.street_unit_id !== null).map((r) => [r.street_unit_id as string, r.unit_id]),
        ),
        plainIntake: !extra.some((f) => f.required === true),
      };
    });

  // Points: pick a grid, then random points in its bounding box that the server's own index
  // resolves to that grid (so grid → community → street is exactly what intake would store).
  const areas = await areaIndexOf(db);
  const random = seededRandom(options.seed);
  const pointsByGrid: DistrictPoint[][] = [];
  for (const grid of units.filter((u) => u.type === 'grid' && u.geometry)) {
    const [minLon, minLat, maxLon, maxLat] = bboxOf(JSON.parse(grid.geometry ?? 'null') as never);
    const points: DistrictPoint[] = [];
    for (let attempt = 0; attempt < options.pointsPerGrid * 20 && points.length < options.pointsPerGrid; attempt++) {
      const lon = Math.round((minLon + random() * (maxLon - minLon)) * 1e6) / 1e6;
      const lat = Math.round((minLat + random() * (maxLat - minLat)) * 1e6) / 1e6;
      const found = resolvePoint(areas, lat, lon);
      if (found.grid?.id !== grid.id || !found.community || !found.street) continue;
      points.push({
        lat,
        lon,
        gridId: grid.id,
        communityId: found.community.id,
        streetId: found.street.id,
        communityName: found.community.name,
        streetName: found.street.name,
      });
    }
    pointsByGrid.push(points);
  }
  const last = await db
    .selectFrom('audit_event')
    .select(['seq', 'hash'])
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  return {
    districtCentreId: centre.id,
    unitIds: new Map(units.map((u) => [u.code, u.id])),
    handlersByUnit,
    operator: { id: operator.id, username: operator.username, roles: 'operator', unitId: operator.unit_id },
    dispatcherId: user('dispatcher').id,
    items,
    pointsByGrid,
    calendar: await loadCalendar(db),
    amberRatio: options.amberRatio,
    numberPrefix: options.numberPrefix,
    lastAudit: last ? { seq: Number(last.seq), hash: last.hash } : null,
    searchWords,
  };
}

const defaultLimits: TimeLimits = {
  consultation: { workingDays: 1 },
  suggestion: { workingDays: 3 },
  complaint: { workingDays: 5 },
  report: { workingDays: 5 },
  help: { workingDays: 3 },
  praise: { workingDays: 3 },
  other: { workingDays: 5 },
};

// ---------------------------------------------------------------------------------------------
// Writers

interface Writer {
  /** Queues a batch; may return before it is stored (the PostgreSQL writer pipelines). */
  write(batch: RowBatch): Promise<void>;
  /** Waits for everything queued, sets the daily number sequences, and ANALYZEs. */
  finish(daySeq: Map<string, number>): Promise<{ analyzeMs: number }>;
  close(): Promise<void>;
}

const insertSql = (table: PreloadTable, conflict: string) =>
  `insert into ${table} (${preloadTables[table].join(', ')}) values (${preloadTables[table].map(() => '?').join(', ')})${conflict}`;

/** Raw better-sqlite3: prepared single-row INSERTs, one transaction per batch. */
export function sqliteWriter(file: string): Writer {
  const connection = new BetterSqlite3(file);
  connection.pragma('journal_mode = WAL');
  // Only for the preload, on this connection; the server opens its own with synchronous=FULL.
  connection.pragma('synchronous = OFF');
  connection.pragma('cache_size = -1048576');
  connection.pragma('temp_store = MEMORY');
  connection.pragma('foreign_keys = ON');
  const statements = Object.fromEntries(
    preloadTableNames.map((t) => [
      t,
      connection.prepare(insertSql(t, t === 'case_tag' ? ' on conflict do nothing' : '')),
    ]),
  ) as Record<PreloadTable, BetterSqlite3.Statement<[Cell[]]>>;
  const store = connection.transaction((batch: RowBatch) => {
    for (const table of preloadTableNames) {
      const statement = statements[table];
      for (const row of batch[table]) statement.run(row);
    }
  });
  return {
    async write(batch) {
      store(batch);
    },
    async finish(daySeq) {
      const upsert = connection.prepare<[string, number]>(
        'insert into case_number_seq (day, last) values (?, ?) on conflict (day) do update set last = max(last, excluded.last)',
      );
      connection.transaction(() => {
        for (const [day, last] of daySeq) upsert.run(day, last);
      })();
      const t0 = nowNs();
      connection.pragma('analysis_limit = 1000');
      connection.exec('ANALYZE');
      const analyzeMs = elapsedMs(t0);
      connection.pragma('wal_checkpoint(TRUNCATE)');
      connection.pragma('synchronous = FULL');
      return { analyzeMs };
    },
    async close() {
      connection.close();
    },
  };
}

const rowsPerStatement = 1000;

/**
 * Plain `pg` connections: multi-row INSERTs of up to 1,000 rows, one transaction per batch,
 * batches alternating over two connections so the database works while the next one is built.
 */
export async function postgresWriter(url: string): Promise<Writer> {
  const clients = [new pg.Client({ connectionString: url }), new pg.Client({ connectionString: url })];
  for (const client of clients) {
    await client.connect();
    // Only these sessions: the server's own connections commit synchronously.
    await client.query('set synchronous_commit = off');
  }
  const sqlCache = new Map<string, string>();
  const statementSql = (table: PreloadTable, rows: number): string => {
    const key = `${table}:${rows}`;
    let text = sqlCache.get(key);
    if (!text) {
      const columns = preloadTables[table];
      const values: string[] = [];
      for (let r = 0; r < rows; r++) {
        values.push(`(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(', ')})`);
      }
      text = `insert into ${table} (${columns.join(', ')}) values ${values.join(', ')}${table === 'case_tag' ? ' on conflict do nothing' : ''}`;
      sqlCache.set(key, text);
    }
    return text;
  };
  const inFlight: (Promise<void> | null)[] = clients.map(() => null);
  let failure: Error | null = null;
  const check = () => {
    if (failure) throw failure;
  };
  let turn = 0;
  return {
    async write(batch) {
      check();
      const slot = turn++ % clients.length;
      const client = clients[slot] as pg.Client;
      const previous = inFlight[slot];
      if (previous) await previous;
      check();
      const store = async () => {
        await client.query('begin');
        for (const table of preloadTableNames) {
          const rows = batch[table];
          for (let i = 0; i < rows.length; i += rowsPerStatement) {
            const slice = rows.slice(i, i + rowsPerStatement);
            await client.query(statementSql(table, slice.length), slice.flat());
          }
        }
        await client.query('commit');
      };
      // Runs while the next batch is prepared and sent on the other connection.
      inFlight[slot] = store().catch((error: unknown) => {
        failure ??= error instanceof Error ? error : new Error(JSON.stringify(error));
      });
    },
    async finish(daySeq) {
      for (const pending of inFlight) if (pending) await pending;
      check();
      const client = clients[0] as pg.Client;
      const days = [...daySeq];
      for (let i = 0; i < days.length; i += rowsPerStatement) {
        const slice = days.slice(i, i + rowsPerStatement);
        await client.query(
          `insert into case_number_seq (day, last) values ${slice.map((_, k) => `($${2 * k + 1}, $${2 * k + 2})`).join(', ')}
           on conflict (day) do update set last = greatest(case_number_seq.last, excluded.last)`,
          slice.flat(),
        );
      }
      const t0 = nowNs();
      await client.query('analyze');
      return { analyzeMs: elapsedMs(t0) };
    },
    async close() {
      await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    },
  };
}

// ---------------------------------------------------------------------------------------------

/** The worker is TypeScript too: it registers tsx's loader (hooks are per thread), then loads. */
const workerBoot = `import { register } from ${JSON.stringify(import.meta.resolve('tsx/esm/api'))};
register();
await import(${JSON.stringify(new URL('./preload-worker.ts', import.meta.url).href)});`;

/**
 * Worker threads generating batches in parallel with the writes; answers come back in order.
 */
class GeneratorPool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<number, { resolve: (a: GeneratorAnswer) => void; reject: (e: Error) => void }>();
  private nextId = 0;

  constructor(count: number, init: Omit<GeneratorInit, 'seed'>, seed: number) {
    this.workers = Array.from({ length: count }, (_, i) => {
      const workerData: GeneratorInit = { ...init, seed: seed + i * 7919 };
      const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(workerBoot)}`), { workerData });
      worker.on('message', (answer: GeneratorAnswer) => {
        this.waiting.get(answer.id)?.resolve(answer);
        this.waiting.delete(answer.id);
      });
      worker.on('error', (error) => {
        for (const w of this.waiting.values()) w.reject(error);
        this.waiting.clear();
      });
      return worker;
    });
  }

  submit(times: Float64Array, numbers: string[]): Promise<GeneratorAnswer> {
    const id = this.nextId++;
    const worker = this.workers[id % this.workers.length] as Worker;
    const answer = new Promise<GeneratorAnswer>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    answer.catch(() => undefined); // awaited in order later; a failure must not count as unhandled
    const job: GeneratorJob = { id, times, numbers };
    worker.postMessage(job);
    return answer;
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

export interface PreloadResult {
  cases: number;
  rows: Record<PreloadTable, number>;
  totalRows: number;
  /** Generation time summed over the worker threads. */
  generateMs: number;
  workers: number;
  totalMs: number;
  analyzeMs: number;
  counts: StatusCounts;
  days: number;
  firstCreated: string;
  lastCreated: string;
}

/**
 * Generates and stores `n` cases in creation order (so the audit chain runs forward in time):
 * worker threads build the rows, this thread links the audit chain and writes.
 */
export async function preloadCases(
  district: SeededDistrict,
  writer: Writer,
  options: {
    cases: number;
    now: Date;
    seed: number;
    batchCases: number;
    workers: number;
    progress: (line: string) => void;
  },
): Promise<PreloadResult> {
  if (!pathsMatchTemplates()) throw new Error('the workflow templates changed: update pathOf in synthetic-cases.ts');
  const started = nowNs();
  const times = creationTimes(options.cases, options.now, district.calendar, options.seed);
  const { numbers, daySeq } = caseNumbers(times, district.numberPrefix);
  const pool = new GeneratorPool(options.workers, { district, nowMs: options.now.getTime() }, options.seed ^ 0x1234567);
  const rows = Object.fromEntries(preloadTableNames.map((t) => [t, 0])) as Record<PreloadTable, number>;
  const counts = emptyCounts();
  let generateMs = 0;
  let chain = district.lastAudit;
  let nextReport = Math.max(1, Math.floor(options.cases / 10));
  const chunks: [number, number][] = [];
  for (let from = 0; from < options.cases; from += options.batchCases) {
    chunks.push([from, Math.min(options.cases, from + options.batchCases)]);
  }
  const ahead = options.workers * 2;
  const pending = new Map<number, Promise<GeneratorAnswer>>();
  const submit = (k: number) => {
    const chunk = chunks[k];
    if (chunk) pending.set(k, pool.submit(times.slice(chunk[0], chunk[1]), numbers.slice(chunk[0], chunk[1])));
  };
  try {
    for (let k = 0; k < Math.min(ahead, chunks.length); k++) submit(k);
    for (let k = 0; k < chunks.length; k++) {
      const answer = await (pending.get(k) as Promise<GeneratorAnswer>);
      pending.delete(k);
      submit(k + ahead);
      const { batch } = answer;
      generateMs += answer.generateMs;
      addCounts(counts, answer.counts);
      chain = chainAudit(batch, chain);
      for (const t of preloadTableNames) rows[t] += batch[t].length;
      await writer.write(batch);
      await yieldToLoop(); // lets Ctrl-C and pending I/O through between batches
      const to = (chunks[k] as [number, number])[1];
      if (to >= nextReport || to === options.cases) {
        const ms = elapsedMs(started);
        const total = Object.values(rows).reduce((a, b) => a + b, 0);
        options.progress(
          `${to.toLocaleString('en-US')} cases, ${total.toLocaleString('en-US')} rows, ${(ms / 1000).toFixed(1)} s (${Math.round((to * 1000) / ms).toLocaleString('en-US')} cases/s)`,
        );
        nextReport += Math.max(1, Math.floor(options.cases / 10));
      }
    }
  } finally {
    await pool.close();
  }
  const { analyzeMs } = await writer.finish(daySeq);
  const totalMs = elapsedMs(started);
  return {
    cases: options.cases,
    rows,
    totalRows: Object.values(rows).reduce((a, b) => a + b, 0),
    generateMs,
    workers: options.workers,
    totalMs,
    analyzeMs,
    counts,
    days: daySeq.size,
    firstCreated: new Date(times[0] ?? 0).toISOString(),
    lastCreated: new Date(times[times.length - 1] ?? 0).toISOString(),
  };
}
