/**
 * Staff roles and the permissions each grants. The server checks permission codes on every
 * route; the front ends use the same table only to hide what a user cannot do.
 */
export const roles = [
  'operator',
  'dispatcher',
  'handler',
  'supervisor',
  'leader',
  'grid_worker',
  'system_admin',
  'security_admin',
  'audit_admin',
] as const;

export type Role = (typeof roles)[number];

/** 等保 three-administrator separation: no account may hold two of these. */
export const adminRoles = ['system_admin', 'security_admin', 'audit_admin'] as const satisfies readonly Role[];

export const permissions = [
  'unit.read',
  'unit.manage',
  'user.read',
  'user.manage',
  'user.assign_roles',
  'user.unlock',
  'catalogue.read',
  'catalogue.manage',
  'calendar.read',
  'calendar.manage',
  'audit.read',
  'audit.verify',
  'system.status',
  // Cases
  'case.create',
  'case.read',
  'case.lookup_phone',
  'case.reveal_pii',
  'case.classify',
  'case.dispatch',
  'case.handle',
  'case.reply',
  'case.note',
  'case.verify',
  'case.visit',
  'case.close',
  'case.redo',
  'case.void',
  'case.merge',
  'case.tag',
  'case.approve_extension',
  'case.leader_assign',
  'case.supervise',
  'notification.manage',
  'settings.manage',
  'board.view',
  'citizen_group.manage',
  'integration.manage',
] as const;

export type Permission = (typeof permissions)[number];

const staffBase: Permission[] = ['unit.read', 'catalogue.read', 'calendar.read', 'case.read', 'case.note', 'case.tag'];

export const rolePermissions: Record<Role, readonly Permission[]> = {
  operator: [...staffBase, 'case.create', 'case.lookup_phone', 'case.reveal_pii', 'case.visit', 'case.reply'],
  dispatcher: [
    ...staffBase,
    'case.create',
    'case.lookup_phone',
    'case.classify',
    'case.dispatch',
    'case.reply',
    'case.close',
    'case.redo',
    'case.merge',
    'case.approve_extension',
    'board.view',
  ],
  handler: [...staffBase, 'case.handle', 'case.reply'],
  supervisor: [
    ...staffBase,
    'user.read',
    'case.lookup_phone',
    'case.reveal_pii',
    'case.visit',
    'case.close',
    'case.redo',
    'case.void',
    'case.merge',
    'case.approve_extension',
    'case.supervise',
    'board.view',
  ],
  leader: [...staffBase, 'user.read', 'case.leader_assign', 'case.supervise', 'board.view'],
  grid_worker: [...staffBase, 'case.create', 'case.verify', 'case.handle'],
  system_admin: [
    'unit.read',
    'catalogue.read',
    'calendar.read',
    'unit.manage',
    'user.read',
    'user.manage',
    'catalogue.manage',
    'calendar.manage',
    'system.status',
    'notification.manage',
    'settings.manage',
    'citizen_group.manage',
    'integration.manage',
  ],
  security_admin: ['unit.read', 'user.read', 'user.assign_roles', 'user.unlock', 'system.status'],
  audit_admin: ['unit.read', 'user.read', 'audit.read', 'audit.verify'],
};

/** The union of the permissions granted by a set of roles. */
export function permissionsOf(held: readonly Role[]): Set<Permission> {
  const result = new Set<Permission>();
  for (const role of held) for (const p of rolePermissions[role]) result.add(p);
  return result;
}

/** The administrator roles in a role list; more than one breaks the separation rule. */
export function adminRolesIn(held: readonly Role[]): Role[] {
  return held.filter((r) => (adminRoles as readonly Role[]).includes(r));
}

export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}
