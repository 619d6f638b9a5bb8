// The demo generator was split into modules (issue 13, item 5) on the promise that the same seed
// gives the same caseload: a chair's demo, the benches and every test built on a seeded demo depend
// on it. These hashes were computed on the single-file generator before the split; a change to the
// order of random draws (or to any value) changes them. If you change the demo on purpose, update
// them in the same commit and say why.
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { demoCaseloadDocument, generateDemoCaseload } from '../../electron/core/demo/generate'

const asOf = '2026-03-16'

describe('demo generator fingerprint', () => {
  it.each([
    [80, 1, '9279abcf7ff2d02df74423d4baf131efaad4786d48ae2c737e8f5bb6b4821f02'],
    [500, 'driftwatch', '9d865815de6ba2b12eee14a1b4fe9dfb5ab41d26a885fb214a088324a9900d82'],
    [3000, 42, '44aabad2018a04aaf3c91df0a799ccd7cad79279caf60165a4504a6f61bc739b'],
  ] as const)('%i children, seed %s: the same document as before the split', (children, seed, expected) => {
    const doc = demoCaseloadDocument({ children, seed, asOf })
    expect(createHash('sha256').update(JSON.stringify(doc)).digest('hex')).toBe(expected)
  })

  it('gives the same summary as before the split', () => {
    const summary = generateDemoCaseload({ children: 500, seed: 'driftwatch', asOf }, { add() {} })
    expect(createHash('sha256').update(JSON.stringify(summary)).digest('hex')).toBe(SUMMARY_500)
  })
})

const SUMMARY_500 = '234b7f2708eacb6483412e21c5a7419dd084f9b90ab73588835a51704f3e2ff9'
