import fs from 'node:fs';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresAdapter, PostgresDialect, SqliteDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { GroupCommitSqliteDialect } from './group-commit.js';
import type { Database } from './schema.js';

export type DialectName = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;
export type Trx = Transaction<Database>;
/** Either the database or an open transaction: what repositories take. */
export type DbOrTrx = Db | Trx;

export interface DatabaseHandle {
  db: Db;
  dialect: DialectName;
  /** The SQLite file, or null for PostgreSQL and in-memory SQLite. */
  file: string | null;
  close(): Promise<void>;
}

/** The pragmas every SQLite connection runs with (asserted by a test). */
export const sqlitePragmas = {
  journal_mode: 'wal',
  synchronous: 2, // FULL
  foreign_keys: 1,
  busy_timeout: 5000,
} as const;

/** Opens the database named by a `sqlite:<file>` or `postgres://…` URL. */
export function openDatabase(
  url: string,
  options: { poolSize?: number; onIdleClientError?: (error: Error) => void } = {},
): DatabaseHandle {
  if (url.startsWith('sqlite:')) return openSqlite(url.slice('sqlite:'.length));
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url, options.poolSize ?? 10, options.onIdleClientError);
  throw new Error(`Unsupported DATABASE_URL (expected sqlite:<file> or postgres://…): ${url}`);
}

function openSqlite(file: string): DatabaseHandle {
  const inMemory = file === ':memory:' || file === '';
  if (!inMemory) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const connection = new BetterSqlite3(inMemory ? ':memory:' : file);
  connection.pragma(`journal_mode = ${sqlitePragmas.journal_mode}`);
  connection.pragma('synchronous = FULL');
  connection.pragma('foreign_keys = ON');
  connection.pragma(`busy_timeout = ${sqlitePragmas.busy_timeout}`);
  // A 64 MiB page cache and memory-mapped reads: a district's database grows to gigabytes.
  connection.pragma('cache_size = -65536');
  connection.pragma('mmap_size = 268435456');
  const cached = withStatementCache(connection);
  // Group commit shares one fsync among the requests in flight (see group-commit.ts).
  const dialect = inMemory ? new SqliteDialect({ database: cached }) : new GroupCommitSqliteDialect(cached);
  const db = new Kysely<Database>({ dialect });
  return {
    db,
    dialect: 'sqlite',
    file: inMemory ? null : path.resolve(file),
    close: async () => {
      await db.destroy();
    },
  };
}

/**
 * Kysely prepares every query anew; on better-sqlite3 that re-parses and re-plans the SQL each
 * time. The dialect runs one query at a time on the one connection, so prepared statements can
 * be reused by SQL text (a bounded cache: query shapes are few, values are bound parameters).
 */
function withStatementCache(connection: BetterSqlite3.Database): BetterSqlite3.Database {
  const cache = new Map<string, BetterSqlite3.Statement>();
  const limit = 1000;
  const stats = process.env.CITYDESK_SQL_STATS ? sqlStats(process.env.CITYDESK_SQL_STATS) : null;
  return new Proxy(connection, {
    get(target, property, receiver) {
      if (property === 'prepare') {
        return (sql: string) => {
          let statement = cache.get(sql);
          if (!statement) {
            statement = stats ? stats.timed(sql, target.prepare(sql)) : target.prepare(sql);
            if (cache.size >= limit) cache.delete(cache.keys().next().value as string);
            cache.set(sql, statement);
          }
          return statement;
        };
      }
      const value: unknown = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * Diagnostics (CITYDESK_SQL_STATS=<file>): time every statement by its SQL and write the totals
 * as JSON when the process exits — where a benchmark's time in the database goes.
 */
function sqlStats(file: string) {
  const totals = new Map<string, { calls: number; ms: number }>();
  process.on('exit', () => {
    const rows = [...totals].map(([sql, t]) => ({ sql, ...t })).sort((a, b) => b.ms - a.ms);
    fs.writeFileSync(`${file}.${process.pid}.json`, JSON.stringify(rows, null, 1));
  });
  return {
    timed(sql: string, statement: BetterSqlite3.Statement): BetterSqlite3.Statement {
      const entry = { calls: 0, ms: 0 };
      totals.set(sql, entry);
      return new Proxy(statement, {
        get(target, property, receiver) {
          const value: unknown = Reflect.get(target, property, receiver);
          if (typeof value !== 'function') return value;
          const method = (value as (...args: unknown[]) => unknown).bind(target);
          if (property !== 'all' && property !== 'run' && property !== 'get') return method;
          return (...args: unknown[]) => {
            const started = process.hrtime.bigint();
            try {
              return method(...args);
            } finally {
              entry.calls++;
              entry.ms += Number(process.hrtime.bigint() - started) / 1e6;
            }
          };
        },
      });
    },
  };
}

function openPostgres(url: string, poolSize: number, onIdleClientError?: (error: Error) => void): DatabaseHandle {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle pooled connection dropped by the server (restart, admin kill) must not crash the
  // process: the pool discards it and opens a new one on demand.
  pool.on('error', (error) => onIdleClientError?.(error));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    dialect: 'postgres',
    file: null,
    close: async () => {
      await db.destroy();
    },
  };
}

/** Which dialect a Kysely instance talks to (for the few places raw SQL differs). */
export function dialectOf(db: { getExecutor(): { adapter: object } }): DialectName {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'postgres' : 'sqlite';
}

/**
 * Serialises writers of one logical stream (e.g. the audit chain) inside a transaction.
 * SQLite already has one writer at a time; PostgreSQL takes a transaction advisory lock.
 */
export async function lockStream(trx: Trx, key: number): Promise<void> {
  if (dialectOf(trx) === 'postgres') {
    await sql`select pg_advisory_xact_lock(${key})`.execute(trx);
  }
}

/** Checks the database answers a trivial query. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
