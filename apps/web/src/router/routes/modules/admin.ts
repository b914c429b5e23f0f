import type { RouteRecordRaw } from 'vue-router';

/**
 * The administration pages. Each asks for the permission the server requires for its main
 * call; buttons inside a page are shown by finer permissions (e.g. role assignment).
 */
export const routes: RouteRecordRaw[] = [
  {
    path: '/admin/units',
    name: 'admin-units',
    component: () => import('../../../views/admin/UnitsView.vue'),
    meta: {
      permissions: ['unit.manage'],
      title: 'admin.units.title',
      menu: { group: 'admin', title: 'admin.units.title', order: 10, icon: 'OfficeBuilding' },
    },
  },
  {
    path: '/admin/users',
    name: 'admin-users',
    component: () => import('../../../views/admin/UsersView.vue'),
    meta: {
      // The staff page is the administrators' (supervisors and leaders may read users through the
      // API to pick people, but do not manage accounts).
      permissions: ['user.manage', 'user.assign_roles', 'user.unlock'],
      title: 'admin.users.title',
      menu: { group: 'admin', title: 'admin.users.title', order: 20, icon: 'User' },
    },
  },
  {
    path: '/admin/catalogue',
    name: 'admin-catalogue',
    component: () => import('../../../views/admin/CatalogueView.vue'),
    meta: {
      permissions: ['catalogue.manage'],
      title: 'admin.catalogue.title',
      menu: { group: 'admin', title: 'admin.catalogue.title', order: 30, icon: 'Collection' },
    },
  },
  {
    path: '/admin/calendar',
    name: 'admin-calendar',
    component: () => import('../../../views/admin/CalendarView.vue'),
    meta: {
      permissions: ['calendar.manage'],
      title: 'admin.calendar.title',
      menu: { group: 'admin', title: 'admin.calendar.title', order: 40, icon: 'Calendar' },
    },
  },
  {
    path: '/admin/settings',
    name: 'admin-settings',
    component: () => import('../../../views/admin/WorkflowSettingsView.vue'),
    meta: {
      permissions: ['settings.manage'],
      title: 'admin.settings.title',
      menu: { group: 'admin', title: 'admin.settings.title', order: 50, icon: 'Setting' },
    },
  },
  {
    path: '/admin/templates',
    name: 'admin-templates',
    component: () => import('../../../views/admin/TemplatesView.vue'),
    meta: {
      permissions: ['notification.manage'],
      title: 'admin.templates.title',
      menu: { group: 'admin', title: 'admin.templates.title', order: 60, icon: 'ChatLineSquare' },
    },
  },
  {
    path: '/admin/outbox',
    name: 'admin-outbox',
    component: () => import('../../../views/admin/OutboxView.vue'),
    meta: {
      permissions: ['notification.manage'],
      title: 'admin.outbox.title',
      menu: { group: 'admin', title: 'admin.outbox.title', order: 70, icon: 'Message' },
    },
  },
  {
    path: '/admin/integration',
    name: 'admin-integration',
    component: () => import('../../../views/admin/integration/IntegrationView.vue'),
    meta: {
      permissions: ['integration.manage'],
      title: 'integration.title',
      menu: { group: 'admin', title: 'integration.title', order: 75, icon: 'Connection' },
    },
  },
  {
    // No menu entry of its own: the side menu keeps 系统对接 lit under /admin/integration/….
    path: '/admin/integration/clients/:id',
    name: 'admin-integration-client',
    component: () => import('../../../views/admin/integration/ClientDetailView.vue'),
    meta: { permissions: ['integration.manage'], title: 'integration.title' },
  },
  {
    path: '/admin/citizen-groups',
    name: 'admin-citizen-groups',
    component: () => import('../../../views/admin/CitizenGroupsView.vue'),
    meta: {
      permissions: ['citizen_group.manage'],
      title: 'citizenGroups.title',
      menu: { group: 'admin', title: 'citizenGroups.title', order: 72, icon: 'Medal' },
    },
  },
  {
    path: '/admin/audit',
    name: 'admin-audit',
    component: () => import('../../../views/admin/AuditView.vue'),
    meta: {
      permissions: ['audit.read'],
      title: 'admin.audit.title',
      menu: { group: 'admin', title: 'admin.audit.title', order: 80, icon: 'Tickets' },
    },
  },
];
