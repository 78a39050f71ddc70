import { afterEach, describe, expect, it } from 'vitest'
import { runMatrix } from '../../src/main/control/matrix'
import type { Engine } from '../../src/main/engine/engine'
import type { MatrixCell, MatrixResult } from '../../src/shared/api'
import { startTestEngine } from '../support/engine'

// The authorization matrix sends every principal × slot × X-Runner-Current-User variant to the
// real backend over loopback and judges whose credential came back against the secure design.

let engine: Engine | null = null

afterEach(async () => {
  await engine?.stop()
  engine = null
})

async function matrixUnder(profile: 'hardened' | 'merged'): Promise<MatrixResult> {
  engine = await startTestEngine({ profile })
  return runMatrix(engine, 'demo', 'shared-1')
}

function cell(m: MatrixResult, principal: string, slot: string, header: string): MatrixCell {
  const found = m.cells.find((c) => c.principal === principal && c.slot === slot && c.header === header)
  if (!found) throw new Error(`no cell ${principal} ${slot} ${header}`)
  return found
}

describe('the authorization matrix', () => {
  it('covers every principal, every provider and the session’s MCP servers, with and without each header', async () => {
    const m = await matrixUnder('hardened')
    expect(m.owner).toBe('alice')
    expect(m.slots).toEqual(['github', 'gitlab', 'jira', 'google', 'mcp:docs'])
    expect(m.principals).toEqual(['alice', 'bob', 'carol', 'mallory', 'bot', 'apikey:ci-bot', 'none'])
    expect(m.headers).toEqual(['absent', 'alice', 'bob', 'carol', 'mallory'])
    expect(m.cells).toHaveLength(7 * 5 * 5)
  })

  it('finds nothing under hardened: each user gets their own credential only, bots and outsiders nothing', async () => {
    const m = await matrixUnder('hardened')
    expect(m.cells.filter((c) => c.verdict === 'violation' || c.verdict === 'broken')).toEqual([])
    for (const slot of m.slots) {
      expect(cell(m, 'alice', slot, 'absent').owner).toBe('alice')
      expect(cell(m, 'bob', slot, 'bob').owner).toBe('bob')
      expect(cell(m, 'carol', slot, 'carol').owner).toBe('carol')
      expect(cell(m, 'bob', slot, 'alice')).toMatchObject({ owner: null, status: 403 })
      expect(cell(m, 'mallory', slot, 'mallory')).toMatchObject({ owner: null, status: 403 })
      expect(cell(m, 'bot', slot, 'absent').owner).toBeNull()
      expect(cell(m, 'none', slot, 'absent')).toMatchObject({ owner: null, status: 401 })
    }
  })

  it('under merged, the session’s BOT_TOKEN gets the owner’s credentials outside any run (R6), decided by rows 6 and 8', async () => {
    const m = await matrixUnder('merged')
    for (const slot of ['github', 'gitlab', 'jira', 'google']) {
      expect(cell(m, 'bot', slot, 'absent')).toMatchObject({ owner: 'alice', expected: null, verdict: 'violation', row: 6 })
      expect(cell(m, 'bot', slot, 'alice')).toMatchObject({ owner: 'alice', expected: null, verdict: 'violation', row: 8 })
    }
  })

  it('under merged, the MCP endpoint gives alice’s credential to bob naming himself (R12)', async () => {
    const m = await matrixUnder('merged')
    expect(cell(m, 'bob', 'mcp:docs', 'bob')).toMatchObject({ owner: 'alice', expected: 'bob', verdict: 'violation' })
    expect(cell(m, 'bob', 'mcp:docs', 'bob').reason).toContain('empty userID allowed')
    // The provider endpoints still serve bob his own.
    expect(cell(m, 'bob', 'github', 'bob')).toMatchObject({ owner: 'bob', verdict: 'ok', row: 10 })
  })
})
