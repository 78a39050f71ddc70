/**
 * `credscope env` against a running `credscope serve`: exports a reviewer's shell evals, with the
 * token names the matrix's curl lines use, and fresh ones after the app's Apply and restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runCli as cli } from '../support/cli'
import { startServedApp, type ServedApp } from '../support/serve-process'

let app: ServedApp

beforeAll(async () => {
  app = await startServedApp()
})

afterAll(async () => {
  await app?.stop()
})


/** The exports as the shell would read them (single-quoted words). */
function exportsOf(text: string): Record<string, string> {
  const vars: Record<string, string> = {}
  for (const match of text.matchAll(/^export ([A-Z0-9_]+)='((?:[^']|'\\'')*)'/gm)) vars[match[1] ?? ''] = (match[2] ?? '').replace(/'\\''/g, "'")
  return vars
}

async function githubAs(vars: Record<string, string>, variable: string): Promise<{ status: number; login: string }> {
  const response = await fetch(`${vars.BACKEND}/api/projects/demo/agentic-sessions/shared-1/credentials/github`, { headers: { Authorization: `Bearer ${vars[variable] ?? ''}`, 'X-Runner-Current-User': 'bob' } })
  const body = (await response.json()) as { userName?: string }
  return { status: response.status, login: body.userName ?? '' }
}

describe('credscope env', () => {
  it("exports the serve's URLs and every principal's token under the matrix's names; bob's token fetches bob's credential", async () => {
    const ran = await cli(['env', '--db', app.db])
    expect([ran.code, ran.stderr]).toEqual([0, ''])
    const vars = exportsOf(ran.stdout)
    expect(Object.keys(vars)).toEqual(['CREDSCOPE_CONTROL', 'CREDSCOPE_TOKEN', 'FRONT', 'BACKEND', 'TOKEN_ALICE', 'TOKEN_BOB', 'TOKEN_CAROL', 'TOKEN_MALLORY', 'BOT_TOKEN', 'BOT_TOKEN_DEMO_SHARED_1', 'TOKEN_APIKEY_CI_BOT'])
    expect([vars.CREDSCOPE_CONTROL, vars.CREDSCOPE_TOKEN]).toEqual([app.ready.controlUrl, app.ready.controlToken])
    expect(await githubAs(vars, 'TOKEN_BOB')).toEqual({ status: 200, login: 'Bob Editor' })
  })

  it('after Apply and restart the old tokens are refused, and running env again gives ones that work', async () => {
    const before = exportsOf((await cli(['env', '--db', app.db])).stdout)
    const restart = await fetch(`${app.ready.controlUrl}/rpc/restart`, { method: 'POST', headers: { Authorization: `Bearer ${app.ready.controlToken}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ profile: 'hardened', flaws: [] }) })
    expect(restart.status).toBe(200)
    const after = exportsOf((await cli(['env', '--db', app.db])).stdout)
    expect(after.TOKEN_BOB).not.toBe(before.TOKEN_BOB)
    expect((await githubAs({ ...after, TOKEN_BOB: before.TOKEN_BOB ?? '' }, 'TOKEN_BOB')).status).toBe(401)
    expect(await githubAs(after, 'TOKEN_BOB')).toEqual({ status: 200, login: 'Bob Editor' })
  })

  it('says what to do when no serve left a ready line, or the session is not in the world', async () => {
    expect(await cli(['env', '--db', '/nonexistent/dir/runs.db'])).toEqual({ code: 2, stdout: '', stderr: 'credscope: no ready line at /nonexistent/dir/serve.json: start credscope serve first, or name its ready line with --ready FILE\n' })
    const bad = await cli(['env', '--db', app.db, '--session', 'demo/nope'])
    expect([bad.code, bad.stderr]).toEqual([2, 'credscope: no session "demo/nope" in the served world (demo/shared-1)\n'])
  })
})
