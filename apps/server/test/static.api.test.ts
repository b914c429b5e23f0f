import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../src/app.js';
import { testConfig, type ErrorBody } from './support/app.js';
import { createMigratedDatabase, type TestDatabase } from './support/databases.js';

describe('serving the front ends on the API port', () => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'citydesk-static-'));
    for (const name of ['web', 'portal']) {
      fs.mkdirSync(path.join(dir, name, 'assets'), { recursive: true });
      fs.writeFileSync(path.join(dir, name, 'index.html'), `<!doctype html><title>${name}</title>`);
      fs.writeFileSync(path.join(dir, name, 'assets', 'app-1a2b.js'), `console.log('${name}')`);
    }
    database = await createMigratedDatabase('sqlite');
    app = await buildApp({
      config: testConfig(database, { WEB_DIST_DIR: path.join(dir, 'web'), PORTAL_DIST_DIR: path.join(dir, 'portal') }),
      database: database.handle,
    });
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('serves the console at / and the portal at /portal/, each falling back to its index.html', async () => {
    expect((await app.inject({ url: '/' })).body).toContain('<title>web</title>');
    expect((await app.inject({ url: '/cases/123' })).body).toContain('<title>web</title>');
    expect((await app.inject({ url: '/portal/' })).body).toContain('<title>portal</title>');
    expect((await app.inject({ url: '/portal/track/abc' })).body).toContain('<title>portal</title>');
    const bare = await app.inject({ url: '/portal' });
    expect(bare.statusCode).toBe(301);
    expect(bare.headers.location).toBe('/portal/');
  });

  it('caches hashed assets for long and index.html never', async () => {
    const asset = await app.inject({ url: '/portal/assets/app-1a2b.js' });
    expect(asset.body).toContain("console.log('portal')");
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await app.inject({ url: '/' })).headers['cache-control']).toBe('no-cache');
  });

  it('still answers unknown API paths with the error envelope, not a page', async () => {
    const response = await app.inject({ url: '/api/nothing-here' });
    expect(response.statusCode).toBe(404);
    expect(response.json<ErrorBody>().error.code).toBe('ROUTE_NOT_FOUND');
  });
});
