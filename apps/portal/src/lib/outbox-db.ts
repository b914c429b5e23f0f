import type { OutboxReport, OutboxStore } from './outbox-sender';

/**
 * The outbox in IndexedDB (photos as Blobs, which IndexedDB stores natively). Every change is
 * one readwrite transaction: IndexedDB runs overlapping readwrite transactions on a store one
 * after another, also across tabs, so a claim is atomic.
 */
const dbName = 'citydesk-portal';
const storeName = 'outbox';
const dbVersion = 1;

let opened: Promise<IDBDatabase> | null = null;

function open(): Promise<IDBDatabase> {
  opened ??= new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open(dbName, dbVersion);
    request.onupgradeneeded = () => {
      const db = request.result;
      if (!db.objectStoreNames.contains(storeName)) db.createObjectStore(storeName, { keyPath: 'id' });
    };
    request.onsuccess = () => {
      const db = request.result;
      // Another tab upgrading the schema: let it, and open again next time.
      db.onversionchange = () => {
        db.close();
        opened = null;
      };
      resolve(db);
    };
    request.onerror = () => reject(request.error ?? new Error('IndexedDB could not be opened'));
    request.onblocked = () => reject(new Error('IndexedDB is blocked by another tab'));
  });
  opened.catch(() => (opened = null));
  return opened;
}

function done<T>(request: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB request failed'));
  });
}

function committed(transaction: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error ?? new Error('IndexedDB transaction failed'));
    transaction.onabort = () => reject(transaction.error ?? new Error('IndexedDB transaction aborted'));
  });
}

/**
 * Reads a report and writes its replacement inside one transaction. `change` runs synchronously
 * between the read and the write (an await there would let the transaction commit early).
 */
async function readModifyWrite(
  id: string,
  change: (report: OutboxReport) => OutboxReport | null,
): Promise<OutboxReport | null> {
  const db = await open();
  const transaction = db.transaction(storeName, 'readwrite');
  const store = transaction.objectStore(storeName);
  const finished = committed(transaction);
  const current = (await done(store.get(id))) as OutboxReport | undefined;
  const next = current ? change(current) : null;
  if (next) store.put(next);
  await finished;
  return next;
}

export const outboxDb: OutboxStore = {
  async list() {
    const db = await open();
    const transaction = db.transaction(storeName, 'readonly');
    return (await done(transaction.objectStore(storeName).getAll())) as OutboxReport[];
  },
  async get(id) {
    const db = await open();
    const transaction = db.transaction(storeName, 'readonly');
    return ((await done(transaction.objectStore(storeName).get(id))) as OutboxReport | undefined) ?? null;
  },
  async put(report) {
    const db = await open();
    const transaction = db.transaction(storeName, 'readwrite');
    const finished = committed(transaction);
    transaction.objectStore(storeName).put(report);
    await finished;
  },
  claim(id, now, leaseMs) {
    return readModifyWrite(id, (report) => {
      const free =
        report.status === 'waiting' || (report.status === 'sending' && now - (report.claimedAt ?? 0) >= leaseMs);
      return free ? { ...report, status: 'sending', claimedAt: now } : null;
    });
  },
  update(id, change) {
    return readModifyWrite(id, change);
  },
  async remove(id) {
    const db = await open();
    const transaction = db.transaction(storeName, 'readwrite');
    const finished = committed(transaction);
    transaction.objectStore(storeName).delete(id);
    await finished;
  },
};
