/**
 * Registers the service worker that keeps the app shell (index.html and the built assets) on
 * the device, so /portal/ opens without a network — a grid worker on patrol, a citizen in a
 * basement. API calls are never answered from the cache. Only in built apps: Vite's
 * development server has no sw.js.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return;
  const base = import.meta.env.BASE_URL;
  const register = () => {
    navigator.serviceWorker.register(`${base}sw.js`, { scope: base }).catch(() => {
      // No service worker (some in-app browsers): the portal works online as before.
    });
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}
