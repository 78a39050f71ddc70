import { rm } from 'node:fs/promises'
import { describe, expect, it } from 'vitest'
import { poll, snap, textOf, useAppInChromium } from '../support/app-page'

// What a user must be told in whatever view they are in: that a breakpoint holds a request that
// is not a turn of theirs (curl, the matrix), and that the run is no longer being recorded.

const under = useAppInChromium()

async function controlCall(path: string, body?: unknown): Promise<Response> {
  const { ready } = under.app
  return fetch(`${ready.controlUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { Authorization: `Bearer ${ready.controlToken}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  })
}

describe('faults and holds, told in every view', () => {
  it('a request from outside held by a pause shows as "Paused: 1 request held" in the World view, and Continue lets it finish', async () => {
    const { page, app } = under
    await page.getByTestId('nav-world').click()
    await controlCall('/rpc/debugger', { action: 'pause' })
    const world = (await (await controlCall('/world')).json()) as { users: Array<{ id: string; token: string }> }
    const bob = world.users.find((u) => u.id === 'bob')?.token ?? ''
    // curl's request to the front door: held at its first hop, which no session timeline shows.
    const curl = fetch(`${app.ready.frontDoorUrl}/api/projects/demo/agentic-sessions/shared-1`, { headers: { Authorization: `Bearer ${bob}` } })
    const banner = page.getByTestId('held-banner')
    await banner.waitFor()
    expect(await textOf(banner)).toMatch(/^Paused: 1 request held .*frontdoor.*\(not a turn: a request from outside\)/)
    expect(await controlCall('/health').then((r) => r.json())).toMatchObject({ debugger: { paused: true, held: 1 } })
    await snap(page, 'faults-1-held-in-world-view')
    await page.getByTestId('held-continue').click()
    expect((await curl).status).toBe(200)
    await poll(() => banner.count()).toBe(0)
  })

  it('a removed store file shows a banner that stays, in every view, and the app refuses to send a turn it could not record', async () => {
    const { page, app } = under
    await rm(app.db)
    const banner = page.getByTestId('store-banner')
    await banner.waitFor({ timeout: 30_000 })
    expect(await textOf(banner)).toMatch(/^Not recording\. The run store .* was removed while credscope was running; nothing is recorded since\./)
    await page.getByTestId('nav-session').click()
    expect(await banner.isVisible()).toBe(true)
    await snap(page, 'faults-2-store-removed')
    const send = await controlCall('/rpc/sendTurn', { sender: { kind: 'user', userId: 'bob' }, project: 'demo', session: 'shared-1', message: 'github.whoami' })
    expect(send.status).toBe(503)
  })
})
