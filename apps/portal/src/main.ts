import 'vant/lib/index.css';
import { createApp } from 'vue';
import App from './App.vue';
import { onUnauthorised } from './api/http';
import { clearGridSession, useGridSession } from './composables/use-grid-session';
import { startOutbox } from './composables/use-outbox';
import { i18n } from './i18n';
import { router } from './router';
import { registerServiceWorker } from './service-worker/register';
import './styles.css';

// Vant components are imported where they are used (not installed whole), so the home page's
// bundle carries only what it shows; i18n.ts switches Vant's locale with the UI language.
createApp(App).use(i18n).use(router).mount('#app');

// A staff call answered 401 on a grid page: the worker signs in again; what waits in the
// outbox stays on the device and is sent after the sign-in.
onUnauthorised((path) => {
  if (path.startsWith('/api/public/')) return;
  const current = router.currentRoute.value;
  if (!current.meta.gridWorker) return;
  clearGridSession();
  void router.replace({ name: 'grid-login', query: { redirect: current.fullPath } });
});

// The worker remembered on this device: their waiting reports go out as soon as there is a
// network, whichever page the app was opened on.
const grid = useGridSession();
if (grid.user) startOutbox(grid.user.username);

registerServiceWorker();
