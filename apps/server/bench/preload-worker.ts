/**
 * A worker thread generating synthetic case rows (text, tokenizing, deadlines) for the preload,
 * so the main thread only writes: see `GeneratorPool` in preload.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { addSearchWords } from '../src/modules/intake/case-search.js';
import { CaseFactory, emptyBatch, type RowBatch, type SeededDistrict, type StatusCounts } from './synthetic-cases.js';

export interface GeneratorInit {
  district: SeededDistrict;
  nowMs: number;
  seed: number;
}

export interface GeneratorJob {
  id: number;
  times: Float64Array;
  numbers: string[];
}

export interface GeneratorAnswer {
  id: number;
  batch: RowBatch;
  counts: StatusCounts;
  generateMs: number;
}

const init = workerData as GeneratorInit;
addSearchWords(init.district.searchWords);
const factory = new CaseFactory(init.district, new Date(init.nowMs), init.seed);

parentPort?.on('message', (job: GeneratorJob) => {
  const t0 = performance.now();
  const batch = emptyBatch();
  factory.startBatch();
  for (let i = 0; i < job.times.length; i++) factory.add(batch, job.times[i] ?? 0, job.numbers[i] ?? '');
  const answer: GeneratorAnswer = {
    id: job.id,
    batch,
    counts: factory.takeCounts(),
    generateMs: performance.now() - t0,
  };
  parentPort?.postMessage(answer);
});
