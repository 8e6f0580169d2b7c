import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { splitAntdCss } from './scripts/antdCss.mjs';
import { quietIcons } from './scripts/quietIcons.mjs';

// antd's stylesheet, split into what the first screen needs and the rest (scripts/antdCss.mjs).
splitAntdCss('renderer/src/app/generated');

/**
 * Renderer build. The sign-in screen must come up fast on old counter PCs, so the first load holds
 * only React, the plain sign-in screen and our own boot code; antd and the app load right after it
 * shows, and every page after sign-in is a lazy chunk (renderer/src/app/Root.tsx, App.tsx, routes.tsx).
 */
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [quietIcons(), react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    target: 'chrome120',
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // React changes rarely: one long-lived chunk.
            { name: 'react', test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 30 },
            // antd's shared core (theme, CSS-in-JS, rc utilities) that every screen needs.
            {
              name: 'antd-core',
              test: /[\\/]node_modules[\\/](@ant-design[\\/](cssinjs|cssinjs-utils|colors|fast-color)|@rc-component[\\/](util|motion|resize-observer)|antd[\\/]es[\\/](config-provider|theme|locale|_util|style))[\\/]/,
              priority: 20,
            },
          ],
        },
      },
    },
  },
});
