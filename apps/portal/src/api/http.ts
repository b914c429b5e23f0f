import type { Locale } from '@citydesk/shared';

/** Codes the client itself raises when no error envelope could be read. */
export type ClientErrorCode = 'NETWORK_ERROR' | 'BAD_RESPONSE' | 'ABORTED';

/**
 * A failed API call. `code`, `message` and `details` come from the server's error envelope
 * (the message already in the UI language, by Accept-Language); when the server could not be
 * reached or sent no envelope, `code` is a client code and `message` is empty so the caller
 * shows its own localised text. Codes are plain strings: the server adds codes (the portal's
 * verification codes) that this build may not know yet.
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

  /** Whether the message is the server's own (already localised). */
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
  /** Sent as it is (a photo), instead of `body` as JSON. */
  raw?: Blob;
}

const defaultTimeoutMs = 20_000;
let acceptLanguage: Locale = 'zh-CN';
const unauthorisedListeners = new Set<(path: string, code: string) => void>();

/** Sets the Accept-Language sent with every call; the server localises its messages by it. */
export function setApiLocale(locale: Locale): void {
  acceptLanguage = locale;
}

/** Called with the path whenever a call is answered 401 (a staff or citizen session ended). */
export function onUnauthorised(listener: (path: string, code: string) => void): () => void {
  unauthorisedListeners.add(listener);
  return () => unauthorisedListeners.delete(listener);
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

function parseBody(text: string): { ok: boolean; data: unknown } {
  if (text === '') return { ok: true, data: undefined };
  try {
    return { ok: true, data: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, data: undefined };
  }
}

/** The ApiError for a non-2xx answer, telling the 401 listeners. */
function failure(status: number, path: string, data: unknown): ApiError {
  if (isErrorEnvelope(data)) {
    const { code, message, details } = data.error;
    if (status === 401 && !path.startsWith('/api/auth/login') && !path.startsWith('/api/public/sessions')) {
      for (const listener of unauthorisedListeners) listener(path, code);
    }
    return new ApiError(status, code, message, details ?? {});
  }
  return new ApiError(status, 'BAD_RESPONSE', '');
}

/** Calls the API with JSON in and out and the session cookies; throws ApiError on failure. */
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
    text = await response.text();
  } catch (cause) {
    // A caller's own abort is not a network failure: let it through unchanged.
    if (options.signal?.aborted) throw cause;
    throw new ApiError(0, 'NETWORK_ERROR', '');
  }
  const { ok, data } = parseBody(text);
  if (!response.ok) throw failure(response.status, path, data);
  if (!ok) throw new ApiError(response.status, 'BAD_RESPONSE', '');
  return data as T;
}

export const http = {
  get: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => request<T>('GET', path, options),
  post: <T>(path: string, body?: unknown, options?: Omit<RequestOptions, 'body'>) =>
    request<T>('POST', path, { ...options, body }),
  delete: <T>(path: string, options?: Omit<RequestOptions, 'body'>) => request<T>('DELETE', path, options),
};

export interface UploadOptions {
  headers?: Record<string, string>;
  /** Share of the bytes sent so far, 0…1. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
  timeoutMs?: number;
}

/**
 * Uploads a photo as the raw request body. XMLHttpRequest rather than fetch: fetch reports no
 * upload progress, and a citizen on a slow line should see each photo moving.
 */
export function uploadWithProgress<T>(path: string, file: Blob, options: UploadOptions = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.timeout = options.timeoutMs ?? 120_000;
    xhr.withCredentials = true;
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', acceptLanguage);
    xhr.setRequestHeader('Content-Type', file.type || 'application/octet-stream');
    for (const [name, value] of Object.entries(options.headers ?? {})) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) options.onProgress?.(event.loaded / event.total);
    };
    const networkError = () => reject(new ApiError(0, 'NETWORK_ERROR', ''));
    xhr.onerror = networkError;
    xhr.ontimeout = networkError;
    xhr.onabort = () => reject(new ApiError(0, 'ABORTED', ''));
    xhr.onload = () => {
      const { ok, data } = parseBody(xhr.responseText);
      if (xhr.status < 200 || xhr.status >= 300) {
        reject(failure(xhr.status, path, data));
        return;
      }
      if (!ok) {
        reject(new ApiError(xhr.status, 'BAD_RESPONSE', ''));
        return;
      }
      options.onProgress?.(1);
      resolve(data as T);
    };
    options.signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

/** A random key for Idempotency-Key and X-Upload-Key: 32 URL-safe characters from the browser's CSPRNG. */
export function randomKey(): string {
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
