import { createHttpClient, withQuery, type Locale, type RequestOptions } from '@citydesk/shared';

export { ApiError, type ClientErrorCode, type RequestOptions } from '@citydesk/shared';

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

/** Called when an API call is answered 401 (other than the sign-in calls themselves). */
export function onSessionLost(listener: (code: string) => void): void {
  sessionLost = listener;
}

/** Sets the Accept-Language sent with every call; the server localises its messages by it. */
export function setApiLocale(locale: Locale): void {
  acceptLanguage = locale;
}

/** The console's client: the staff session cookie, the server's clock noted from every answer. */
export const http = createHttpClient({
  locale: () => acceptLanguage,
  onAnswer: noteServerDate,
  onUnauthorised: (_path, code) => sessionLost?.(code),
  signInPaths: ['/api/auth/'],
});

/** Uploads a file as the raw request body (the server detects its type from the bytes). */
export function upload<T>(path: string, file: Blob, options: Omit<RequestOptions, 'body' | 'raw'> = {}): Promise<T> {
  return http.request<T>('POST', path, { timeoutMs: 120_000, ...options, raw: file });
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
    throw http.networkFailure(cause, options.signal);
  }
  if (!response.ok) {
    let data: unknown = undefined;
    try {
      data = JSON.parse(await response.text());
    } catch {
      // not an error envelope
    }
    throw http.failure(response.status, path, data);
  }
  try {
    return { blob: await response.blob(), headers: response.headers };
  } catch (cause) {
    throw http.networkFailure(cause, options.signal);
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
