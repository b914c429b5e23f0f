import { describe, expect, it } from 'vitest';
import { adminRolesIn, permissionsOf, rolePermissions, roles } from './roles.js';

describe('roles and permissions', () => {
  it('grant each administrator only their own domain', () => {
    expect(permissionsOf(['system_admin']).has('user.assign_roles')).toBe(false);
    expect(permissionsOf(['system_admin']).has('audit.read')).toBe(false);
    expect(permissionsOf(['security_admin']).has('user.assign_roles')).toBe(true);
    expect(permissionsOf(['security_admin']).has('user.manage')).toBe(false);
    expect(permissionsOf(['audit_admin']).has('audit.read')).toBe(true);
    expect(permissionsOf(['audit_admin']).has('catalogue.manage')).toBe(false);
  });

  it('let only the system administrator manage the special citizen groups', () => {
    const holders = roles.filter((role) => permissionsOf([role]).has('citizen_group.manage'));
    expect(holders).toEqual(['system_admin']);
  });

  it('let only the system administrator manage the integrations with other systems', () => {
    const holders = roles.filter((role) => permissionsOf([role]).has('integration.manage'));
    expect(holders).toEqual(['system_admin']);
  });

  it('names the administrator roles in a role list', () => {
    expect(adminRolesIn(['operator', 'system_admin', 'audit_admin'])).toEqual(['system_admin', 'audit_admin']);
    expect(adminRolesIn(['operator', 'leader'])).toEqual([]);
  });

  it('defines permissions for every role', () => {
    for (const role of roles) expect(rolePermissions[role].length).toBeGreaterThan(0);
  });
});
