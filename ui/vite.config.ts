import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';

// The Tauri CLI expects the dev server on a fixed port (tauri.conf.json `devUrl`) and reads the
// built files from ui/dist (`frontendDist`).
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  clearScreen: false,
  plugins: [svelte(), svelteTesting()],
  server: {
    port: 1420,
    strictPort: true,
  },
  preview: {
    port: 1420,
    strictPort: true,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // WebKitGTK and WebView2 of the Tauri 2 baseline both handle this.
    target: 'es2022',
    sourcemap: false,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['src/test-setup.ts'],
    // One real rushes-server for the behaviour tests (src/testing/server-setup.ts).
    globalSetup: ['src/testing/server-setup.ts'],
  },
});
