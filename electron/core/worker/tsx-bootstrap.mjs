// Runs the core's worker from TypeScript source (the browser host under tsx, the tests under
// vitest). The built app does not use this file: electron-vite bundles core-worker.ts into
// out/main/core-worker.js.
import { workerData } from 'node:worker_threads'
import { pathToFileURL } from 'node:url'
import { register as registerCjs } from 'tsx/cjs/api'
import { register as registerEsm } from 'tsx/esm/api'

// Both loaders: the project's .ts files are CommonJS to tsx (package.json has no "type"), and this
// file imports the entry as a module.
registerCjs()
registerEsm()
await import(pathToFileURL(workerData.entry).href)
