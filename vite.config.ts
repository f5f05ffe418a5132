import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The renderer build (`npm run build`): one bundle for both hosts. Relative asset paths
 * (`base: './'`) because Electron loads it from app://bits-uploader/ and serve from its root.
 */
export default defineConfig({
  root: fileURLToPath(new URL('./renderer', import.meta.url)),
  base: './',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('./dist/renderer', import.meta.url)),
    emptyOutDir: true,
    // Inline nothing: the CSP allows no data: scripts and we want cacheable files.
    assetsInlineLimit: 0,
    sourcemap: false,
    target: 'es2022',
  },
});
