import type { CreateUserInput, Role, UpdateUserInput, UserView } from '@citydesk/shared';
import { http } from './http';

export type { UserView };

export interface UserQuery {
  q?: string;
  role?: Role;
  unitId?: string;
  limit: number;
  offset: number;
}

/** Staff accounts: read (`user.read`), create and edit (`user.manage`), roles (`user.assign_roles`), unlock (`user.unlock`). */
export const usersApi = {
  list: (query: UserQuery, signal?: AbortSignal) =>
    http.get<{ items: UserView[]; total: number }>('/api/users', {
      query: { ...query },
      ...(signal ? { signal } : {}),
    }),
  get: (id: string) => http.get<UserView>(`/api/users/${encodeURIComponent(id)}`),
  create: (input: CreateUserInput) => http.post<UserView>('/api/users', input),
  update: (id: string, patch: UpdateUserInput) => http.patch<UserView>(`/api/users/${encodeURIComponent(id)}`, patch),
  /** Replaces the roles; the server refuses two administrator roles on one account and changes to one's own. */
  setRoles: (id: string, roles: Role[], reason?: string) =>
    http.put<UserView>(`/api/users/${encodeURIComponent(id)}/roles`, { roles, ...(reason ? { reason } : {}) }),
  unlock: (id: string) => http.post<UserView>(`/api/users/${encodeURIComponent(id)}/unlock`),
  resetPassword: (id: string, password: string) =>
    http.post<unknown>(`/api/users/${encodeURIComponent(id)}/password`, { password }),
};
