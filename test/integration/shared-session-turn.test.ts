import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../src/main/engine/engine'
import { startTestEngine } from '../support/engine'

let engine: Engine | null = null
afterEach(async () => {
  await engine?.stop()
  engine = null
})

describe("bob's turn in shared-1 (merged)", () => {
  it("uses bob's GitHub, GitLab, Jira and Google credentials and leaves none in the runner", async () => {
    engine = await startTestEngine({ profile: 'merged' })
    const outcome = await engine.sendTurn({
      sender: { kind: 'user', userId: 'bob' },
      project: 'demo',
      session: 'shared-1',
      message: 'github.whoami\ngitlab.whoami\njira.myself\ngoogle.whoami'
    })
    expect(outcome.status).toBe(200)
    expect(outcome.turn?.status).toBe('finished')
    const runner = engine.runner('demo', 'shared-1')
    expect(runner).not.toBeNull()
    const holdings = await runner!.holdings()
    const inEnvOrFiles = holdings.filter((h) => ['runner-env', 'workspace-file', 'runner-context'].includes(h.sink) && !h.credential.owner.startsWith('sa:') && !h.credential.owner.startsWith('platform:'))
    expect(inEnvOrFiles).toEqual([])
    expect([...runner!.env.keys()].filter((k) => /TOKEN|JIRA|GOOGLE_EMAIL/.test(k) && k !== 'BOT_TOKEN')).toEqual([])
  })
})
