import type { LoginInput } from '@citydesk/shared';
import { http } from './http';

export interface CurrentUnit {
  id: string | null;
  code: string | null;
  name: string;
  nameEn: string | null;
}

/** The signed-in staff member as the console shows it. */
export interface CurrentUser {
  id: string;
  username: string;
  displayName: string;
  unit: CurrentUnit | null;
  /** Role codes; unknown codes are kept and shown as they are. */
  roles: string[];
}

type Loose = Record<string, unknown>;

function isObject(value: unknown): value is Loose {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function readUnit(user: Loose): CurrentUnit | null {
  const unit = user['unit'];
  if (isObject(unit) && text(unit['name'])) {
    return {
      id: text(unit['id']),
      code: text(unit['code']),
      name: text(unit['name']) ?? '',
      nameEn: text(unit['nameEn']),
    };
  }
  const name = text(user['unitName']);
  if (!name) return null;
  return { id: text(user['unitId']), code: text(user['unitCode']), name, nameEn: text(user['unitNameEn']) };
}

/** Reads `/api/auth/me`: `{ user: {...} }` or the user itself; the unit nested or flattened. */
export function toCurrentUser(body: unknown): CurrentUser {
  const user = isObject(body) && isObject(body['user']) ? body['user'] : body;
  if (!isObject(user)) throw new TypeError('unexpected /api/auth/me body');
  const username = text(user['username']) ?? '';
  const roles = Array.isArray(user['roles']) ? user['roles'].filter((r): r is string => typeof r === 'string') : [];
  return {
    id: text(user['id']) ?? username,
    username,
    displayName: text(user['displayName']) ?? username,
    unit: readUnit(user),
    roles,
  };
}

/** The current session's user; throws ApiError 401 (UNAUTHENTICATED or SESSION_EXPIRED) without one. */
export async function fetchCurrentUser(): Promise<CurrentUser> {
  return toCurrentUser(await http.get<unknown>('/api/auth/me'));
}

/** Signs in (the server sets the session cookie), then reads the user back. */
export async function signIn(input: LoginInput): Promise<CurrentUser> {
  await http.post<unknown>('/api/auth/login', input);
  return fetchCurrentUser();
}

/** Ends the session on the server. */
export async function signOut(): Promise<void> {
  await http.post<unknown>('/api/auth/logout');
}
