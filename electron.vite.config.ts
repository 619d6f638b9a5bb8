import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // Two entries: the window's thread (index) and the core's worker thread (core-worker), which
      // alone loads the database driver (test/e2e/bundle.spec.ts checks index.js never does).
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          'core-worker': resolve(__dirname, 'electron/core/worker/core-worker.ts'),
          'check-worker': resolve(__dirname, 'electron/core/worker/check-worker.ts'),
          'import-reader-worker': resolve(__dirname, 'electron/core/worker/import-reader-worker.ts'),
          'read-ahead-worker': resolve(__dirname, 'electron/core/worker/read-ahead-worker.ts'),
          'backup-worker': resolve(__dirname, 'electron/core/worker/backup-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload may require only `electron`: bundle everything else into one CJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    build: {
      outDir: 'out/renderer',
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
    plugins: [react()],
  },
})
