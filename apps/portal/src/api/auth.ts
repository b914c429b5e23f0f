import { ApiError, http } from './http';

/** The signed-in staff member (a grid worker here) as `/api/auth/me` gives it. */
export interface StaffUser {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
}

type Loose = Record<string, unknown>;

const isObject = (value: unknown): value is Loose =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads `/api/auth/me`: `{ user: {...} }` or the user itself. */
function toStaffUser(body: unknown): StaffUser {
  const user = isObject(body) && isObject(body['user']) ? body['user'] : body;
  if (!isObject(user)) throw new ApiError(200, 'BAD_RESPONSE', '');
  const username = typeof user['username'] === 'string' ? user['username'] : '';
  return {
    id: typeof user['id'] === 'string' ? user['id'] : username,
    username,
    displayName: typeof user['displayName'] === 'string' ? user['displayName'] : username,
    roles: Array.isArray(user['roles']) ? user['roles'].filter((r): r is string => typeof r === 'string') : [],
  };
}

/** Staff sessions (`/api/auth/…`), used by the grid-worker app. */
export const authApi = {
  async me(): Promise<StaffUser | null> {
    try {
      return toStaffUser(await http.get<unknown>('/api/auth/me'));
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  },
  async signIn(username: string, password: string): Promise<StaffUser> {
    await http.post<unknown>('/api/auth/login', { username, password });
    const user = await authApi.me();
    if (!user) throw new ApiError(401, 'UNAUTHENTICATED', '');
    return user;
  },
  signOut: () => http.post<unknown>('/api/auth/logout'),
};
