import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tsx = path.resolve(serverDir, '../../node_modules/.bin/tsx');
const main = path.join(serverDir, 'src/main.ts');

function startServer(env: Record<string, string>): ChildProcessWithoutNullStreams {
  return spawn(tsx, [main], { env: { ...process.env, ...env }, stdio: 'pipe' });
}

function waitForExit(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Resolves with the URL the server logs once it listens. */
function waitForListening(child: ChildProcessWithoutNullStreams, output: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output.join('')}`)), 90_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output.push(chunk.toString());
      const match = /"url":"(http:\/\/[^"]+)","dialect"/.exec(output.join(''));
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}:\n${output.join('')}`)));
  });
}

describe('the server process', () => {
  it('refuses to boot with bad configuration, naming every bad variable', async () => {
    const child = startServer({ PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://nope' });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    expect(await waitForExit(child)).toBe(1);
    expect(stderr).toContain('CityDesk cannot start');
    for (const name of ['PORT', 'LOG_LEVEL', 'DATABASE_URL']) expect(stderr).toContain(name);
  });

  describe('started on an empty data folder', () => {
    let dataDir: string;
    let child: ChildProcessWithoutNullStreams;
    let url: string;
    const output: string[] = [];

    beforeAll(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'citydesk-proc-'));
      child = startServer({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info' });
      url = await waitForListening(child, output);
    });

    afterAll(() => {
      if (child.exitCode === null) child.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('migrates, seeds the demo district, prints the demo accounts and serves', async () => {
      const text = output.join('');
      expect(text).toContain('Demo accounts (password Demo@2026!)');
      expect(text).toMatch(/sysadmin\s+system_admin/);
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      const ready = (await (await fetch(`${url}/readyz`)).json()) as { status: string };
      expect(ready.status).toBe('ready');
    });

    it('drains an in-flight request on SIGTERM, then closes the database cleanly', async () => {
      const { port, hostname } = new URL(url);
      const body = JSON.stringify({ username: 'sysadmin', password: 'Demo@2026!' });
      const socket = net.connect(Number(port), hostname);
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      let response = '';
      socket.on('data', (c: Buffer) => (response += c.toString()));
      const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      // Send the headers and half the body, so the request is in flight when SIGTERM arrives.
      socket.write(
        `POST /api/auth/login HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`,
      );
      socket.write(body.slice(0, 10));
      await new Promise((r) => setTimeout(r, 300));
      const exited = waitForExit(child);
      child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 300));
      socket.write(body.slice(10));
      await closed;
      expect(response).toMatch(/^HTTP\/1\.1 200/);
      expect(response).toContain('"username":"sysadmin"');
      expect(await exited).toBe(0);
      expect(output.join('')).toContain('stopped cleanly');
      // A clean close checkpoints the WAL into the database file and removes it.
      expect(fs.existsSync(path.join(dataDir, 'citydesk.db'))).toBe(true);
      expect(fs.existsSync(path.join(dataDir, 'citydesk.db-wal'))).toBe(false);
    });
  });
});
