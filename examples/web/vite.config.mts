/**
 * `npm run example:web`: the Vite dev server for the web example on http://localhost:5173, which proxies
 * /graphql to the gateway (`npm start`, http://localhost:4000; ARCHERA_GRAPHQL_URL to point elsewhere), HTTP
 * and the WebSocket of subscriptions alike, so the page and the API share an origin: no CORS. `vite build --config examples/web/vite.config.mts` writes
 * examples/web/dist/ (what test/browser/web.test.ts serves).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const web = fileURLToPath(new URL('.', import.meta.url));
const repo = fileURLToPath(new URL('../..', import.meta.url));

export default defineConfig({
  root: web,
  // Vite 8 compiles TSX with Oxc; React 19's automatic JSX runtime needs no plugin for a build.
  oxc: { jsx: { runtime: 'automatic' } },
  server: {
    port: Number(process.env.PORT_WEB ?? 5173),
    proxy: {
      '/graphql': {
        target: process.env.ARCHERA_GRAPHQL_URL ?? 'http://localhost:4000',
        changeOrigin: true,
        ws: true,
      },
    },
    // The page imports the client kit from clients/, outside this folder.
    fs: { allow: [repo] },
  },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1024 },
  logLevel: process.env.VITE_LOG_LEVEL === 'silent' ? 'silent' : 'info',
});
