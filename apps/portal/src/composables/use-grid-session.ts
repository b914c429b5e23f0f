import { reactive } from 'vue';
import { authApi, type StaffUser } from '../api/auth';
import { gridApi, type GridMe } from '../api/grid';
import { ApiError, onUnauthorised } from '../api/http';
import { readLocal, removeLocal, writeLocal } from '../lib/session-storage';

/**
 * The grid worker signed in to the app. The worker and their grids are remembered on the device
 * so that the app opens on patrol without a network (the outbox is useful exactly then); the
 * server's session cookie still decides what may be sent.
 */
interface GridSession {
  user: StaffUser | null;
  me: GridMe | null;
  /** The server could not be asked: what is shown comes from the device. */
  offline: boolean;
  /** The session was checked with the server (or found unreachable) in this page load. */
  checked: boolean;
}

const cacheKey = 'citydesk.portal.grid.session';
const state = reactive<GridSession>({ user: null, me: null, offline: false, checked: false });

const cached = readLocal<{ user: StaffUser; me: GridMe | null }>(cacheKey);
if (cached?.user) {
  state.user = cached.user;
  state.me = cached.me;
}

onUnauthorised((path) => {
  if (!path.startsWith('/api/public/') && state.user) {
    state.checked = false;
    state.offline = false;
  }
});

export const gridWorkerRole = 'grid_worker';

export function isGridWorker(user: StaffUser | null): boolean {
  return user?.roles.includes(gridWorkerRole) ?? false;
}

function remember(): void {
  if (state.user) writeLocal(cacheKey, { user: state.user, me: state.me });
  else removeLocal(cacheKey);
}

/**
 * Whether a grid worker may use the app now: 'ok' (checked with the server), 'offline' (no
 * network, the remembered worker), or 'none' (sign in). Asked once per page load.
 */
export async function ensureGridSession(): Promise<'ok' | 'offline' | 'none'> {
  if (state.checked) return state.user ? (state.offline ? 'offline' : 'ok') : 'none';
  try {
    const user = await authApi.me();
    if (!user || !isGridWorker(user)) {
      clearGridSession();
      state.checked = true;
      return 'none';
    }
    state.user = user;
    state.me = await gridApi.me();
    state.offline = false;
    state.checked = true;
    remember();
    return 'ok';
  } catch (error) {
    if (error instanceof ApiError && !error.isNetwork && error.status !== 0 && error.status < 500) throw error;
    // No network (or the server is down): the worker remembered on this device may keep working.
    state.offline = true;
    state.checked = true;
    return state.user ? 'offline' : 'none';
  }
}

export function setGridSession(user: StaffUser, me: GridMe): void {
  state.user = user;
  state.me = me;
  state.offline = false;
  state.checked = true;
  remember();
}

export function clearGridSession(): void {
  state.user = null;
  state.me = null;
  state.offline = false;
  remember();
}

export function useGridSession() {
  return state;
}
