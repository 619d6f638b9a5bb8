/**
 * Issue 13 item 5: each process's tsconfig gives it only its own platform (README, "Process configs
 * and the import allow-list"). A probe compiled with each config's own options must be refused the
 * other platform's globals, so adding "DOM" to the core or "node" to the renderer fails here, not in
 * a chair's window.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ts from 'typescript'
import { afterAll, describe, expect, it } from 'vitest'

const ROOT = join(__dirname, '..', '..')
const dir = mkdtempSync(join(tmpdir(), 'driftwatch-configs-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const USES = {
  dom: 'export const title: string = document.title + window.name\n',
  node: "export const size: number = Buffer.byteLength('x') + Number(process.env.X ?? 0)\n",
} as const

/** Whether `code` compiles under the options of `config` (the probe alone, not the config's files). */
function compiles(config: string, code: string): boolean {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(ROOT, config), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })
  expect(parsed, config).toBeDefined()
  const file = join(dir, `${config}-${Math.random().toString(36).slice(2)}.ts`)
  writeFileSync(file, code)
  const options = { ...parsed!.options, incremental: false, composite: false, tsBuildInfoFile: undefined, noEmit: true }
  const program = ts.createProgram([file], options)
  return ts.getPreEmitDiagnostics(program).length === 0
}

describe('one tsconfig per process', () => {
  it.each([
    ['tsconfig.renderer.json', { dom: true, node: false }],
    ['tsconfig.core.json', { dom: false, node: true }],
    ['tsconfig.shared.json', { dom: false, node: false }],
    ['tsconfig.electron.json', { dom: false, node: true }],
    ['tsconfig.test.json', { dom: true, node: true }],
  ] as const)('%s gives DOM and Node exactly as its process has them', { timeout: 60_000 }, (config, has) => {
    expect(compiles(config, 'export const plain: number = [1, 2].at(-1) ?? 0\n'), `${config}: plain ES2023`).toBe(true)
    expect(compiles(config, USES.dom), `${config}: DOM`).toBe(has.dom)
    expect(compiles(config, USES.node), `${config}: Node`).toBe(has.node)
  })

  it('the solution file lists every process config, so `npm run typecheck` checks them all', () => {
    const solution = ts.readConfigFile(join(ROOT, 'tsconfig.json'), ts.sys.readFile).config as { files: unknown[]; references: { path: string }[] }
    expect(solution.files).toEqual([])
    expect(solution.references.map((r) => r.path).sort()).toEqual(
      ['./tsconfig.core.json', './tsconfig.electron.json', './tsconfig.renderer.json', './tsconfig.shared.json', './tsconfig.test.json'],
    )
  })
})
