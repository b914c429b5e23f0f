import type { Locale } from './errors.js';

/**
 * The front ends' API client: JSON in and out, the server's error envelope turned into ApiError,
 * Accept-Language on every call (the server localises its messages by it). Only standard fetch,
 * so the console and the portal share it; each adds what is its own (the server clock, session
 * handling, file downloads, upload progress).
 */

/** Codes the client itself raises when no error envelope could be read. */
export type ClientErrorCode = 'NETWORK_ERROR' | 'BAD_RESPONSE' | 'ABORTED';

/**
 * A failed API call. `code`, `message` and `details` come from the server's error envelope;
 * when the server could not be reached or sent no envelope, `code` is a client code and
 * `message` is empty so the caller shows its own localised text. Codes are plain strings: a
 * newer server may send codes this build does not know yet.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** The server could not be reached (no network, connection dropped, timeout). */
  get isNetwork(): boolean {
    return this.code === 'NETWORK_ERROR';
  }

  /** Whether the message is the server's own (already localised by Accept-Language). */
  get hasServerMessage(): boolean {
    return (
      this.code !== 'NETWORK_ERROR' && this.code !== 'BAD_RESPONSE' && this.code !== 'ABORTED' && this.message !== ''
    );
  }
}

export interface RequestOptions {
  /** Sent as JSON. */
  body?: unknown;
  query?: Record<string, string | number | boolean | null | undefined>;
  signal?: AbortSignal;
  /** Used only when no signal is given. */
  timeoutMs?: number;
  /** Extra headers (e.g. Idempotency-Key). */
  headers?: Record<string, string>;
  /** Sent as it is (a file), instead of `body` as JSON. */
  raw?: Blob;
}

interface Envelope {
  error: { code: string; message: string; details?: Record<string, unknown> };
}

function isErrorEnvelope(value: unknown): value is Envelope {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = value.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

/** A path with the defined query values appended. */
export function withQuery(path: string, query: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null) params.set(key, String(value));
  }
  const search = params.toString();
  if (!search) return path;
  return `${path}${path.includes('?') ? '&' : '?'}${search}`;
}

/** An answer's text as JSON: `ok` false when it is neither empty nor JSON. */
export function parseAnswer(text: string): { ok: boolean; data: unknown } {
  if (text === '') return { ok: true, data: undefined };
  try {
    return { ok: true, data: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, data: undefined };
  }
}

export interface HttpClientOptions {
  /** The UI language, sent as Accept-Language. */
  locale: () => Locale;
  /** Sees every answer that arrived (the console reads the server's clock from it). */
  onAnswer?: (response: Response) => void;
  /** A call was answered 401 with an envelope (a session ended). Not called for `signInPaths`. */
  onUnauthorised?: (path: string, code: string) => void;
  /** Paths whose 401 means "wrong credentials", not "session ended". */
  signInPaths?: readonly string[];
  defaultTimeoutMs?: number;
}

export interface HttpClient {
  request: <T>(method: string, path: string, options?: RequestOptions) => Promise<T>;
  get: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => Promise<T>;
  post: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) => Promise<T>;
  put: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) => Promise<T>;
  patch: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) => Promise<T>;
  delete: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => Promise<T>;
  /** The ApiError for a failed answer (telling `onUnauthorised` of a 401), for callers using other transports. */
  failure: (status: number, path: string, data: unknown) => ApiError;
  /** Turns a fetch failure into NETWORK_ERROR, letting the caller's own abort through. */
  networkFailure: (cause: unknown, signal: AbortSignal | undefined) => unknown;
}

/** An API client with its own language, session and answer hooks. */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const defaultTimeoutMs = options.defaultTimeoutMs ?? 20_000;
  const signInPaths = options.signInPaths ?? [];

  const failure = (status: number, path: string, data: unknown): ApiError => {
    if (isErrorEnvelope(data)) {
      const { code, message, details } = data.error;
      if (status === 401 && !signInPaths.some((p) => path.startsWith(p))) options.onUnauthorised?.(path, code);
      return new ApiError(status, code, message, details ?? {});
    }
    return new ApiError(status, 'BAD_RESPONSE', '');
  };

  const networkFailure = (cause: unknown, signal: AbortSignal | undefined): unknown =>
    // A caller's own abort is not a network failure: let it through unchanged.
    signal?.aborted ? cause : new ApiError(0, 'NETWORK_ERROR', '');

  async function request<T>(method: string, path: string, call: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'Accept-Language': options.locale(),
      ...call.headers,
    };
    const init: RequestInit = {
      method,
      headers,
      credentials: 'same-origin',
      signal: call.signal ?? AbortSignal.timeout(call.timeoutMs ?? defaultTimeoutMs),
    };
    if (call.raw !== undefined) {
      headers['Content-Type'] = call.raw.type || 'application/octet-stream';
      init.body = call.raw;
    } else if (call.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(call.body);
    }
    let response: Response;
    let text: string;
    try {
      response = await fetch(withQuery(path, call.query), init);
      options.onAnswer?.(response);
      text = await response.text();
    } catch (cause) {
      throw networkFailure(cause, call.signal);
    }
    const { ok, data } = parseAnswer(text);
    if (!response.ok) throw failure(response.status, path, data);
    if (!ok) throw new ApiError(response.status, 'BAD_RESPONSE', '');
    return data as T;
  }

  return {
    request,
    get: (path, o) => request('GET', path, o),
    post: (path, body, o) => request('POST', path, { ...o, body }),
    put: (path, body, o) => request('PUT', path, { ...o, body }),
    patch: (path, body, o) => request('PATCH', path, { ...o, body }),
    delete: (path, o) => request('DELETE', path, o),
    failure,
    networkFailure,
  };
}
