/**
 * The built server as a child process: start (and learn its URL), sample its memory and CPU
 * from /proc, stop with SIGTERM and wait for it to exit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** A free loopback port (the server is given it explicitly: see the note in startServer). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  url: string;
  /** Everything the process printed (stdout and stderr), for failure reports. */
  output: string[];
  stop(): Promise<number | null>;
}

/**
 * Starts `node apps/server/dist/main.js`. The server logs its URL in a `"msg":"listening"` line,
 * but at info level, which LOG_LEVEL=warn suppresses; so with warn the port is chosen here and
 * readiness is polled on /healthz (the log line is still used when it appears).
 */
export async function startServer(options: {
  root: string;
  env: Record<string, string>;
  nodeArgs?: string[];
  timeoutMs?: number;
}): Promise<ServerProcess> {
  const port = options.env.PORT && options.env.PORT !== '0' ? Number(options.env.PORT) : await freePort();
  const env = { ...process.env, ...options.env, PORT: String(port), HOST: '127.0.0.1' };
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), 'apps/server/dist/main.js'], {
    cwd: options.root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  let logged: string | null = null;
  const keep = (chunk: Buffer) => {
    const text = chunk.toString();
    if (output.length < 2000) output.push(text);
    const match = /"msg":"listening"/.test(text) ? /"url":"(http:\/\/[^"]+)"/.exec(text) : null;
    if (match?.[1]) logged = match[1];
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const pid = child.pid;
  if (pid === undefined) throw new Error('the server process did not start');

  const stop = async (): Promise<number | null> => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    child.kill('SIGTERM');
    const code = await Promise.race([exited, sleep(40_000).then(() => 'timeout' as const)]);
    if (code === 'timeout') {
      child.kill('SIGKILL');
      return exited;
    }
    return code;
  };

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 180_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}:\n${output.join('')}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server did not become ready:\n${output.join('')}`);
    }
    try {
      const answer = await fetch(`${logged ?? url}/healthz`);
      if (answer.ok) break;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  return { child, pid, url: logged ?? url, output, stop };
}

// ---------------------------------------------------------------------------------------------
// /proc sampling

const clockTicks = 100; // USER_HZ on Linux

/** Resident set size of a process in bytes (0 when unknown). */
export function rssOf(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** User + system CPU seconds a process has used. */
export function cpuSecondsOf(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks;
  } catch {
    return 0;
  }
}

/** CPU seconds of every process whose command line starts with `postgres` (the database server). */
export function postgresCpuSeconds(): number {
  let total = 0;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const comm = fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      if (comm === 'postgres' || comm.startsWith('postgres')) total += cpuSecondsOf(Number(entry));
    } catch {
      // gone
    }
  }
  return total;
}

/** Samples a process's RSS every `everyMs` and keeps the peak. */
export class RssSampler {
  peak = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly pid: number,
    private readonly everyMs = 200,
  ) {}

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.everyMs);
    this.timer.unref();
    return this;
  }

  sample(): void {
    this.peak = Math.max(this.peak, rssOf(this.pid));
  }

  stop(): number {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sample();
    return this.peak;
  }
}
