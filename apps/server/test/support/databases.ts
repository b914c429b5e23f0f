import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe } from 'vitest';
import { openDatabase, type DatabaseHandle, type DialectName } from '../../src/platform/db/connect.js';
import { migrateToLatest } from '../../src/platform/db/migrate.js';

/** SQLite always; PostgreSQL too when TEST_DATABASE_URL is set (as CI does). */
export const testDialects: DialectName[] = process.env.TEST_DATABASE_URL ? ['sqlite', 'postgres'] : ['sqlite'];

export interface TestDatabase {
  handle: DatabaseHandle;
  url: string;
  dialect: DialectName;
  /** A folder of this test's own (SQLite file, DATA_DIR). */
  dir: string;
  drop(): Promise<void>;
}

function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A fresh, empty database of the dialect (not migrated). */
export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'citydesk-test-'));
  if (dialect === 'sqlite') {
    const url = `sqlite:${path.join(dir, 'test.db')}`;
    const handle = openDatabase(url);
    return {
      handle,
      url,
      dialect,
      dir,
      drop: async () => {
        await handle.close().catch(() => undefined);
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `citydesk_t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(
      `create database "${name}" template template0 encoding 'UTF8' lc_collate 'C.UTF-8' lc_ctype 'C.UTF-8'`,
    );
  } finally {
    await admin.end();
  }
  const url = withDatabaseName(adminUrl, name);
  const handle = openDatabase(url, { poolSize: 5 });
  return {
    handle,
    url,
    dialect,
    dir,
    drop: async () => {
      await handle.close().catch(() => undefined);
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      try {
        await dropper.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await dropper.end();
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh database with every migration applied. */
export async function createMigratedDatabase(dialect: DialectName): Promise<TestDatabase> {
  const database = await createTestDatabase(dialect);
  await migrateToLatest(database.handle.db);
  return database;
}

/** Runs a suite once per test dialect, naming the dialect in the suite title. */
export function describeEachDatabase(title: string, suite: (dialect: DialectName) => void): void {
  for (const dialect of testDialects) {
    describe(`${title} [${dialect}]`, () => suite(dialect));
  }
}
