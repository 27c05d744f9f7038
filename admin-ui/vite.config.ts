import { defineConfig } from 'vite';

// The admin origin serves index.html at "/" and the built files under /assets/.
// Its CSP forbids inline scripts and styles, so nothing here may inline them:
// the module preload polyfill (an inline-free module, but unneeded on the
// browsers we target) is turned off, and CSS always goes to its own file.
export default defineConfig({
  base: '/',
  esbuild: {
    jsx: 'automatic',
    jsxImportSource: 'preact',
  },
  build: {
    outDir: 'dist',
    target: 'es2020',
    assetsInlineLimit: 0,
    cssCodeSplit: true,
    modulePreload: { polyfill: false },
    sourcemap: false,
    reportCompressedSize: true,
  },
  server: {
    // `npm run dev` with BALAI_API pointing at a running server proxies /api and /media.
    proxy: process.env.BALAI_API
      ? {
          '/api': { target: process.env.BALAI_API, changeOrigin: false },
          '/media': { target: process.env.BALAI_API, changeOrigin: false },
        }
      : undefined,
  },
});
