import type { RouteRecordRaw } from 'vue-router';

/** The case page: opened from lists and links, not from the menu. */
export const routes: RouteRecordRaw[] = [
  {
    path: '/cases/:id',
    name: 'case-detail',
    component: () => import('../../../views/case/CaseDetailView.vue'),
    meta: {
      permissions: ['case.read'],
      title: 'caseDetail.title',
    },
  },
];
