/**
 * Issue 13 item 5: the import allow-list (eslint.config.mjs, eslint/allowed-imports.mjs) must keep
 * refusing a new platform import in every process, or a rename of a folder or a typo in a glob would
 * let the rule stop working silently while `npm run lint` stays green.
 *
 * ESLint runs on probe files placed in each folder (lintText with the probe's path: the same config
 * lookup as a file on disk, and nothing left behind if a test dies half-way).
 */
import { join } from 'node:path'
import { ESLint } from 'eslint'
import { beforeAll, describe, expect, it } from 'vitest'

const ROOT = join(__dirname, '..', '..')
const RULE = 'driftwatch/allowed-imports'
let eslint: ESLint

beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT })
})

/** The allow-list's complaints for one probe file, one entry per line with an import. */
async function refusals(file: string, code: string): Promise<{ line: number; message: string }[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, file) })
  expect(result, file).toBeDefined()
  const fatal = result!.messages.filter((m) => m.fatal)
  expect(fatal, `${file} did not parse`).toEqual([])
  return result!.messages.filter((m) => m.ruleId === RULE).map((m) => ({ line: m.line, message: m.message }))
}

/** Lines (1-based) that the rule refused. */
async function refusedLines(file: string, lines: string[]): Promise<number[]> {
  return (await refusals(file, lines.join('\n') + '\n')).map((r) => r.line)
}

describe('import allow-list', () => {
  it('keeps Node, Electron, the core and unknown packages out of the renderer', async () => {
    const lines = [
      "import { useState } from 'react'",
      "import { useQuery } from '@tanstack/react-query'",
      "import { z } from 'zod'",
      "import { caseloadSchema } from '../../shared/caseload-format'",
      "import { readFileSync } from 'node:fs'",
      "import { ipcRenderer } from 'electron'",
      "import { openDatabase } from '../../electron/core/db/open'",
      "import leftPad from 'left-pad'",
      "import { join } from 'path'",
    ]
    expect(await refusedLines('renderer/src/__probe.tsx', lines)).toEqual([5, 6, 7, 8, 9])
    const [node] = await refusals('renderer/src/__probe.tsx', ["import { readFileSync } from 'node:fs'"].join('\n'))
    expect(node?.message).toContain('eslint.config.mjs')
  })

  it('keeps shared/ free of Node, Electron, React, the renderer and the core', async () => {
    const lines = [
      "import { z } from 'zod'",
      "import { toDayNumber } from './civil-date'",
      "import { join } from 'node:path'",
      "import { app } from 'electron'",
      "import { useState } from 'react'",
      "import { App } from '../renderer/src/App'",
      "import { openDatabase } from '../electron/core/db/open'",
    ]
    expect(await refusedLines('shared/__probe.ts', lines)).toEqual([3, 4, 5, 6, 7])
  })

  it('lets the core use only the Node built-ins and packages it uses today', async () => {
    const lines = [
      "import { readFileSync } from 'node:fs'",
      "import Database from 'better-sqlite3'",
      "import { drizzle } from 'drizzle-orm/better-sqlite3'",
      "import { caseloadSchema } from '../../../shared/caseload-format'",
      "import { spawn } from 'node:child_process'",
      "import { Worker } from 'node:worker_threads'",
      "import { readFileSync as r } from 'fs'",
      "import { app } from 'electron'",
      "import { App } from '../../../renderer/src/App'",
      "import { createWindow } from '../../main/window'",
      "import { startBrowserHost } from '../../browser-host/server'",
      "import React from 'react'",
      "export { exec } from 'node:child_process'",
      "export const later = () => import('node:vm')",
      "export type App = import('electron').App",
      "export const legacy = require('node:net')",
    ]
    expect(await refusedLines('electron/core/db/__probe.ts', lines)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16])
  })

  it("allows worker_threads in the core's worker and in Electron's main process, nowhere else in the core", async () => {
    const worker = ["import { parentPort } from 'node:worker_threads'", "import Database from 'better-sqlite3'", "import { spawn } from 'node:child_process'"]
    expect(await refusedLines('electron/core/worker/__probe.ts', worker)).toEqual([3])
    const main = [
      "import { Worker } from 'node:worker_threads'",
      "import { app, BrowserWindow } from 'electron'",
      "import { join } from 'node:path'",
      "import { spawn } from 'node:child_process'",
      "import { startBrowserHost } from '../browser-host/server'",
      "import { App } from '../../renderer/src/App'",
    ]
    expect(await refusedLines('electron/main/__probe.ts', main)).toEqual([4, 5, 6])
  })

  it('keeps the preload to Electron and shared/', async () => {
    const lines = [
      "import { contextBridge, ipcRenderer } from 'electron'",
      "import { CHANNELS } from '../../shared/ipc-channels'",
      "import { createCore } from '../core/app/core'",
      "import { readFileSync } from 'node:fs'",
    ]
    expect(await refusedLines('electron/preload/__probe.ts', lines)).toEqual([3, 4])
  })

  it('lets the browser host and the CLI use Node but never Electron', async () => {
    const host = [
      "import { createServer } from 'node:http'",
      "import { Worker } from 'node:worker_threads'",
      "import { app } from 'electron'",
      "import { spawn } from 'node:child_process'",
    ]
    expect(await refusedLines('electron/browser-host/__probe.ts', host)).toEqual([3, 4])
    const cli = ["import { parseArgs } from 'node:util'", "import { app } from 'electron'", "import { createServer } from 'node:http'", "import { createCore } from '../core/app/core'"]
    expect(await refusedLines('electron/cli/__probe.ts', cli)).toEqual([2, 3])
    const [electron] = await refusals('electron/cli/__probe.ts', "import { app } from 'electron'")
    expect(electron?.message).toContain('Only electron/main and electron/preload may import Electron')
  })

  it('refuses Electron in a folder that has no list of its own yet', async () => {
    const lines = ["import { readFileSync } from 'node:fs'", "import { app } from 'electron'"]
    expect(await refusedLines('tools/__probe.ts', lines)).toEqual([2])
    expect(await refusedLines('electron/updater/__probe.ts', lines)).toEqual([2])
  })

  it('lets tests use anything but Electron itself', async () => {
    const lines = ["import { spawn } from 'node:child_process'", "import { chromium } from 'playwright-core'", "import { app } from 'electron'"]
    expect(await refusedLines('test/platform/__probe.test.ts', lines)).toEqual([3])
  })
})
