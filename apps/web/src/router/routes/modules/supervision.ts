import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  {
    path: '/supervision',
    name: 'supervision',
    component: () => import('../../../views/supervision/SupervisionView.vue'),
    meta: {
      permissions: ['case.supervise', 'case.visit'],
      title: 'supervision.title',
      menu: { group: 'work', title: 'supervision.title', order: 40, icon: 'Bell' },
    },
  },
];
