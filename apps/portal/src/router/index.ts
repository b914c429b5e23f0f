import { closeToast } from 'vant';
import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router';
import { ensureGridSession } from '../composables/use-grid-session';
import { readSession, writeSession } from '../lib/session-storage';
import HomeView from '../views/HomeView.vue';

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title (the browser tab and the header). */
    title?: string;
    /** Grid-worker pages: a signed-in grid worker (or the one remembered on this device, offline). */
    gridWorker?: boolean;
  }
}

/**
 * Hash history: the server serves one index.html under /portal/, WeChat's in-app browser keeps
 * hash links intact, and the tracking link the server sends is `/portal/#/track/<token>`.
 * Only the home page is in the first bundle; every other page loads when it is opened.
 */
const routes: RouteRecordRaw[] = [
  { path: '/', name: 'home', component: HomeView },
  {
    path: '/report',
    name: 'report',
    component: () => import('../views/ReportView.vue'),
    meta: { title: 'report.title' },
  },
  {
    path: '/report/done',
    name: 'report-done',
    component: () => import('../views/ReportDoneView.vue'),
    meta: { title: 'done.title' },
  },
  { path: '/track', name: 'track', component: () => import('../views/TrackView.vue'), meta: { title: 'track.title' } },
  {
    path: '/track/:token',
    name: 'track-token',
    component: () => import('../views/TrackTokenView.vue'),
    meta: { title: 'progress.title' },
  },
  {
    path: '/cases',
    name: 'my-cases',
    component: () => import('../views/MyCasesView.vue'),
    meta: { title: 'myCases.title' },
  },
  {
    path: '/cases/:number',
    name: 'my-case',
    component: () => import('../views/MyCaseView.vue'),
    meta: { title: 'progress.title' },
  },
  {
    path: '/mailbox',
    name: 'mailbox',
    component: () => import('../views/MailboxView.vue'),
    meta: { title: 'mailbox.title' },
  },
  { path: '/group', name: 'group', component: () => import('../views/GroupView.vue'), meta: { title: 'group.title' } },
  { path: '/faq', name: 'faq', component: () => import('../views/FaqView.vue'), meta: { title: 'faq.title' } },
  {
    path: '/privacy',
    name: 'privacy',
    component: () => import('../views/PrivacyView.vue'),
    meta: { title: 'privacy.title' },
  },
  {
    path: '/grid/login',
    name: 'grid-login',
    component: () => import('../views/grid/GridLoginView.vue'),
    meta: { title: 'grid.login.title' },
  },
  {
    path: '/grid',
    name: 'grid-home',
    component: () => import('../views/grid/GridHomeView.vue'),
    meta: { title: 'grid.home.title', gridWorker: true },
  },
  {
    path: '/grid/report',
    name: 'grid-report',
    component: () => import('../views/grid/PatrolReportView.vue'),
    meta: { title: 'grid.report.title', gridWorker: true },
  },
  {
    path: '/grid/outbox',
    name: 'grid-outbox',
    component: () => import('../views/grid/OutboxView.vue'),
    meta: { title: 'grid.outbox.title', gridWorker: true },
  },
  {
    path: '/grid/reports',
    name: 'grid-reports',
    component: () => import('../views/grid/MyReportsView.vue'),
    meta: { title: 'grid.reports.title', gridWorker: true },
  },
  {
    path: '/grid/tasks/:id',
    name: 'grid-task',
    component: () => import('../views/grid/TaskView.vue'),
    meta: { title: 'grid.task.title', gridWorker: true },
  },
  { path: '/:rest(.*)*', redirect: '/' },
];

export const router = createRouter({
  history: createWebHashHistory(),
  routes,
  scrollBehavior: (_to, _from, saved) => saved ?? { top: 0 },
});

// Citizens never see staff screens: grid pages need a grid worker, checked with the server
// (or, without a network, the worker remembered on this device so the outbox stays usable).
router.beforeEach(async (to) => {
  if (!to.meta.gridWorker) return true;
  const state = await ensureGridSession();
  if (state === 'none') return { name: 'grid-login', query: { redirect: to.fullPath } };
  return true;
});

// A message belongs to the page it was shown on ("code sent" must not follow to the next page).
router.afterEach((to, from) => {
  if (to.path !== from.path) closeToast(true);
});

// A page's code that cannot be loaded (a new version was deployed meanwhile): load the app again, once.
router.onError((error: unknown, to) => {
  const message = error instanceof Error ? error.message : '';
  if (!/dynamically imported module|Importing a module script failed|Failed to fetch/i.test(message)) return;
  const key = 'citydesk.portal.reloaded';
  if (readSession<string>(key) === to.fullPath) return;
  writeSession(key, to.fullPath);
  window.location.hash = to.fullPath;
  window.location.reload();
});
