import { ApiError, createHttpClient, parseAnswer, type Locale } from '@citydesk/shared';

export { ApiError, type ClientErrorCode, type RequestOptions } from '@citydesk/shared';

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

/** The portal's client: the citizen's (or grid worker's) session cookie. */
export const http = createHttpClient({
  locale: () => acceptLanguage,
  onUnauthorised: (path, code) => {
    for (const listener of unauthorisedListeners) listener(path, code);
  },
  // A wrong password or code is an answer to the sign-in, not a session that ended.
  signInPaths: ['/api/auth/login', '/api/public/sessions'],
});

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
      const { ok, data } = parseAnswer(xhr.responseText);
      if (xhr.status < 200 || xhr.status >= 300) {
        reject(http.failure(xhr.status, path, data));
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
