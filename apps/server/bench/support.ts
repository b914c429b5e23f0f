/**
 * Small helpers for the benchmark script: a seeded PRNG, an order-independent hash, timing and
 * number formatting. Benchmarks print figures; nothing here asserts a timing.
 */

/** Mulberry32: a tiny, fast, deterministic PRNG returning numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A deterministic value in [0, 1) from integer coordinates (order-independent, unlike a PRNG stream). */
export function hashUnit(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    h = Math.imul(h ^ (p | 0), 0x01000193);
    h ^= h >>> 13;
    h = Math.imul(h, 0x5bd1e995);
    h ^= h >>> 15;
  }
  return (h >>> 0) / 4294967296;
}

export function nowNs(): bigint {
  return process.hrtime.bigint();
}

export function elapsedMs(startNs: bigint): number {
  return Number(process.hrtime.bigint() - startNs) / 1e6;
}

/** The q-quantile (0..1) of an ascending-sorted array (nearest rank). */
export function quantile(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

export interface BatchTiming {
  /** Operations timed. */
  ops: number;
  totalMs: number;
  /** Mean nanoseconds per operation over the whole run. */
  meanNs: number;
  /** Per-operation nanoseconds of each batch (batch time ÷ batch size), ascending. */
  batchNs: Float64Array;
}

/**
 * Times `op(i)` for i in [0, ops) in batches of `batchSize`, one clock read per batch (so the
 * timer's own cost does not swamp sub-microsecond operations).
 */
export function timeSyncBatches(ops: number, batchSize: number, op: (i: number) => void): BatchTiming {
  const batches = Math.ceil(ops / batchSize);
  const batchNs = new Float64Array(batches);
  const start = nowNs();
  for (let b = 0; b < batches; b++) {
    const from = b * batchSize;
    const to = Math.min(ops, from + batchSize);
    const t0 = nowNs();
    for (let i = from; i < to; i++) op(i);
    batchNs[b] = Number(nowNs() - t0) / (to - from);
  }
  const totalMs = elapsedMs(start);
  return { ops, totalMs, meanNs: (totalMs * 1e6) / ops, batchNs: batchNs.sort() };
}

/** Times every call separately; returns ascending nanoseconds per call. */
export function timeSyncCalls(ops: number, op: (i: number) => void): Float64Array {
  const ns = new Float64Array(ops);
  for (let i = 0; i < ops; i++) {
    const t0 = nowNs();
    op(i);
    ns[i] = Number(nowNs() - t0);
  }
  return ns.sort();
}

/** The median cost of one `hrtime.bigint()` pair around nothing (the floor of per-call timings). */
export function timerOverheadNs(samples = 100_000): number {
  return quantile(
    timeSyncCalls(samples, () => undefined),
    0.5,
  );
}

// ---------------------------------------------------------------------------------------------
// Formatting

const grouping = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 12345.6 → "12,346". */
export function int(n: number): string {
  return grouping.format(n);
}

/** A number with a fixed number of decimals. */
export function fixed(n: number, digits = 2): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function us(ns: number, digits = 2): string {
  return `${fixed(ns / 1000, digits)} µs`;
}

export function ms(milliseconds: number, digits = 1): string {
  return `${fixed(milliseconds, digits)} ms`;
}

/** "12,345 lookups/s". */
export function perSecond(ops: number, totalMs: number, unit: string): string {
  return `${int((ops * 1000) / totalMs)} ${unit}/s`;
}

export function heading(title: string): void {
  console.log('');
  console.log(title);
  console.log('-'.repeat(Math.min(100, [...title].length)));
}

/** Prints "label ........ value" rows aligned on the longest label. */
export function rows(entries: readonly (readonly [label: string, value: string])[]): void {
  const width = Math.max(...entries.map(([label]) => [...label].length));
  for (const [label, value] of entries) console.log(`  ${label.padEnd(width)}  ${value}`);
}
