import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const base = '/portal/';
// The API server the dev server proxies to (CITYDESK_API lets several run side by side).
const server = process.env['CITYDESK_API'] ?? 'http://127.0.0.1:8080';

/**
 * Writes dist/sw.js from src/service-worker/sw-template.js with the list of every built file,
 * so the service worker can keep the whole app (lazy pages included) for offline use, and a
 * version derived from that list, so a new build replaces the old cache.
 */
function serviceWorker(): Plugin {
  const template = fileURLToPath(new URL('./src/service-worker/sw-template.js', import.meta.url));
  return {
    name: 'citydesk-portal-service-worker',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const files = Object.keys(bundle)
        .filter((file) => !file.endsWith('.map') && file !== 'index.html')
        .concat(['favicon.svg'])
        .sort();
      const version = createHash('sha256')
        .update(files.join('\n'))
        .update(readFileSync(template))
        .digest('hex')
        .slice(0, 16);
      const source = readFileSync(template, 'utf8')
        .replace("'__VERSION__'", JSON.stringify(version))
        .replace("'__BASE__'", JSON.stringify(base))
        .replace('const PRECACHE = __PRECACHE__;', `const PRECACHE = ${JSON.stringify(files)};`);
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

// The citizen portal is served by the server under "/portal/"; in development Vite proxies the API.
export default defineConfig({
  root,
  base,
  plugins: [vue(), serviceWorker()],
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: false,
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    rollupOptions: {
      // packages/shared's files have no side effects: the home page takes its labels without
      // pulling in the zod schemas of other files (they load with the forms that use them).
      treeshake: { moduleSideEffects: (id) => !/packages[\\/]shared[\\/]src[\\/]/.test(id) },
    },
    // The home page's budget is 150 KB of gzipped JavaScript; a larger chunk is a mistake.
    chunkSizeWarningLimit: 300,
  },
  server: {
    host: '127.0.0.1',
    port: Number(process.env['VITE_PORT'] ?? 5174),
    strictPort: true,
    proxy: {
      '/api': { target: server },
      '/healthz': { target: server },
      '/readyz': { target: server },
    },
  },
  preview: { host: '127.0.0.1', port: 4174, strictPort: true },
});
