/**
 * The operator's `ensureFreshRunnerToken` on the virtual clock (docs/platform/operator.md#the-runner-token-secret-at-head):
 * every 30 s reconcile re-mints a BOT token 45 minutes old, each token lives an hour, and kubelet
 * carries the new one into the pod's mounted file but never into an env copy (F1050).
 */
import { podOf } from '../support/runner-pod'
import { afterEach, describe, expect, it } from 'vitest'
import type { Engine } from '../../src/main/engine/engine'
import { RECONCILE_INTERVAL_MS, RUNNER_TOKEN_LIFETIME_MS, RUNNER_TOKEN_REFRESH_TTL_MS } from '../../src/main/operator/operator'
import { RunnerContext } from '../../src/main/runner/context'
import { fetchCredential } from '../../src/main/runner/fetch-client'
import { BOT_TOKEN_FILE, type RunnerPod } from '../../src/main/runner/pod'
import { runnerTokenSecret } from '../../src/main/world/identity'
import { recordEvents, startTestEngine } from '../support/engine'

let engine: Engine | null = null
afterEach(async () => {
  await engine?.stop()
  engine = null
})

/** shared-1's runner with no caller token, so every fetch goes out with the BOT token. */
async function botPod(platform: 'merge' | 'head', profile: 'as-is' | 'hardened'): Promise<{ e: Engine; pod: RunnerPod; events: ReturnType<typeof recordEvents> }> {
  const e = await startTestEngine({ platform, profile })
  engine = e
  const runner = e.runner('demo', 'shared-1')!
  const context = new RunnerContext('shared-1', '/workspace')
  const pod: RunnerPod = podOf(runner, { context })
  return { e, pod, events: recordEvents(e) }
}

const secretToken = (e: Engine): string => e.sim.cluster.secret('demo', runnerTokenSecret('shared-1'))?.['k8s-token'] ?? ''

describe("the operator's runner token refresh", () => {
  it('re-mints k8s-token once it is 45 minutes old, at the reconcile that finds it so, and again 45 minutes later', async () => {
    const { e, events } = await botPod('head', 'as-is')
    const first = secretToken(e)
    e.sim.clock.advance(RUNNER_TOKEN_REFRESH_TTL_MS - RECONCILE_INTERVAL_MS)
    expect(secretToken(e)).toBe(first)
    e.sim.clock.advance(RECONCILE_INTERVAL_MS)
    const second = secretToken(e)
    expect(second).not.toBe(first)
    expect(e.sim.cluster.tokenRecord(second)?.expiresAt).toBe(e.sim.clock.now() + RUNNER_TOKEN_LIFETIME_MS)
    e.sim.clock.advance(RUNNER_TOKEN_REFRESH_TTL_MS)
    expect(secretToken(e)).not.toBe(second)
    const refreshed = events.of('operator').filter((o) => o.action === 'runner token refreshed')
    expect(refreshed.map((o) => o.detail)).toEqual(Array(2).fill(`Secret ${runnerTokenSecret('shared-1')} (k8s-token); older than 45 min; the earlier token lives out its hour`))
    // The agui-token is left as it was.
    expect(e.sim.cluster.secret('demo', runnerTokenSecret('shared-1'))?.['agui-token']).toBeTruthy()
  })

  it('leaves the earlier token valid until its hour is up', async () => {
    const { e } = await botPod('head', 'as-is')
    const first = secretToken(e)
    e.sim.clock.advance(RUNNER_TOKEN_REFRESH_TTL_MS)
    expect(e.sim.cluster.authenticate(first)).not.toBeNull()
    e.sim.clock.advance(RUNNER_TOKEN_LIFETIME_MS - RUNNER_TOKEN_REFRESH_TTL_MS + 1)
    expect(e.sim.cluster.authenticate(first)).toBeNull()
  })

  it('at HEAD the mounted file follows the Secret, so the BOT token still works after an hour', async () => {
    const { e, pod, events } = await botPod('head', 'as-is')
    e.sim.clock.advance(RUNNER_TOKEN_LIFETIME_MS + 60_000)
    expect((await pod.workspace.read(BOT_TOKEN_FILE)) ?? '').toBe(secretToken(e))
    await fetchCredential(pod, 'github')
    expect(events.of('runner.fetch').map((f) => [f.auth, f.status])).toEqual([['bot', 200]])
  })

  it('at the merge as it is the env copy (F1050) expires after an hour: 401; with the fix the file follows', async () => {
    const shipped = await botPod('merge', 'as-is')
    shipped.e.sim.clock.advance(RUNNER_TOKEN_LIFETIME_MS + 60_000)
    expect(shipped.pod.env.get('BOT_TOKEN')).not.toBe(secretToken(shipped.e))
    await fetchCredential(shipped.pod, 'github')
    expect(shipped.events.of('runner.fetch').map((f) => [f.auth, f.status])).toEqual([['bot', 401]])
    await shipped.e.stop()

    const fixed = await botPod('merge', 'hardened')
    fixed.e.sim.clock.advance(RUNNER_TOKEN_LIFETIME_MS + 60_000)
    expect((await fixed.pod.workspace.read(BOT_TOKEN_FILE)) ?? '').toBe(secretToken(fixed.e))
  })
})
