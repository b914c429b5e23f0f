/**
 * JSON in sessionStorage: what a citizen typed survives a reload, a detour to another page or
 * an error, and is gone when the tab is closed (a shared phone keeps nothing). Storage may be
 * blocked (private mode in some in-app browsers): then nothing is kept, and nothing breaks.
 */
export function readSession<T>(key: string): T | null {
  try {
    const text = window.sessionStorage.getItem(key);
    return text === null ? null : (JSON.parse(text) as T);
  } catch {
    return null;
  }
}

export function writeSession(key: string, value: unknown): void {
  try {
    window.sessionStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Full or blocked: the draft lives only in memory.
  }
}

export function removeSession(key: string): void {
  try {
    window.sessionStorage.removeItem(key);
  } catch {
    // Blocked storage: nothing to remove.
  }
}

/** The same in localStorage, for what must outlive the tab (the grid worker's cached grids). */
export function readLocal<T>(key: string): T | null {
  try {
    const text = window.localStorage.getItem(key);
    return text === null ? null : (JSON.parse(text) as T);
  } catch {
    return null;
  }
}

export function writeLocal(key: string, value: unknown): void {
  try {
    window.localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Not kept; the app asks the server again next time.
  }
}

export function removeLocal(key: string): void {
  try {
    window.localStorage.removeItem(key);
  } catch {
    // Blocked storage.
  }
}
