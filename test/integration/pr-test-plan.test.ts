import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../src/main/engine/engine'
import type { TurnOutcome } from '../../src/main/engine/turn-client'
import type { TurnSender } from '../../src/shared/sender'
import { GOOGLE_CREDENTIALS_DIR } from '../../src/main/runner/pod'
import type { CredentialSlot, FetchKind } from '../../src/shared/providers'
import type { ProfileInput } from '../../src/shared/profiles'
import { recordEvents, startTestEngine } from '../support/engine'

/**
 * The test plan of PR #989, end to end: a turn goes in at the front door (or, for a schedule, at
 * the backend with the session's token), through the AG-UI proxy to the runner, whose scripted
 * agent calls each provider. "Acted as" is what the provider answered for the credential the
 * agent held, read from the trace.
 */

const EVERY_PROVIDER = ['github.whoami', 'gitlab.whoami', 'jira.myself', 'google.whoami', 'mcp.docs.whoami'].join('\n')

let engine: Engine | null = null
afterEach(async () => {
  await engine?.stop()
  engine = null
})

async function start(profile: ProfileInput = 'merged'): Promise<Engine> {
  engine = await startTestEngine({ profile })
  return engine
}

interface Turn {
  outcome: TurnOutcome
  /** Whom each provider said the agent was, by credential slot. */
  actedAs: Partial<Record<FetchKind, string | null>>
  /** What the leak detector found after the turn, as `owner provider` pairs. */
  leaks: string[]
  events: ReturnType<typeof recordEvents>
}

async function turn(e: Engine, sender: TurnSender, message = EVERY_PROVIDER): Promise<Turn> {
  const events = recordEvents(e)
  const outcome = await e.sendTurn({ sender, project: 'demo', session: 'shared-1', message })
  expect(outcome.status).toBe(200)
  expect(outcome.turn?.status).toBe('finished')
  const actedAs: Turn['actedAs'] = {}
  for (const result of events.of('tool.result', outcome.turn!.turn)) {
    if (result.slot) actedAs[result.slot] = result.actedAs
  }
  const leaks = events.of('leak', outcome.turn!.turn).map((l) => `${l.finding.owner} ${l.finding.provider}`)
  return { outcome, actedAs, leaks, events }
}

/**
 * Nothing of the turn's credentials is left in the runner's env (docs/platform/runner.md#populate-and-clear);
 * the Google files are gone (the merge) or hold `keptFor`'s credential alone, kept on purpose for
 * workspace-mcp (hardened, docs/platform/flaws.md#f1222-google-file-deleted-between-turns).
 */
async function expectRunnerClean(e: Engine, keptFor: string | null = null): Promise<void> {
  const runner = e.runner('demo', 'shared-1')!
  const credentialKeys = [...runner.env.keys()].filter(
    (key) =>
      ['GITHUB_TOKEN', 'GITLAB_TOKEN', 'USER_GOOGLE_EMAIL'].includes(key) ||
      key.startsWith('JIRA_') ||
      (key.startsWith('MCP_') && key !== 'MCP_CONFIG_FILE')
  )
  expect(credentialKeys).toEqual([])
  const files = await runner.workspace.list(GOOGLE_CREDENTIALS_DIR)
  const texts = await Promise.all(files.map((file) => runner.workspace.read(file)))
  const owners = new Set(e.sim.registry.scan(texts.join('\n')).filter((r) => r.slot === 'google').map((r) => r.owner))
  expect([...owners]).toEqual(keptFor ? [keptFor] : [])
  if (!keptFor) expect(files).toEqual([])
}

const everyProviderAs = (user: string): Partial<Record<CredentialSlot, string>> => ({
  github: user,
  gitlab: user,
  jira: user,
  google: user,
  'mcp:docs': user
})

describe('PR #989 test plan through the front door (merged)', () => {
  it("acts as alice in the owner alice's turn, for every provider", async () => {
    const e = await start()
    const { actedAs, leaks } = await turn(e, { kind: 'user', userId: 'alice' })
    expect(actedAs).toEqual(everyProviderAs('alice'))
    expect(leaks).toEqual([])
    await expectRunnerClean(e)
  })

  it("acts as bob in collaborator bob's turn for GitHub, GitLab, Jira and Google, but as alice on the MCP server (flaw R12)", async () => {
    const e = await start()
    const { outcome, actedAs, leaks, events } = await turn(e, { kind: 'user', userId: 'bob' })
    expect(actedAs).toMatchObject({ github: 'bob', gitlab: 'bob', jira: 'bob', google: 'bob' })
    // R12: credentials/mcp/:server ignores the sender and serves the owner's MCP credentials.
    expect(actedAs['mcp:docs']).toBe('alice')
    // The runner did ask as bob (his caller token and header) on every fetch, the first run's
    // setup included; the backend chose alice.
    const mcpFetches = events.of('runner.fetch', outcome.turn!.turn).filter((f) => f.slot === 'mcp:docs')
    expect(mcpFetches.length).toBeGreaterThan(0)
    expect(new Set(mcpFetches.map((f) => `${f.auth} ${f.currentUserHeader} ${f.status}`))).toEqual(new Set(['caller bob 200']))
    // The leak detector names exactly that: alice's MCP credential inside bob's turn.
    expect(leaks.length).toBeGreaterThan(0)
    expect(new Set(leaks)).toEqual(new Set(['alice mcp:docs']))
    await expectRunnerClean(e)
  })

  it("acts as each sender when alice and bob take turns in the same thread", async () => {
    const e = await start()
    const senders = ['alice', 'bob', 'alice', 'bob'] as const
    for (const userId of senders) {
      const { actedAs } = await turn(e, { kind: 'user', userId }, 'github.whoami\ngitlab.whoami\njira.myself\ngoogle.whoami')
      expect(actedAs, `${userId}'s turn`).toEqual({ github: userId, gitlab: userId, jira: userId, google: userId })
      await expectRunnerClean(e)
    }
  })

  it('acts as its creator alice when the API key ci-bot sends the turn', async () => {
    const e = await start()
    const { actedAs, leaks } = await turn(e, { kind: 'apikey', key: 'ci-bot' })
    expect(actedAs).toEqual(everyProviderAs('alice'))
    expect(leaks).toEqual([])
    await expectRunnerClean(e)
  })

  it('acts as the owner alice in a scheduled run', async () => {
    const e = await start()
    const { actedAs, leaks } = await turn(e, { kind: 'scheduled' })
    expect(actedAs).toEqual(everyProviderAs('alice'))
    expect(leaks).toEqual([])
    await expectRunnerClean(e)
  })

  it("refuses the viewer carol's turn with 403 Unauthorized", async () => {
    const e = await start()
    const outcome = await e.sendTurn({ sender: { kind: 'user', userId: 'carol' }, project: 'demo', session: 'shared-1', message: EVERY_PROVIDER })
    expect(outcome.status).toBe(403)
    expect(JSON.parse(outcome.body)).toEqual({ error: 'Unauthorized' })
    expect(outcome.turn).toBeNull()
  })

  it("refuses mallory's turn with 403 Unauthorized to access project", async () => {
    const e = await start()
    const outcome = await e.sendTurn({ sender: { kind: 'user', userId: 'mallory' }, project: 'demo', session: 'shared-1', message: EVERY_PROVIDER })
    expect(outcome.status).toBe(403)
    expect(JSON.parse(outcome.body)).toEqual({ error: 'Unauthorized to access project' })
    expect(outcome.turn).toBeNull()
  })
})

describe('PR #989 test plan under the hardened profile', () => {
  it("acts as bob on every provider in bob's turn, the MCP server included", async () => {
    const e = await start('hardened')
    const { actedAs, leaks } = await turn(e, { kind: 'user', userId: 'bob' })
    expect(actedAs).toEqual(everyProviderAs('bob'))
    expect(leaks).toEqual([])
    await expectRunnerClean(e, 'bob')
  })

  it('acts as the owner alice in a scheduled run and as the creator alice for the API key', async () => {
    const e = await start('hardened')
    expect((await turn(e, { kind: 'scheduled' })).actedAs).toEqual(everyProviderAs('alice'))
    await expectRunnerClean(e, 'alice')
    expect((await turn(e, { kind: 'apikey', key: 'ci-bot' })).actedAs).toEqual(everyProviderAs('alice'))
    await expectRunnerClean(e, 'alice')
  })
})
