import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { signBody } from '../../src/modules/integration/signature.js';
import type { TestEnv } from './app.js';

/** Helpers for the integration tests: clients through the admin API, signed calls, a local receiver. */

export interface ClientAnswer {
  id: string;
  name: string;
  kind: string;
  channels: string[];
  keys: { id: string; prefix: string; revokedAt: string | null }[];
}

export async function districtCentreId(env: TestEnv): Promise<string> {
  const row = await env.database.handle.db
    .selectFrom('unit')
    .select('id')
    .where('parent_id', 'is', null)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Registers a client through the administration API (as the given administrator). */
export async function createClientOk(
  env: TestEnv,
  cookie: string,
  body: Record<string, unknown>,
): Promise<ClientAnswer> {
  const response = await env.app.inject({
    method: 'POST',
    url: '/api/integration/clients',
    headers: { cookie },
    payload: { unitId: await districtCentreId(env), ...body },
  });
  if (response.statusCode !== 201) throw new Error(`create client failed: ${response.statusCode} ${response.body}`);
  return response.json<ClientAnswer>();
}

export async function issueKeyOk(env: TestEnv, cookie: string, clientId: string): Promise<string> {
  const response = await env.app.inject({
    method: 'POST',
    url: `/api/integration/clients/${clientId}/keys`,
    headers: { cookie },
    payload: { label: 'test' },
  });
  if (response.statusCode !== 201) throw new Error(`issue key failed: ${response.statusCode} ${response.body}`);
  return response.json<{ key: string }>().key;
}

export async function rotateSecretOk(env: TestEnv, cookie: string, clientId: string): Promise<string> {
  const response = await env.app.inject({
    method: 'POST',
    url: `/api/integration/clients/${clientId}/secret`,
    headers: { cookie },
  });
  if (response.statusCode !== 201) throw new Error(`rotate secret failed: ${response.statusCode} ${response.body}`);
  return response.json<{ secret: string }>().secret;
}

/** A POST signed the way the inbound endpoints require (timestamp from the test clock unless given). */
export async function signedPost(
  env: TestEnv,
  url: string,
  auth: { clientId: string; secret: string },
  body: unknown,
  options: { timestamp?: number; signature?: string } = {},
) {
  const raw = JSON.stringify(body);
  const timestamp = options.timestamp ?? Math.floor(env.clock.now().getTime() / 1000);
  return env.app.inject({
    method: 'POST',
    url,
    headers: {
      'content-type': 'application/json',
      'x-citydesk-client': auth.clientId,
      'x-citydesk-timestamp': String(timestamp),
      'x-citydesk-signature': options.signature ?? signBody(auth.secret, timestamp, raw),
    },
    payload: raw,
  });
}

export interface ReceivedCall {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A real HTTP server on 127.0.0.1 that records what it receives; it can go down and come back on its port. */
export class LocalReceiver {
  readonly calls: ReceivedCall[] = [];
  private server: http.Server | null = null;
  port = 0;
  /** The status it answers with while up. */
  status = 200;

  async start(): Promise<void> {
    const server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (c: Buffer) => chunks.push(c));
      request.on('end', () => {
        this.calls.push({
          method: request.method ?? '',
          url: request.url ?? '',
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        response.writeHead(this.status, { 'content-type': 'application/json' });
        response.end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/callback`;
  }

  /** Stops listening: connections are refused until start() again (same port). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
