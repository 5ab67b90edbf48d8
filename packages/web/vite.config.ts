import { defineConfig } from 'vite';

// The app is served by the API server at `/` (same origin as `/api`); `npm run dev` proxies `/api` to a local server.
export default defineConfig({
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/api': process.env.LIFECIRCLE_API ?? 'http://127.0.0.1:8080' } },
});
