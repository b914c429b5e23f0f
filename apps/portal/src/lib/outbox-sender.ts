import type { CreateCaseInput, RequestType } from '@citydesk/shared';

/**
 * The grid worker's outbox: patrol reports made without a network wait on the device and are
 * sent when it returns, each exactly once. The idempotency key is made when the report is saved
 * and sent with every attempt, so a case the server created before the connection dropped is
 * answered again, never made twice; uploaded photos remember their ids so a retry does not
 * upload them again. This file holds the rules; outbox-db.ts keeps the reports in IndexedDB.
 */

export type OutboxStatus = 'waiting' | 'sending' | 'sent' | 'failed';

export interface OutboxPhoto {
  /** The compressed JPEG; dropped once the report is sent. */
  blob: Blob | null;
  width: number;
  height: number;
  /** The server's id once uploaded (a retry skips the upload). */
  attachmentId: string | null;
}

export interface OutboxInput {
  eventKey: string | null;
  eventName: string;
  requestType: RequestType;
  categoryId: string | null;
  /** Answers to the item's questions the quick event implies (井盖缺损 → the facility). */
  extraAnswers: Record<string, string | number | string[]>;
  note: string;
  location: { lat: number; lon: number; address?: string } | null;
  /** The worker as the reporter: their name (the account filing it is the worker's own). */
  reporter: { phone?: string; name?: string } | null;
}

export interface OutboxReport {
  id: string;
  /** The worker who made it: only their session may send it. */
  owner: string;
  idempotencyKey: string;
  createdAt: string;
  status: OutboxStatus;
  /** When a sender took it (epoch ms); a claim older than the lease belongs to a sender that died. */
  claimedAt: number | null;
  attempts: number;
  lastError: { code: string; message: string } | null;
  input: OutboxInput;
  photos: OutboxPhoto[];
  result: { caseId: string; number: string } | null;
  sentAt: string | null;
}

export interface OutboxStore {
  list(): Promise<OutboxReport[]>;
  get(id: string): Promise<OutboxReport | null>;
  put(report: OutboxReport): Promise<void>;
  /**
   * Takes a report for sending in one transaction: only a waiting report, or one whose claim is
   * older than `leaseMs`, is marked sending (claimedAt = now) and returned; otherwise null. Two
   * tabs or timers racing for one report: one wins, the other gets null.
   */
  claim(id: string, now: number, leaseMs: number): Promise<OutboxReport | null>;
  /** Applies a change to a stored report in one transaction (no-op when it is gone). */
  update(id: string, change: (report: OutboxReport) => OutboxReport): Promise<OutboxReport | null>;
  remove(id: string): Promise<void>;
}

/** How an attempt failed, as the sender needs to know it. */
export interface SendFailure {
  status: number;
  code: string;
  message: string;
}

export interface SenderDeps {
  store: OutboxStore;
  owner: string;
  now(): number;
  uploadPhoto(photo: Blob): Promise<{ id: string }>;
  createCase(input: CreateCaseInput, idempotencyKey: string): Promise<{ id: string; number: string }>;
  /** Turns a thrown error into a failure (null: unknown, treated as a network problem). */
  failureOf(error: unknown): SendFailure | null;
  /** Whether this run holds an exclusive lock (Web Locks): then a "sending" report was left by a closed tab. */
  exclusive: boolean;
}

export interface SendSummary {
  sent: number;
  failed: number;
  /** Why the run stopped early: no network, or the worker must sign in again. */
  stopped: 'network' | 'signed_out' | null;
}

/** A claim older than this is taken over (the server lets an abandoned key go after 2 minutes too). */
export const claimLeaseMs = 2 * 60_000;
/** Sent reports kept for the "sent" list. */
export const keepSent = 20;

/** The create-case input of a saved report (channel grid; the server places it in the worker's grid). */
export function caseInputOf(report: OutboxReport, attachmentIds: string[]): CreateCaseInput {
  const { input } = report;
  const description = input.note.trim() === '' ? input.eventName : `${input.eventName}：${input.note.trim()}`;
  return {
    channel: 'grid',
    requestType: input.requestType,
    title: input.eventName.slice(0, 60),
    description,
    ...(input.categoryId ? { categoryId: input.categoryId } : {}),
    ...(input.location ? { location: input.location } : {}),
    reporter: input.reporter ? { ...input.reporter, anonymous: false } : { anonymous: false },
    extraAnswers: input.extraAnswers ?? {},
    attachmentIds,
    tags: [],
    urgency: 'normal',
  };
}

/**
 * Whether a failure means "try again later" rather than "this report is wrong": no network, the
 * server's own trouble, a request still running under the same key, a rate limit, or a session
 * that ended (the report waits until the worker signs in again).
 */
export function isTransient(failure: SendFailure | null): boolean {
  if (failure === null) return true;
  if (failure.status === 0 || failure.status >= 500) return true;
  return (
    failure.status === 401 ||
    failure.status === 408 ||
    failure.status === 429 ||
    failure.code === 'IDEMPOTENCY_IN_PROGRESS'
  );
}

/** Sends one claimed report: its photos not yet uploaded, then the case with the saved key. */
async function sendOne(deps: SenderDeps, claimed: OutboxReport): Promise<void> {
  const photos = [...claimed.photos];
  for (const [index, photo] of photos.entries()) {
    if (photo.attachmentId || !photo.blob) continue;
    const uploaded = await deps.uploadPhoto(photo.blob);
    photos[index] = { ...photo, attachmentId: uploaded.id };
    // Remembered at once: if the next step fails, the retry does not upload this photo again.
    await deps.store.update(claimed.id, (r) => ({ ...r, photos: [...photos], claimedAt: deps.now() }));
  }
  const ids = photos.map((p) => p.attachmentId).filter((id): id is string => id !== null);
  const created = await deps.createCase(caseInputOf(claimed, ids), claimed.idempotencyKey);
  await deps.store.update(claimed.id, (r) => ({
    ...r,
    status: 'sent',
    claimedAt: null,
    lastError: null,
    attempts: r.attempts + 1,
    result: { caseId: created.id, number: created.number },
    sentAt: new Date(deps.now()).toISOString(),
    // The photos are on the server now; the device keeps only their sizes.
    photos: photos.map((p) => ({ ...p, blob: null })),
  }));
}

/**
 * Sends every waiting report of the signed-in worker, oldest first, each at most once per run.
 * Stops at the first sign that the network is gone or the session ended; a report the server
 * refuses for what it is (a 4xx other than those) becomes "failed" with the server's reason.
 */
export async function sendWaitingReports(deps: SenderDeps): Promise<SendSummary> {
  const summary: SendSummary = { sent: 0, failed: 0, stopped: null };
  const tried = new Set<string>();
  const leaseMs = deps.exclusive ? 0 : claimLeaseMs;
  // Reports saved while this run is busy are picked up by the next round of the loop.
  for (;;) {
    const now = deps.now();
    const due = (await deps.store.list())
      .filter((r) => r.owner === deps.owner && !tried.has(r.id))
      .filter((r) => r.status === 'waiting' || (r.status === 'sending' && now - (r.claimedAt ?? 0) >= leaseMs))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    const next = due[0];
    if (!next) break;
    tried.add(next.id);
    const claimed = await deps.store.claim(next.id, now, leaseMs);
    if (!claimed) continue;
    try {
      await sendOne(deps, claimed);
      summary.sent += 1;
    } catch (error) {
      const failure = deps.failureOf(error);
      const transient = isTransient(failure);
      await deps.store.update(claimed.id, (r) => ({
        ...r,
        status: transient ? 'waiting' : 'failed',
        claimedAt: null,
        attempts: r.attempts + 1,
        lastError: failure ? { code: failure.code, message: failure.message } : { code: 'NETWORK_ERROR', message: '' },
      }));
      if (!transient) summary.failed += 1;
      if (failure === null || failure.status === 0) {
        summary.stopped = 'network';
        break;
      }
      if (failure.status === 401) {
        summary.stopped = 'signed_out';
        break;
      }
    }
  }
  await pruneSent(deps.store);
  return summary;
}

/** Keeps the newest `keepSent` sent reports (the "sent" history), removing older ones. */
export async function pruneSent(store: OutboxStore): Promise<void> {
  const sent = (await store.list())
    .filter((r) => r.status === 'sent')
    .sort((a, b) => (b.sentAt ?? '').localeCompare(a.sentAt ?? ''));
  for (const old of sent.slice(keepSent)) await store.remove(old.id);
}
