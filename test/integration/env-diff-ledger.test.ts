import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../src/main/engine/engine'
import { buildLedger, describeHolding } from '../../src/shared/ledger'
import { ENV_SINKS, podDiff } from '../../src/renderer/src/views/session/pod-diff'
import { recordEvents, startTestEngine } from '../support/engine'

// The Session inspector's Env diff and Ledger read the same turn. A worker keeps the env it was
// spawned with, so a second turn of the same sender changes no runner-env key while the Ledger
// lists credentials left in worker-env: the Env diff must say what stayed, named as the Ledger
// names it, not only what changed.

let engine: Engine | null = null
afterEach(async () => {
  await engine?.stop()
  engine = null
})

async function turnsOf(profile: 'as-is' | 'hardened', senders: string[]) {
  const e = await startTestEngine({ platform: 'merge', profile })
  engine = e
  const recorded = recordEvents(e)
  const out = []
  for (const userId of senders) {
    const sent = await e.sendTurn({ sender: { kind: 'user', userId }, project: 'demo', session: 'shared-1', message: 'github.whoami' })
    const turn = sent.turn?.turn ?? ''
    expect(sent.turn?.status).toBe('finished')
    const events = recorded.all.filter((x) => x.turn === turn)
    const ledger = buildLedger(events, turn)
    out.push({ userId, ledger, diff: podDiff(events, ledger, null) })
  }
  return out
}

/** Every place the Ledger says a credential was left, in the sinks the Env diff answers for. */
function ledgerPlaces(ledger: ReturnType<typeof buildLedger>): string[] {
  return ledger.entries
    .flatMap((entry) => entry.leftIn.map((place) => `${entry.owner} ${entry.slot} ${place}`))
    .filter((p) => ENV_SINKS.some((sink) => p.split(' ')[2] === sink))
    .sort()
}

describe('the Env diff and the Ledger of one turn', () => {
  it('agree on what stayed under merge as-is, also when a repeated turn changes no runner-env key', async () => {
    const [alice, bob, bobAgain] = await turnsOf('as-is', ['alice', 'bob', 'bob'])
    for (const turn of [alice!, bob!, bobAgain!]) {
      const fromDiff = turn.diff.held
        .filter((h) => turn.ledger.entries.some((e) => e.owner === h.credential.owner && e.slot === h.credential.slot))
        .map((h) => `${h.credential.owner} ${h.credential.slot} ${describeHolding(h)}`)
      expect([...new Set(fromDiff)].sort(), turn.userId).toEqual(ledgerPlaces(turn.ledger))
    }

    // The reported case: nothing in runner-env changed, yet bob's GitHub token stayed in the worker's env.
    const again = bobAgain!
    expect(again.diff.env.filter((r) => r.change !== 'same')).toEqual([])
    const github = again.ledger.entries.find((e) => e.slot === 'github')
    expect(github?.owner).toBe('bob')
    expect(github?.leftIn).toContain('worker-env (thread shared-1: GITHUB_TOKEN)')
    const whoseIn = (where: string): string[] => again.diff.held.filter((h) => h.sink === 'worker-env' && h.where === where).map((h) => `${h.credential.owner} ${h.credential.slot}`)
    expect(whoseIn('thread shared-1: GITHUB_TOKEN')).toEqual(['bob github'])
    // The owner's MCP key (r12) stays too, and the Env diff names its owner.
    expect(whoseIn('thread shared-1: MCP_DOCS_API_KEY')).toEqual(['alice mcp:docs'])
    // The runner's own env was cleared: nothing the platform promises to empty is held.
    expect(again.diff.held.filter((h) => h.sink === 'runner-env')).toEqual([])
  })

  it("both say nothing stayed under hardened, where workers end with their turn, but the sender's own Google file, kept on purpose", async () => {
    const turns = await turnsOf('hardened', ['alice', 'bob', 'bob'])
    const kept = 'kept-file (/workspace/.google_workspace_mcp/credentials/credentials.json)'
    for (const turn of turns) {
      expect(turn.diff.held, turn.userId).toEqual([])
      expect(turn.ledger.entries.flatMap((e) => e.leftIn.map((place) => `${e.owner} ${e.slot} ${place}`)), turn.userId).toEqual([`${turn.userId} google ${kept}`])
    }
  })
})
