import { adminRolesIn, type Role } from '@citydesk/shared';
import type { Actor } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';

/**
 * 等保 three-administrator separation: the system, security and audit administrator roles
 * are never held by one account.
 */
export function assertAdminSeparation(roles: readonly Role[]): void {
  const admins = adminRolesIn(roles);
  if (admins.length > 1) throw new AppError('ADMIN_ROLES_CONFLICT', { roles: admins });
}

/** Who may set whose roles: nobody their own (the CLI, acting as the system, may bootstrap). */
export function assertMayAssignRoles(actor: Actor, targetUserId: string): void {
  if (actor.id !== null && actor.id === targetUserId) throw new AppError('SELF_ROLE_CHANGE');
}
