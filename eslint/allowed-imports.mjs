// An allow-list of what each process may import (issue 13, item 5). A deny-list lets a new platform
// module slip in unnoticed (a `node:child_process` in the core, `electron` in the CLI); here every
// module that is not a relative import must be listed for the folder, so a new one fails
// `npm run lint` until someone adds it to eslint.config.mjs on purpose. README: "Process configs and
// the import allow-list".
import { builtinModules } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

// Node's own module names, written without 'node:' (a bare 'fs' would otherwise pass as a package).
const BARE_BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('_')).map((m) => m.split('/')[0]))

const ROOT = path.dirname(path.dirname(fileURLToPath(import.meta.url)))

/** 'drizzle-orm/better-sqlite3' -> 'drizzle-orm'; '@pdf-lib/fontkit/x' -> '@pdf-lib/fontkit'. */
function packageName(spec) {
  const parts = spec.split('/')
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
}

/** Relative to the repository, with forward slashes: 'electron/core/db/open.ts'. */
function repoPath(file) {
  return path.relative(ROOT, file).split(path.sep).join('/')
}

export const allowedImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Only the listed platform modules and packages may be imported in this folder' },
    schema: [
      {
        type: 'object',
        properties: {
          process: { type: 'string' },
          builtins: { type: 'array', items: { type: 'string' } },
          packages: { type: 'array', items: { type: 'string' } },
          folders: {
            type: 'array',
            items: {
              type: 'object',
              properties: { folder: { type: 'string' }, why: { type: 'string' } },
              required: ['folder', 'why'],
              additionalProperties: false,
            },
          },
        },
        required: ['process'],
        additionalProperties: false,
      },
    ],
    messages: {
      builtin:
        "'{{spec}}' is not on the allow-list of Node built-ins for {{process}}. If this process really needs it, add it to its list in eslint.config.mjs (README: Process configs and the import allow-list).",
      bareBuiltin: "Import Node built-ins with the node: prefix ('node:{{spec}}'), so the allow-list can see them.",
      electron: "Only electron/main and electron/preload may import Electron ({{process}} runs without it: CLI, tests, browser host).",
      package:
        "'{{name}}' is not on the allow-list of packages for {{process}}. If this process really needs it, add it to its list in eslint.config.mjs (README: Process configs and the import allow-list).",
      folder: "{{process}} may not import from {{folder}}/: {{why}}",
    },
  },
  create(context) {
    const options = context.options[0] ?? {}
    const builtins = new Set(options.builtins ?? [])
    const packages = new Set(options.packages ?? [])
    const folders = options.folders ?? []
    const proc = options.process
    const check = (node, spec) => {
      if (typeof spec !== 'string') return
      if (spec.startsWith('.') || spec.startsWith('/')) {
        const target = repoPath(path.resolve(path.dirname(context.filename), spec))
        for (const f of folders) {
          if (target === f.folder || target.startsWith(`${f.folder}/`)) {
            context.report({ node, messageId: 'folder', data: { process: proc, folder: f.folder, why: f.why } })
            return
          }
        }
        return
      }
      if (spec.startsWith('node:')) {
        if (!builtins.has(spec) && !builtins.has('*')) context.report({ node, messageId: 'builtin', data: { spec, process: proc } })
        return
      }
      if (BARE_BUILTINS.has(packageName(spec))) {
        context.report({ node, messageId: 'bareBuiltin', data: { spec } })
        return
      }
      const name = packageName(spec)
      if (name === 'electron' && !packages.has('electron')) {
        context.report({ node, messageId: 'electron', data: { process: proc } })
        return
      }
      if (!packages.has(name) && !packages.has('*')) context.report({ node, messageId: 'package', data: { name, process: proc } })
    }
    const literal = (n) => (n && n.type === 'Literal' ? n.value : undefined)
    return {
      ImportDeclaration: (node) => check(node.source, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: (node) => check(node.source, node.source.value),
      ImportExpression: (node) => check(node.source, literal(node.source)),
      TSImportType: (node) => check(node, literal(node.source)),
      TSExternalModuleReference: (node) => check(node.expression, literal(node.expression)),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node, literal(node.arguments[0]))
      },
    }
  },
}


export default { rules: { 'allowed-imports': allowedImports } }
