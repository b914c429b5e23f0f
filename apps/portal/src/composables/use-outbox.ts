import { reactive } from 'vue';
import { casesApi } from '../api/cases';
import { ApiError, randomKey } from '../api/http';
import { outboxDb } from '../lib/outbox-db';
import {
  sendWaitingReports,
  type OutboxInput,
  type OutboxPhoto,
  type OutboxReport,
  type SendSummary,
} from '../lib/outbox-sender';

/**
 * The device's outbox of patrol reports, shown by the grid pages, and the sender that empties
 * it: on start, whenever the browser comes back online, every 20 seconds while the app is open,
 * and right after a report is saved. One sender at a time across tabs (Web Locks); without
 * Web Locks the claim in IndexedDB keeps two senders off the same report.
 */
const state = reactive({
  reports: [] as OutboxReport[],
  sending: false,
  last: null as SendSummary | null,
  /** IndexedDB could not be opened (private mode in some browsers): reports cannot wait offline. */
  unavailable: false,
});

let owner: string | null = null;
let timer: number | null = null;
const lockName = 'citydesk-portal-outbox';
const periodMs = 20_000;

export async function refreshOutbox(): Promise<void> {
  try {
    const all = await outboxDb.list();
    state.reports = all
      .filter((r) => owner === null || r.owner === owner)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    state.unavailable = false;
  } catch {
    state.unavailable = true;
  }
}

function failureOf(error: unknown) {
  if (error instanceof ApiError) {
    if (error.isNetwork || error.code === 'ABORTED') return null;
    // The fields the server named, so the worker sees what to fix.
    const fields = Array.isArray(error.details['fields'])
      ? (error.details['fields'] as { field?: unknown }[])
          .map((f) => (typeof f.field === 'string' ? f.field : ''))
          .filter(Boolean)
      : [];
    const message = fields.length > 0 ? `${error.message}（${fields.join(', ')}）` : error.message;
    return { status: error.status, code: error.code, message };
  }
  return null;
}

async function runOnce(exclusive: boolean): Promise<SendSummary | null> {
  if (!owner) return null;
  state.sending = true;
  try {
    const summary = await sendWaitingReports({
      store: outboxDb,
      owner,
      now: () => Date.now(),
      uploadPhoto: (blob) => casesApi.upload(blob, 'report'),
      createCase: (input, key) => casesApi.create(input, key),
      failureOf,
      exclusive,
    });
    state.last = summary;
    return summary;
  } finally {
    state.sending = false;
    await refreshOutbox();
  }
}

/** Sends what waits now (unless a sender is already busy in this or another tab). */
export async function sendOutboxNow(): Promise<SendSummary | null> {
  if (!owner || !navigator.onLine) return null;
  try {
    if (navigator.locks) {
      // ifAvailable: a sender already holding the lock will pick up what waits in its next round.
      return await navigator.locks.request(lockName, { ifAvailable: true }, (lock) =>
        lock ? runOnce(true) : Promise.resolve(null),
      );
    }
    if (state.sending) return null;
    return await runOnce(false);
  } catch {
    state.unavailable = true;
    return null;
  }
}

const onOnline = () => void sendOutboxNow();

/** Starts the sender for a signed-in worker (again for another worker: the old one stops). */
export function startOutbox(username: string): void {
  owner = username;
  void refreshOutbox().then(() => sendOutboxNow());
  window.removeEventListener('online', onOnline);
  window.addEventListener('online', onOnline);
  if (timer !== null) window.clearInterval(timer);
  timer = window.setInterval(() => void sendOutboxNow(), periodMs);
}

export function stopOutbox(): void {
  owner = null;
  window.removeEventListener('online', onOnline);
  if (timer !== null) window.clearInterval(timer);
  timer = null;
  state.reports = [];
}

/** Saves a patrol report on the device with its photos and a new idempotency key, then tries to send it. */
export async function saveToOutbox(input: OutboxInput, photos: { blob: Blob; width: number; height: number }[]) {
  if (!owner) throw new Error('no grid worker signed in');
  const report: OutboxReport = {
    id: randomKey(),
    owner,
    idempotencyKey: randomKey(),
    createdAt: new Date().toISOString(),
    status: 'waiting',
    claimedAt: null,
    attempts: 0,
    lastError: null,
    // A plain copy: IndexedDB cannot store Vue's reactive proxies (the event's preset answers).
    input: JSON.parse(JSON.stringify(input)) as OutboxInput,
    photos: photos.map((p): OutboxPhoto => ({ blob: p.blob, width: p.width, height: p.height, attachmentId: null })),
    result: null,
    sentAt: null,
  };
  await outboxDb.put(report);
  await refreshOutbox();
  void sendOutboxNow();
  return report;
}

/** A failed report goes back to waiting (after the worker fixed what was wrong, or to try again). */
export async function retryOutboxReport(id: string): Promise<void> {
  await outboxDb.update(id, (r) => (r.status === 'failed' ? { ...r, status: 'waiting', lastError: null } : r));
  await refreshOutbox();
  void sendOutboxNow();
}

export async function removeOutboxReport(id: string): Promise<void> {
  await outboxDb.remove(id);
  await refreshOutbox();
}

export function useOutbox() {
  return state;
}
