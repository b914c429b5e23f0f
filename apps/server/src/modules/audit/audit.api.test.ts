import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestEnv, signInAs, type TestEnv } from '../../../test/support/app.js';
import { describeEachDatabase } from '../../../test/support/databases.js';

describeEachDatabase('the audit API', (dialect) => {
  let env: TestEnv;
  beforeAll(async () => {
    env = await createTestEnv(dialect);
  });
  afterAll(async () => env.close());

  it('shows the log only to the audit administrator, newest first, filterable', async () => {
    const sys = await signInAs(env.app, 'sysadmin');
    const audit = await signInAs(env.app, 'auditadmin');
    expect((await env.app.inject({ url: '/api/audit/events', headers: { cookie: sys } })).statusCode).toBe(403);
    const page = await env.app.inject({ url: '/api/audit/events?limit=5', headers: { cookie: audit } });
    const body = page.json<{ items: { seq: number; action: string; actorName: string }[]; total: number }>();
    expect(body.items).toHaveLength(5);
    expect(body.items[0]?.seq).toBeGreaterThan(body.items[4]?.seq ?? 0);
    expect(body.items[0]).toMatchObject({ action: 'session.created', actorName: 'auditadmin' });
    const logins = await env.app.inject({
      url: '/api/audit/events?action=session.created',
      headers: { cookie: audit },
    });
    expect(logins.json<{ total: number }>().total).toBe(2);
  });

  it('verifies the chain and records that it did', async () => {
    const audit = await signInAs(env.app, 'auditadmin');
    const result = await env.app.inject({ method: 'POST', url: '/api/audit/verify', headers: { cookie: audit } });
    expect(result.json()).toMatchObject({ ok: true, firstBroken: null });
    const verified = await env.app.inject({
      url: '/api/audit/events?action=audit.verified',
      headers: { cookie: audit },
    });
    expect(verified.json<{ total: number }>().total).toBe(1);
  });
});
