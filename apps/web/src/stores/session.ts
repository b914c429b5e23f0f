import { isRole, permissionsOf, type Permission } from '@citydesk/shared';
import { computed, shallowRef } from 'vue';
import type { CurrentUser } from '../api/auth';

/** The signed-in user, shared by the layout, the router guard and the pages. */
const current = shallowRef<CurrentUser | null>(null);

const granted = computed(() => permissionsOf((current.value?.roles ?? []).filter(isRole)));

/** The session as the console sees it. The server enforces every permission; this only hides what a user cannot do. */
export function useSession() {
  return {
    user: current,
    permissions: granted,
    /** Whether the user holds at least one of the permissions (none listed: any signed-in user). */
    can: (...wanted: Permission[]): boolean => wanted.length === 0 || wanted.some((p) => granted.value.has(p)),
  };
}

export function setSessionUser(user: CurrentUser | null): void {
  current.value = user;
}
