import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../src/main/engine/engine'
import type { ProfileName } from '../../src/shared/profiles'
import { recordEvents, startTestEngine } from '../support/engine'

// Processes an agent leaves running in the runner pod (docs/platform/flaws.md#h1-files-read-by-lingering-processes):
// when they run, with what, and what the turn that started them does about them.
let engine: Engine | null = null
afterEach(async () => {
  await engine?.stop()
  engine = null
})

async function bobThenAlice(profile: ProfileName, aliceTools = 'sleep 10m\ngithub.whoami') {
  const e = await startTestEngine({ platform: 'head', profile })
  engine = e
  const events = recordEvents(e)
  const send = async (userId: string, message: string): Promise<string> => {
    const outcome = await e.sendTurn({ sender: { kind: 'user', userId }, project: 'demo', session: 'shared-1', message })
    const turn = outcome.turn?.turn ?? ''
    await e.waitForTurn(turn)
    return turn
  }
  const bob = await send('bob', 'bg 10m git.whoami')
  const alice = await send('alice', aliceTools)
  return { e, events, bob, alice }
}

describe('a background process at HEAD', () => {
  it("runs when virtual time reaches it, inside the turn running then, with the token file that turn wrote: bob's push acts as alice", async () => {
    const { e, events, bob, alice } = await bobThenAlice('as-is')
    const ran = events.of('tool.result', alice).filter((r) => r.startedBy)
    expect(ran.map((r) => [r.tool, r.actedAs, r.startedBy])).toEqual([['git.whoami', 'alice', { turn: bob, sender: 'bob' }]])
    expect(e.leaks.findings.filter((f) => f.turn === alice && f.sink === 'background-process').map((f) => [f.owner, f.sender])).toEqual([['alice', 'bob']])
    expect(events.of('tool.result', bob).map((r) => r.summary)).toEqual(['left running in the background: git.whoami in 10m'])
  })

  it('does not run before it is due', async () => {
    const { events, alice } = await bobThenAlice('as-is', 'sleep 9m\ngithub.whoami')
    expect(events.of('tool.result', alice).filter((r) => r.startedBy)).toEqual([])
  })

  it('is killed with its turn under hardened, so it never runs', async () => {
    const { events, bob, alice } = await bobThenAlice('hardened')
    expect(events.of('runner.step', bob).filter((s) => s.step === 'background-reaped').map((s) => s.detail)).toEqual(['1 background process of this turn killed'])
    expect(events.all.filter((x) => x.kind === 'tool.result' && x.startedBy)).toEqual([])
    expect(events.of('tool.result', alice).map((r) => r.actedAs)).toEqual([null, 'alice'])
  })
})
