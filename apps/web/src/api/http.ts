import type { ErrorCode, ErrorEnvelope, Locale } from '@citydesk/shared';

/** Codes the client itself raises when no error envelope could be read. */
export type ClientErrorCode = 'NETWORK_ERROR' | 'BAD_RESPONSE';

/**
 * A failed API call. `code`, `message` and `details` come from the server's error envelope;
 * when the server could not be reached or sent no envelope, `code` is a client code and
 * `message` is empty so the caller shows its own localised text.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: ErrorCode | ClientErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** Whether the message is the server's own (already localised by Accept-Language). */
  get hasServerMessage(): boolean {
    return this.code !== 'NETWORK_ERROR' && this.code !== 'BAD_RESPONSE' && this.message !== '';
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

const defaultTimeoutMs = 20_000;
let acceptLanguage: Locale = 'zh-CN';
let sessionLost: ((code: string) => void) | null = null;
let serverOffsetMs = 0;

/**
 * "Now" by the server's clock, from the Date header of its answers. Deadlines are the server's;
 * a staff PC whose clock is off (common on office networks) would otherwise count down wrongly.
 */
export function serverNow(): number {
  return Date.now() + serverOffsetMs;
}

function noteServerDate(response: Response): void {
  const header = response.headers.get('date');
  const server = header ? Date.parse(header) : Number.NaN;
  // The header has whole seconds: ignore differences a second could explain.
  if (!Number.isNaN(server)) serverOffsetMs = Math.abs(server - Date.now()) > 2000 ? server - Date.now() : 0;
}

/** Called when an API call is answered 401 (other than the sign-in call itself). */
export function onSessionLost(listener: (code: string) => void): void {
  sessionLost = listener;
}

/** Sets the Accept-Language sent with every call; the server localises its messages by it. */
export function setApiLocale(locale: Locale): void {
  acceptLanguage = locale;
}

function isErrorEnvelope(value: unknown): value is ErrorEnvelope {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = value.error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

function withQuery(path: string, query: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null) params.set(key, String(value));
  }
  const search = params.toString();
  if (!search) return path;
  return `${path}${path.includes('?') ? '&' : '?'}${search}`;
}

/** Calls the API with JSON in and out and the session cookie; throws ApiError on failure. */
export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': acceptLanguage,
    ...options.headers,
  };
  const init: RequestInit = {
    method,
    headers,
    credentials: 'same-origin',
    signal: options.signal ?? AbortSignal.timeout(options.timeoutMs ?? defaultTimeoutMs),
  };
  if (options.raw !== undefined) {
    headers['Content-Type'] = options.raw.type || 'application/octet-stream';
    init.body = options.raw;
  } else if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(options.body);
  }

  let response: Response;
  let text: string;
  try {
    response = await fetch(withQuery(path, options.query), init);
    noteServerDate(response);
    text = await response.text();
  } catch (cause) {
    // A caller's own abort is not a network failure: let it through unchanged.
    if (options.signal?.aborted) throw cause;
    throw new ApiError(0, 'NETWORK_ERROR', '');
  }

  let data: unknown = undefined;
  let parsed = text === '';
  if (text !== '') {
    try {
      data = JSON.parse(text);
      parsed = true;
    } catch {
      parsed = false;
    }
  }

  if (!response.ok) {
    if (isErrorEnvelope(data)) {
      const { code, message, details } = data.error;
      if (response.status === 401 && !path.startsWith('/api/auth/')) sessionLost?.(code);
      throw new ApiError(response.status, code, message, details ?? {});
    }
    throw new ApiError(response.status, 'BAD_RESPONSE', '');
  }
  if (!parsed) throw new ApiError(response.status, 'BAD_RESPONSE', '');
  return data as T;
}

export const http = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) =>
    request<T>('POST', path, { ...options, body }),
  put: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) =>
    request<T>('PUT', path, { ...options, body }),
  patch: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) =>
    request<T>('PATCH', path, { ...options, body }),
  delete: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => request<T>('DELETE', path, options),
};

/** Uploads a file as the raw request body (the server detects its type from the bytes). */
export function upload<T>(path: string, file: Blob, options: Omit<RequestOptions, 'body' | 'raw'> = {}): Promise<T> {
  return request<T>('POST', path, { timeoutMs: 120_000, ...options, raw: file });
}

/** A file the server sent (an export), with the answer's headers. */
export interface DownloadedFile {
  blob: Blob;
  headers: Headers;
}

/** Fetches a file with GET (session cookie, Accept-Language); failures throw ApiError like JSON calls. */
export async function download(
  path: string,
  options: Omit<RequestOptions, 'body' | 'raw'> = {},
): Promise<DownloadedFile> {
  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method: 'GET',
      headers: { 'Accept-Language': acceptLanguage, ...options.headers },
      credentials: 'same-origin',
      signal: options.signal ?? AbortSignal.timeout(options.timeoutMs ?? 120_000),
    });
  } catch (cause) {
    if (options.signal?.aborted) throw cause;
    throw new ApiError(0, 'NETWORK_ERROR', '');
  }
  if (!response.ok) {
    let data: unknown = undefined;
    try {
      data = JSON.parse(await response.text());
    } catch {
      // not an error envelope
    }
    if (isErrorEnvelope(data)) {
      const { code, message, details } = data.error;
      if (response.status === 401) sessionLost?.(code);
      throw new ApiError(response.status, code, message, details ?? {});
    }
    throw new ApiError(response.status, 'BAD_RESPONSE', '');
  }
  try {
    return { blob: await response.blob(), headers: response.headers };
  } catch (cause) {
    if (options.signal?.aborted) throw cause;
    throw new ApiError(0, 'NETWORK_ERROR', '');
  }
}

/** Hands a blob to the browser as a downloaded file. */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Give the browser a moment to start the download before the URL is released.
  window.setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
