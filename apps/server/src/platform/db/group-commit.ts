import type BetterSqlite3 from 'better-sqlite3';
import type { CompiledQuery } from 'kysely';
import { SqliteAdapter, SqliteDialect, type DatabaseConnection, type Driver, type QueryResult } from 'kysely';

interface Waiter {
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** At most this many units share one commit (bounds the latency a busy queue adds). */
const maxUnitsPerBatch = 64;
/** A batch stays open at most this long (ms), however busy the queue (reads do not add units). */
const maxBatchAgeMs = 20;
const writePattern = /^\s*(insert|update|delete|replace)\b/i;

/**
 * Group commit for SQLite with synchronous=FULL. Every commit costs an fsync; with many
 * requests in flight, committing each on its own makes the disk the limit. Here each Kysely
 * transaction runs as a SAVEPOINT inside a shared "batch" transaction on the one connection.
 * When no other request is waiting for the connection (or the batch is large), the batch commits
 * once, and only then do the requests in it get their answers: a request is never told its write
 * succeeded before that write is durable. A failed unit rolls back to its savepoint alone; a failed
 * batch commit fails every request in it. Writes outside an explicit transaction join the batch
 * and wait for its commit too.
 */
export class GroupCommitSqliteDriver implements Driver {
  private readonly queue: (() => void)[] = [];
  private locked = false;
  private batchOpen = false;
  private units = 0;
  private waiting: Waiter[] = [];
  private unitSeq = 0;
  private batchOpenedAt = 0;
  private inUnit: string | null = null;
  private needsDurability = false;
  private readonly connection: DatabaseConnection;

  constructor(private readonly db: BetterSqlite3.Database) {
    this.connection = {
      executeQuery: <R>(compiled: CompiledQuery) => Promise.resolve(this.run(compiled) as QueryResult<R>),
      streamQuery: () => this.noStreaming(),
    };
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    if (this.locked) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.locked = true;
    this.needsDurability = false;
    return this.connection;
  }

  async beginTransaction(): Promise<void> {
    this.openBatch();
    this.inUnit = `u${++this.unitSeq}`;
    this.db.prepare(`savepoint ${this.inUnit}`).run();
  }

  async commitTransaction(): Promise<void> {
    if (!this.inUnit) return;
    this.db.prepare(`release ${this.inUnit}`).run();
    this.inUnit = null;
    this.units++;
    this.needsDurability = true;
  }

  async rollbackTransaction(): Promise<void> {
    if (!this.inUnit) return;
    this.db.prepare(`rollback to ${this.inUnit}`).run();
    this.db.prepare(`release ${this.inUnit}`).run();
    this.inUnit = null;
  }

  async savepoint(_connection: DatabaseConnection, name: string): Promise<void> {
    this.db.prepare(`savepoint "${name}"`).run();
  }

  async rollbackToSavepoint(_connection: DatabaseConnection, name: string): Promise<void> {
    this.db.prepare(`rollback to "${name}"`).run();
  }

  async releaseSavepoint(_connection: DatabaseConnection, name: string): Promise<void> {
    this.db.prepare(`release "${name}"`).run();
  }

  async releaseConnection(): Promise<void> {
    let durable: Promise<void> | null = null;
    if (this.needsDurability) {
      durable = new Promise<void>((resolve, reject) => this.waiting.push({ resolve, reject }));
    }
    // Commit now unless another request is already waiting to add its work to this batch.
    if (this.batchOpen && (this.queue.length === 0 || this.batchIsFull())) this.commitBatch();
    const next = this.queue.shift();
    if (next) next();
    else this.locked = false;
    if (durable) await durable;
  }

  async destroy(): Promise<void> {
    if (this.batchOpen) this.commitBatch();
    this.db.close();
  }

  private openBatch(): void {
    if (this.batchOpen) return;
    this.db.prepare('begin immediate').run();
    this.batchOpen = true;
    this.units = 0;
    this.batchOpenedAt = performance.now();
  }

  private batchIsFull(): boolean {
    return this.units >= maxUnitsPerBatch || performance.now() - this.batchOpenedAt >= maxBatchAgeMs;
  }

  private commitBatch(): void {
    const waiting = this.waiting;
    this.waiting = [];
    this.batchOpen = false;
    this.units = 0;
    try {
      this.db.prepare('commit').run();
    } catch (error) {
      try {
        this.db.prepare('rollback').run();
      } catch {
        // Already rolled back by SQLite.
      }
      for (const w of waiting) w.reject(error);
      return;
    }
    for (const w of waiting) w.resolve();
  }

  private run(compiled: CompiledQuery): QueryResult<unknown> {
    const statement = this.db.prepare(compiled.sql);
    const writes = !statement.reader || writePattern.test(compiled.sql);
    if (writes && !this.inUnit) {
      // A write outside an explicit transaction joins the batch and waits for its commit.
      this.openBatch();
      this.needsDurability = true;
    }
    const parameters = compiled.parameters as unknown[];
    if (statement.reader) return { rows: statement.all(parameters) };
    const { changes, lastInsertRowid } = statement.run(parameters);
    return { rows: [], numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid) };
  }

  private noStreaming(): never {
    throw new Error('streaming queries are not supported on SQLite here');
  }
}

/** The SQLite dialect with group commit (see GroupCommitSqliteDriver). */
export class GroupCommitSqliteDialect extends SqliteDialect {
  constructor(private readonly connection: BetterSqlite3.Database) {
    super({ database: connection });
  }

  override createDriver(): Driver {
    return new GroupCommitSqliteDriver(this.connection);
  }

  override createAdapter() {
    return new SqliteAdapter();
  }
}
