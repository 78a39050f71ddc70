import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../src/main/engine/engine'
import type { AguiEvent } from '../../src/main/agui/agui-event'
import type { FlawId } from '../../src/shared/flaw-ids'
import type { PlatformVersion } from '../../src/shared/platform-versions'
import { maskSecret } from '../../src/shared/mask'
import { startTestEngine } from '../support/engine'

// What reaches the browser of a turn whose agent prints secrets (docs/platform/flaws.md#h9-event-redaction-misses-secrets):
// the runner's redaction per version, the proxy's finding for whatever got through, and what
// credscope keeps (masked).
let engine: Engine | null = null
afterEach(async () => {
  await engine?.stop()
  engine = null
})

async function dumpAs(platform: PlatformVersion, profile: 'as-is' | 'hardened', flaws: FlawId[] = [], message = 'env.dump') {
  const e = await startTestEngine({ platform, profile, flaws })
  engine = e
  const outcome = await e.sendTurn({ sender: { kind: 'user', userId: 'bob' }, project: 'demo', session: 'shared-1', message })
  const turn = outcome.turn?.turn ?? ''
  await e.waitForTurn(turn)
  const events = e.aguiLog.history('demo/shared-1').filter((x) => x.runId === turn || x.type === 'MESSAGES_SNAPSHOT' || x.type === 'TOOL_CALL_RESULT')
  const secret = (slot: string): string => e.sim.registry.entries().find(([, ref]) => ref.owner === 'bob' && ref.slot === slot)?.[0] ?? ''
  const found = e.leaks.findings.filter((f) => f.turn === turn).map((f) => `${f.where}: ${f.owner} ${f.provider}`)
  return { e, turn, events, secret, found }
}

const content = (events: AguiEvent[], type: string): string => JSON.stringify(events.filter((x) => x.type === type))

describe('an env dump on its way to the browser', () => {
  it("HEAD's middleware labels GITHUB_TOKEN's value in the tool result, lets CODERABBIT_API_KEY through, and leaves MESSAGES_SNAPSHOT whole", async () => {
    const { events, secret, found } = await dumpAs('head', 'as-is')
    const result = content(events, 'TOOL_CALL_RESULT')
    expect(result).toContain('GITHUB_TOKEN=[REDACTED_GITHUB_TOKEN]')
    expect(result).toContain('JIRA_API_TOKEN=[REDACTED_JIRA_API_TOKEN]')
    // What got through is kept masked by credscope, never in the clear.
    expect(result).toContain(`CODERABBIT_API_KEY=${maskSecret(secret('coderabbit'))}`)
    expect(result).not.toContain(secret('coderabbit'))
    expect(content(events, 'MESSAGES_SNAPSHOT')).toContain(`GITHUB_TOKEN=${maskSecret(secret('github'))}`)
    expect(found).toEqual(
      expect.arrayContaining([
        'AG-UI TOOL_CALL_RESULT event: bob coderabbit',
        'AG-UI MESSAGES_SNAPSHOT event: bob github',
        'AG-UI MESSAGES_SNAPSHOT event: bob coderabbit'
      ])
    )
    expect(found).not.toContain('AG-UI TOOL_CALL_RESULT event: bob github')
  })

  it('the merge redacts nothing: the tool result itself carries every token', async () => {
    const { found } = await dumpAs('merge', 'as-is')
    expect(found).toEqual(expect.arrayContaining(['AG-UI TOOL_CALL_RESULT event: bob github', 'AG-UI TOOL_CALL_RESULT event: bob gitlab', 'AG-UI TOOL_CALL_RESULT event: bob jira']))
  })

  it.each(['merge', 'head'] as const)('hardened at %s scrubs every secret the runner holds from every event: nothing is found', async (platform) => {
    const { events, found } = await dumpAs(platform, 'hardened', [], 'env.dump\nfs.list')
    expect(found).toEqual([])
    expect(content(events, 'MESSAGES_SNAPSHOT')).toContain('GITHUB_TOKEN=[REDACTED_GITHUB_TOKEN]')
  })

  it('hardened scrubs a token the runner fetched but keeps in a file, not the env: the Google access token', async () => {
    const { found, events } = await dumpAs('head', 'hardened', [], 'fs.read /workspace/.google_workspace_mcp/credentials/bob@example.com.json')
    expect(found).toEqual([])
    expect(content(events, 'TOOL_CALL_RESULT')).toContain('[REDACTED]')
  })

  it("at HEAD a Google token file printed with fs.read passes the middleware, which knows no file", async () => {
    const { found } = await dumpAs('head', 'as-is', [], 'fs.read /workspace/.google_workspace_mcp/credentials/bob@example.com.json')
    expect(found).toContain('AG-UI TOOL_CALL_RESULT event: bob google')
  })
})
