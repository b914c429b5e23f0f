import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  {
    path: '/search',
    name: 'search',
    component: () => import('../../../views/search/SearchView.vue'),
    meta: {
      permissions: ['case.read'],
      title: 'search.title',
      menu: { group: 'cases', title: 'search.title', order: 10, icon: 'Search' },
    },
  },
];
