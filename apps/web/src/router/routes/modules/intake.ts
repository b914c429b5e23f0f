import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  {
    path: '/intake',
    name: 'intake',
    component: () => import('../../../views/intake/IntakeView.vue'),
    meta: {
      permissions: ['case.create'],
      title: 'intake.title',
      menu: { group: 'work', title: 'intake.title', order: 10, icon: 'Phone' },
    },
  },
];
