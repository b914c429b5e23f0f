import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
// The API server the dev server proxies to (CITYDESK_API lets several run side by side).
const server = process.env['CITYDESK_API'] ?? 'http://127.0.0.1:8080';

// The staff console is served by the server at "/"; in development Vite proxies the API to it.
export default defineConfig({
  root,
  base: '/',
  plugins: [vue()],
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: false,
  },
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // Element Plus is imported whole on purpose for now; splitting comes with the real pages.
    chunkSizeWarningLimit: 1500,
  },
  server: {
    host: '127.0.0.1',
    port: Number(process.env['VITE_PORT'] ?? 5173),
    strictPort: true,
    proxy: {
      '/api': { target: server, changeOrigin: false },
      '/healthz': { target: server },
      '/readyz': { target: server },
    },
  },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
});
