import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  {
    path: '/dispatch',
    name: 'dispatch',
    component: () => import('../../../views/dispatch/DispatchDeskView.vue'),
    meta: {
      permissions: ['case.dispatch'],
      title: 'dispatch.title',
      menu: { group: 'work', title: 'dispatch.title', order: 20, icon: 'Share' },
    },
  },
];
