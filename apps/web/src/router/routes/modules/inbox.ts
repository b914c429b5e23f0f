import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  {
    path: '/inbox',
    name: 'inbox',
    component: () => import('../../../views/inbox/InboxView.vue'),
    meta: {
      permissions: ['case.handle'],
      title: 'inbox.title',
      menu: { group: 'work', title: 'inbox.title', order: 30, icon: 'Tickets' },
    },
  },
];
