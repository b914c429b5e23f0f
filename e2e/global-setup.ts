import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const serverEntry = path.join(repoRoot, 'apps', 'server', 'dist', 'main.js');
const serverLog = path.join(repoRoot, 'test-results', 'e2e-server.log');
const startTimeoutMs = 60_000;
const stopTimeoutMs = 10_000;

/**
 * The listening address from one server log line, or null for any other line. The server logs
 * `{"msg":"listening","url":"http://127.0.0.1:<port>"}`; Fastify's own "Server listening at
 * <url>" line is accepted too.
 */
export function listeningUrl(line: string): string | null {
  let entry: unknown;
  try {
    entry = JSON.parse(line);
  } catch {
    return null;
  }
  if (typeof entry !== 'object' || entry === null) return null;
  const { msg, url } = entry as { msg?: unknown; url?: unknown };
  if (msg === 'listening' && typeof url === 'string') return url;
  if (typeof msg === 'string') return /^Server listening at (http:\/\/\S+)$/.exec(msg)?.[1] ?? null;
  return null;
}

/** Resolves with the server's address once it logs that it listens; rejects if it dies first. */
function waitForListening(child: ChildProcess, output: ServerOutput): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      finish(new Error(`the server did not report "listening" within ${startTimeoutMs / 1000} s`));
    }, startTimeoutMs);
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void => {
      finish(new Error(`the server exited before listening (code ${code}, signal ${signal})`));
    };
    const onError = (error: Error): void => finish(error);
    const onLine = (line: string): void => {
      const url = listeningUrl(line);
      if (url) finish(null, url);
    };

    function finish(error: Error | null, url?: string): void {
      clearTimeout(timer);
      child.off('close', onExit);
      child.off('error', onError);
      output.onLine = null;
      if (error) {
        error.message += `\n--- last server output (full log: ${serverLog}) ---\n${output.tail.join('\n')}`;
        reject(error);
      } else {
        resolve(url!);
      }
    }

    output.onLine = onLine;
    child.once('close', onExit);
    child.once('error', onError);
  });
}

/**
 * Copies the server's output to a log file and keeps its last lines. The pipes are always
 * drained, so a chatty server never blocks on a full pipe.
 */
class ServerOutput {
  readonly tail: string[] = [];
  onLine: ((line: string) => void) | null = null;
  private readonly file: WriteStream;
  private partial = '';

  constructor(child: ChildProcess, logPath: string) {
    mkdirSync(path.dirname(logPath), { recursive: true });
    this.file = createWriteStream(logPath);
    child.stdout!.on('data', (chunk: Buffer) => this.take(chunk, true));
    child.stderr!.on('data', (chunk: Buffer) => this.take(chunk, false));
  }

  private take(chunk: Buffer, isStdout: boolean): void {
    this.file.write(chunk);
    const text = chunk.toString('utf8');
    if (!isStdout) {
      this.remember(text.trimEnd().split('\n'));
      return;
    }
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    this.remember(lines);
    for (const line of lines) this.onLine?.(line);
  }

  private remember(lines: string[]): void {
    this.tail.push(...lines);
    this.tail.splice(0, Math.max(0, this.tail.length - 30));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.file.end(resolve));
  }
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * Starts the built server on a free port with a fresh data directory (the demo data is seeded
 * on first start) and returns the teardown that stops it.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'citydesk-e2e-'));
  const child = spawn(process.execPath, [serverEntry], {
    cwd: repoRoot,
    // TEST_HOOKS lets the day's story move the server's clock (test builds only).
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'info', TEST_HOOKS: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = new ServerOutput(child, serverLog);

  const teardown = async (): Promise<void> => {
    await stop(child);
    await output.close();
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    process.env['E2E_BASE_URL'] = await waitForListening(child, output);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
