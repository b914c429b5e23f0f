import type { Db, Trx } from './connect.js';

const pending = new WeakMap<Trx, (() => void)[]>();

/**
 * Runs work in one transaction; callbacks registered with `afterCommit` run once it has
 * committed (never after a rollback).
 */
export async function transact<T>(db: Db, work: (trx: Trx) => Promise<T>): Promise<T> {
  const callbacks: (() => void)[] = [];
  const result = await db.transaction().execute(async (trx) => {
    pending.set(trx, callbacks);
    try {
      return await work(trx);
    } finally {
      pending.delete(trx);
    }
  });
  for (const callback of callbacks) callback();
  return result;
}

/** Schedules a callback for after the surrounding `transact` commits (runs at once outside one). */
export function afterCommit(trx: Trx, callback: () => void): void {
  const list = pending.get(trx);
  if (list) list.push(callback);
  else queueMicrotask(callback);
}
