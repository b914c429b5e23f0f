import type { RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  {
    path: '/board',
    name: 'board',
    component: () => import('../../../views/board/BoardView.vue'),
    meta: {
      permissions: ['board.view'],
      title: 'board.title',
      bare: true,
      menu: { group: 'command', title: 'board.title', order: 10, icon: 'Monitor' },
    },
  },
];
