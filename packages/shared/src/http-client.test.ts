import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, createHttpClient, withQuery } from './http-client.js';

type Answer = { status: number; body: string } | Error;

/** Answers every fetch with the next canned answer and keeps what was asked. */
function fakeFetch(...answers: Answer[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const answer = answers.shift();
    if (!answer) throw new Error('no answer left');
    if (answer instanceof Error) throw answer;
    return new Response(answer.body === '' ? null : answer.body, {
      status: answer.status,
      headers: { date: 'Thu, 03 Dec 2026 10:00:00 GMT' },
    });
  });
  return calls;
}

afterEach(() => vi.unstubAllGlobals());

describe('the front ends’ API client', () => {
  it('sends JSON with the UI language and reads JSON back', async () => {
    const calls = fakeFetch({ status: 200, body: '{"ok":true}' });
    const client = createHttpClient({ locale: () => 'en-US' });
    await expect(client.post('/api/x', { a: 1 }, { query: { q: '路灯', empty: undefined } })).resolves.toEqual({
      ok: true,
    });
    const headers = calls[0]?.init.headers as Record<string, string>;
    expect(calls[0]?.url).toBe(`/api/x?q=${encodeURIComponent('路灯')}`);
    expect(headers['Accept-Language']).toBe('en-US');
    expect(headers['Content-Type']).toBe('application/json');
    expect(calls[0]?.init.body).toBe('{"a":1}');
  });

  it('turns the error envelope into an ApiError with the server’s code, message and details', async () => {
    fakeFetch({
      status: 400,
      body: '{"error":{"code":"VALIDATION_FAILED","message":"请求内容有误","details":{"fields":[]}}}',
    });
    const error = await createHttpClient({ locale: () => 'zh-CN' })
      .get('/api/y')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
      message: '请求内容有误',
      details: { fields: [] },
    });
    expect((error as ApiError).hasServerMessage).toBe(true);
  });

  it('tells of an ended session on 401, but not for a wrong password at sign-in', async () => {
    const envelope = '{"error":{"code":"SESSION_EXPIRED","message":"登录已过期"}}';
    fakeFetch({ status: 401, body: envelope }, { status: 401, body: envelope });
    const ended: string[] = [];
    const client = createHttpClient({
      locale: () => 'zh-CN',
      onUnauthorised: (path, code) => ended.push(`${path} ${code}`),
      signInPaths: ['/api/auth/login'],
    });
    await client.post('/api/auth/login', {}).catch(() => undefined);
    await client.get('/api/cases/inbox').catch(() => undefined);
    expect(ended).toEqual(['/api/cases/inbox SESSION_EXPIRED']);
  });

  it('says NETWORK_ERROR when nothing came back, lets the caller’s own abort through, and BAD_RESPONSE for non-JSON', async () => {
    fakeFetch(new TypeError('Failed to fetch'), new DOMException('aborted', 'AbortError'), {
      status: 200,
      body: '<html>proxy page</html>',
    });
    const client = createHttpClient({ locale: () => 'zh-CN' });
    await expect(client.get('/api/a')).rejects.toMatchObject({ code: 'NETWORK_ERROR', isNetwork: true });
    const controller = new AbortController();
    controller.abort();
    await expect(client.get('/api/b', { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    await expect(client.get('/api/c')).rejects.toMatchObject({ code: 'BAD_RESPONSE', hasServerMessage: false });
  });

  it('passes the answer to the hook that reads the server clock', async () => {
    fakeFetch({ status: 204, body: '' });
    const seen: (string | null)[] = [];
    const client = createHttpClient({ locale: () => 'zh-CN', onAnswer: (r) => seen.push(r.headers.get('date')) });
    await expect(client.delete('/api/z')).resolves.toBeUndefined();
    expect(seen).toEqual(['Thu, 03 Dec 2026 10:00:00 GMT']);
  });

  it('appends only defined query values, after any already in the path', () => {
    expect(withQuery('/api/s?tab=all', { cursor: 'c1', limit: 50, q: null })).toBe('/api/s?tab=all&cursor=c1&limit=50');
    expect(withQuery('/api/s', {})).toBe('/api/s');
  });
});
