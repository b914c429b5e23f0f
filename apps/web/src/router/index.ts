import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { useSession } from '../stores/session';
import './types';

/**
 * Every page's route lives in `routes/modules/<area>.ts` (one file per area, each exporting
 * `routes`), with its permissions and menu entry as metadata; the side menu is built from them.
 */
const modules = import.meta.glob<{ routes: RouteRecordRaw[] }>('./routes/modules/*.ts', { eager: true });

export const pageRoutes: RouteRecordRaw[] = Object.values(modules).flatMap((m) => m.routes);

const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: () => import('../views/home/HomeView.vue'), meta: { title: 'shell.home' } },
  ...pageRoutes,
  {
    path: '/forbidden',
    name: 'forbidden',
    component: () => import('../views/home/ForbiddenView.vue'),
    meta: { title: 'shell.forbidden' },
  },
  { path: '/:rest(.*)*', name: 'not-found', component: () => import('../views/home/NotFoundView.vue') },
];

export const router = createRouter({
  history: createWebHistory('/'),
  routes,
  scrollBehavior: () => ({ top: 0 }),
});

// The server refuses what a user may not do; the guard only spares them a page of errors.
// Before sign-in App.vue shows the login form whatever the route; it re-runs this guard afterwards.
router.beforeEach((to) => {
  const { can, user } = useSession();
  if (!user.value) return true;
  const wanted = to.meta.permissions ?? [];
  if (!can(...wanted)) return { name: 'forbidden', query: { from: to.fullPath } };
  return true;
});
