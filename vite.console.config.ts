import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * The county console (server/console/): a second React app beside the desk's renderer, served by the county
 * server under /console/ (server/routes/consoleStatic.ts). Two entries: the signed-in console (index.html) and
 * the public lookup page (lookup.html, no sign-in, no antd), which the server answers at /lookup.
 * Asset URLs are absolute under /console/ so /lookup finds them too.
 */
export default defineConfig({
  root: 'server/console',
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, 'dist/console'),
    emptyOutDir: true,
    target: 'chrome120',
    chunkSizeWarningLimit: 1600,
    // The CSP allows no inline script: Vite's module preload polyfill would be one.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      input: {
        console: resolve(import.meta.dirname, 'server/console/index.html'),
        lookup: resolve(import.meta.dirname, 'server/console/lookup.html'),
      },
      output: {
        codeSplitting: {
          groups: [{ name: 'react', test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 30 }],
        },
      },
    },
  },
});
