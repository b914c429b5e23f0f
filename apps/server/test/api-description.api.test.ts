import { Validator } from '@seriousme/openapi-schema-validator';
import { createCaseSchema } from '@citydesk/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { caseActions } from '../src/modules/workflow/case-actions.js';
import { createTestEnv, type TestEnv } from './support/app.js';

interface Operation {
  summary: string;
  tags: string[];
  parameters?: { name: string; in: string; required: boolean }[];
  requestBody?: { content: Record<string, { schema: Record<string, unknown> }> };
  responses: Record<string, unknown>;
  'x-permissions'?: string[];
  'x-any-permission'?: string[];
  'x-access'?: string;
}
interface Document {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
}

describe('the API description', () => {
  let env: TestEnv;
  let document: Document;
  beforeAll(async () => {
    env = await createTestEnv('sqlite', { seed: false });
    const response = await env.app.inject({ url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    document = response.json<Document>();
  });
  afterAll(async () => env.close());

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(document as unknown as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
  });

  it('describes every route of the native API, none left out', () => {
    const routes = env.app.apiRoutes;
    expect(routes.length).toBeGreaterThan(70);
    expect(routes.filter((r) => !r.doc).map((r) => `${r.method} ${r.url}`)).toEqual([]);
    const described = Object.values(document.paths).reduce((n, ops) => n + Object.keys(ops).length, 0);
    // Each route once, the actions route once per action.
    expect(described).toBe(routes.length - 1 + Object.keys(caseActions).length);
  });

  it('takes each input schema from the route itself: creating a case is createCaseSchema', () => {
    const create = document.paths['/api/cases']?.post;
    expect(create?.['x-permissions']).toEqual(['case.create']);
    expect(create?.requestBody?.content['application/json']?.schema).toEqual(
      (({ $schema: _ignored, ...rest }) => rest)(
        z.toJSONSchema(createCaseSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
      ),
    );
    expect(create?.parameters?.some((p) => p.name === 'Idempotency-Key' && p.in === 'header')).toBe(true);
  });

  it('lists each case action as its own operation with its own input and permissions', () => {
    for (const [name, action] of Object.entries(caseActions)) {
      const op = document.paths[`/api/cases/{id}/actions/${name}`]?.post;
      expect(op, name).toBeDefined();
      expect(op?.['x-any-permission']).toEqual(action.permissions);
      expect(op?.requestBody?.content['application/json']?.schema).toEqual(
        (({ $schema: _ignored, ...rest }) => rest)(
          z.toJSONSchema(action.schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
        ),
      );
    }
    const dispatch = document.paths['/api/cases/{id}/actions/dispatch']?.post;
    expect(dispatch?.summary).toMatch(/Dispatch/);
    expect(dispatch?.parameters?.map((p) => `${p.in}:${p.name}`)).toContain('path:id');
  });

  it('names query parameters with their constraints and marks public, citizen and staff routes apart', () => {
    const search = document.paths['/api/cases/search']?.get;
    expect(search?.parameters?.map((p) => p.name)).toEqual(expect.arrayContaining(['q', 'phone', 'cursor']));
    expect(document.paths['/api/auth/login']?.post?.['x-access']).toBe('public');
    expect(document.paths['/api/users/{id}/roles']?.put?.['x-permissions']).toEqual(['user.assign_roles']);
    expect(Object.keys(document.paths['/api/users']?.post?.responses ?? {})).toEqual(
      expect.arrayContaining(['201', '400', '401', '403']),
    );
  });

  it('serves a browsable page with its scripts', async () => {
    const page = await env.app.inject({ url: '/api/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('/api/docs/assets/swagger-ui-bundle.js');
    const bundle = await env.app.inject({ url: '/api/docs/assets/swagger-ui-bundle.js' });
    expect(bundle.statusCode).toBe(200);
    expect(bundle.body.length).toBeGreaterThan(100_000);
    const init = await env.app.inject({ url: '/api/docs/assets/docs-init.js' });
    expect(init.body).toContain('/api/openapi.json');
    expect((await env.app.inject({ url: '/api/docs/assets/..%2Fpackage.json' })).statusCode).toBe(404);
  });
});
