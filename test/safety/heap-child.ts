/**
 * Run by key-material.test.ts as its own process: unlocks a caseload through the core as the app
 * does, opens the screens that carry names, takes a heap snapshot while unlocked, locks, and takes
 * another. It holds no names or secrets of its own in its source: the parent searches the
 * snapshots for them.
 */
import { writeHeapSnapshot } from 'node:v8'
import { createCore } from '../../electron/core/app/core'

const [dbPath, unlockedOut, lockedOut] = process.argv.slice(2) as [string, string, string]
const asOf = '2026-11-26'

void (async () => {
  const { dispatch } = createCore({ dbPath, today: () => asOf })
  const unlocked = await dispatch('session:unlock', { passphrase: process.env.HEAP_PASSPHRASE })
  // Only whether each call worked is kept: the results themselves are dropped, as the renderer's are on lock.
  const screens = (
    await Promise.all([
      dispatch('caseload:overview', { asOf }),
      dispatch('caseload:table', { asOf }),
      dispatch('case:detail', { childId: 'CSENT', asOf }),
      dispatch('history:list', {}),
    ])
  ).map((s) => s.ok)
  let integrity = await dispatch('session:integrity', {})
  while (integrity.ok && (integrity.data as { state: string }).state === 'pending') {
    await new Promise((r) => setTimeout(r, 50))
    integrity = await dispatch('session:integrity', {})
  }
  writeHeapSnapshot(unlockedOut)
  await dispatch('session:lock', {})
  await new Promise((r) => setTimeout(r, 100))
  writeHeapSnapshot(lockedOut)
  process.stdout.write(JSON.stringify({ unlocked: unlocked.ok, screens, integrity: integrity.ok && (integrity.data as { state: string }).state }))
})()
