/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time per function, mapped through
 * the bundle's source maps back to `apps/server/src/...`, and self time per package or module.
 *
 * Standalone: `npx tsx apps/server/bench/cpu-profile.ts <file.cpuprofile> [top]`.
 */
import fs from 'node:fs';
import { SourceMap } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface HotSpot {
  name: string;
  location: string;
  group: string;
  selfMs: number;
  share: number;
}

export interface ProfileSummary {
  totalMs: number;
  /** Time not spent idle. */
  busyMs: number;
  functions: HotSpot[];
  groups: { group: string; selfMs: number; share: number }[];
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function loadSourceMap(file: string, cache: Map<string, SourceMap | null>): SourceMap | null {
  if (cache.has(file)) return cache.get(file) ?? null;
  let map: SourceMap | null = null;
  try {
    map = new SourceMap(JSON.parse(fs.readFileSync(`${file}.map`, 'utf8')) as never);
  } catch {
    map = null;
  }
  cache.set(file, map);
  return map;
}

/** Where a frame's code comes from: file:line in the sources, and its package or module. */
function locate(frame: CallFrame, maps: Map<string, SourceMap | null>): { location: string; group: string } {
  const { url } = frame;
  if (!url) return { location: '', group: frame.functionName.startsWith('(') ? frame.functionName : '(native)' };
  if (url.startsWith('node:')) return { location: `${url}:${frame.lineNumber + 1}`, group: 'node internals' };
  const file = url.startsWith('file://') ? fileURLToPath(url) : url;
  let source = file;
  let line = frame.lineNumber + 1;
  if (file.includes(`${path.sep}dist${path.sep}`)) {
    const entry = loadSourceMap(file, maps)?.findEntry(frame.lineNumber, frame.columnNumber);
    if (entry && 'originalSource' in entry && entry.originalSource) {
      source = entry.originalSource.startsWith('file://')
        ? fileURLToPath(entry.originalSource)
        : path.resolve(path.dirname(file), entry.originalSource);
      line = entry.originalLine + 1;
    }
  }
  const relative = path.relative(repoRoot, source);
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(relative)?.[1];
  const group = pkg
    ? pkg
    : /^apps\/server\/src\/(modules\/[^/]+|platform\/[^/]+)/.exec(relative)?.[1]
      ? `src/${/^apps\/server\/src\/(modules\/[^/]+|platform\/[^/]+)/.exec(relative)?.[1]}`
      : relative.startsWith('packages/shared')
        ? '@citydesk/shared'
        : relative;
  return { location: `${relative}:${line}`, group };
}

export function summariseCpuProfile(file: string, top = 15): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i] as number;
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const maps = new Map<string, SourceMap | null>();
  const functions = new Map<string, HotSpot>();
  const groups = new Map<string, number>();
  let totalUs = 0;
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    totalUs += us;
    const frame = node.callFrame;
    if (frame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    const { location, group } = locate(frame, maps);
    const name = frame.functionName || '(anonymous)';
    const key = `${name}@${location}`;
    const spot = functions.get(key) ?? { name, location, group, selfMs: 0, share: 0 };
    spot.selfMs += us / 1000;
    functions.set(key, spot);
    groups.set(group, (groups.get(group) ?? 0) + us / 1000);
  }
  const busyMs = (totalUs - idleUs) / 1000;
  const share = (ms: number) => (busyMs > 0 ? ms / busyMs : 0);
  return {
    totalMs: totalUs / 1000,
    busyMs,
    functions: [...functions.values()]
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, top)
      .map((f) => ({ ...f, share: share(f.selfMs) })),
    groups: [...groups]
      .map(([group, selfMs]) => ({ group, selfMs, share: share(selfMs) }))
      .sort((a, b) => b.selfMs - a.selfMs)
      .slice(0, top),
  };
}

/** Printable lines of a summary. */
export function formatProfile(summary: ProfileSummary): string[] {
  const pct = (x: number) => `${(100 * x).toFixed(1).padStart(5)} %`;
  const lines = [
    `profile: ${(summary.totalMs / 1000).toFixed(1)} s sampled, ${(summary.busyMs / 1000).toFixed(1)} s busy (not idle); shares are of busy time`,
    'top functions by self time:',
  ];
  summary.functions.forEach((f, i) => {
    lines.push(
      `  ${String(i + 1).padStart(2)}. ${pct(f.share)} ${f.selfMs.toFixed(0).padStart(7)} ms  ${f.name}  ${f.location}`,
    );
  });
  lines.push('self time by package / server module:');
  for (const g of summary.groups) lines.push(`      ${pct(g.share)} ${g.selfMs.toFixed(0).padStart(7)} ms  ${g.group}`);
  return lines;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error('usage: tsx apps/server/bench/cpu-profile.ts <file.cpuprofile> [top]');
    process.exit(2);
  }
  for (const line of formatProfile(summariseCpuProfile(file, Number(top ?? 20)))) console.log(line);
}
