import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { API_INPUTS, API_METHODS } from '../../src/shared/api'
import { API_METHOD_NAMES, ipcChannel, type IpcResult } from '../../src/shared/api-methods'
import { type IpcEventLike, type IpcMainLike, registerApiHandlers, trustedSender } from '../../src/main/electron/ipc-handlers'
import { DESKTOP_CSP, isAllowedExternal, isAllowedNavigation, WEB_PREFERENCES } from '../../src/main/electron/security'

type Listener = (event: IpcEventLike, input: unknown) => Promise<IpcResult<unknown>>

/** A stand-in for ipcMain that records handlers, so the real registration code runs. */
function fakeIpc(): IpcMainLike & { handlers: Map<string, Listener> } {
  const handlers = new Map<string, Listener>()
  return { handlers, handle: (channel, listener) => void handlers.set(channel, listener) }
}

const PAGE = 'file:///app/out/renderer/index.html'
const ours: IpcEventLike = { sender: { id: 7 }, senderFrame: { url: PAGE } }

describe('the IPC contract', () => {
  it('lists the same methods for the preload as the schemas define', () => {
    expect([...API_METHOD_NAMES].sort()).toEqual([...API_METHODS].sort())
  })

  it('registers one handler with a schema for every API method', () => {
    const ipc = fakeIpc()
    const registered = registerApiHandlers(ipc, () => true, async () => ({ status: 200, body: null }))
    expect(registered.sort()).toEqual([...API_METHODS].sort())
    for (const method of API_METHODS) {
      expect(ipc.handlers.has(ipcChannel(method)), method).toBe(true)
      expect(API_INPUTS[method], method).toBeDefined()
    }
  })

  it('refuses a call from a sender that is not our window, without forwarding it', async () => {
    const ipc = fakeIpc()
    const forwarded: string[] = []
    registerApiHandlers(ipc, trustedSender(() => 7, () => PAGE), async (method) => {
      forwarded.push(method)
      return { status: 200, body: {} }
    })
    const handler = ipc.handlers.get(ipcChannel('getState')) as Listener
    const otherWindow = await handler({ sender: { id: 8 }, senderFrame: { url: PAGE } }, {})
    const otherPage = await handler({ sender: { id: 7 }, senderFrame: { url: 'https://evil.example/' } }, {})
    const noFrame = await handler({ sender: { id: 7 }, senderFrame: null }, {})
    for (const result of [otherWindow, otherPage, noFrame]) expect(result).toEqual({ ok: false, error: { code: 'unauthorized', message: expect.any(String) as string } })
    expect(forwarded).toEqual([])
    expect(await handler(ours, {})).toEqual({ ok: true, value: {} })
    expect(forwarded).toEqual(['getState'])
  })

  it('refuses input that does not match the method schema, without forwarding it', async () => {
    const ipc = fakeIpc()
    let calls = 0
    registerApiHandlers(ipc, () => true, async () => {
      calls++
      return { status: 200, body: {} }
    })
    const advance = ipc.handlers.get(ipcChannel('advanceClock')) as Listener
    expect(await advance(ours, { by: 'ten minutes' })).toMatchObject({ ok: false, error: { code: 'bad-input' } })
    const turn = ipc.handlers.get(ipcChannel('sendTurn')) as Listener
    expect(await turn(ours, { sender: { kind: 'user', userId: 'bob' }, project: 'demo', session: 'shared-1', message: 'x', extra: 1 })).toMatchObject({ ok: false, error: { code: 'bad-input' } })
    expect(calls).toBe(0)
  })

  it('carries a server error as a result, since Electron only carries an error message', async () => {
    const ipc = fakeIpc()
    registerApiHandlers(ipc, () => true, async () => ({ status: 404, body: { error: 'no user "zed"', code: 'not-found' } }))
    const handler = ipc.handlers.get(ipcChannel('tokenAction')) as Listener
    expect(await handler(ours, { user: 'zed', action: 'expire' })).toEqual({ ok: false, error: { code: 'not-found', message: 'no user "zed"' } })
  })
})

describe('the desktop window', () => {
  it('runs the renderer isolated, sandboxed and without Node', () => {
    expect(WEB_PREFERENCES).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false, webSecurity: true })
  })

  it('has a strict CSP, the same in the built page', () => {
    expect(DESKTOP_CSP).toContain("script-src 'self'")
    expect(DESKTOP_CSP).not.toContain('unsafe-eval')
    expect(DESKTOP_CSP).toContain("object-src 'none'")
    const html = readFileSync('src/renderer/index.html', 'utf8')
    expect(html).toContain('Content-Security-Policy')
    expect(html).not.toContain('unsafe-eval')
  })

  it('denies navigation away from its page and opens only allowlisted links', () => {
    expect(isAllowedNavigation(PAGE, PAGE)).toBe(true)
    expect(isAllowedNavigation('https://evil.example/', PAGE)).toBe(false)
    expect(isAllowedNavigation('file:///etc/passwd', PAGE)).toBe(false)
    expect(isAllowedExternal('https://github.com/ambient-code/platform/pull/989')).toBe(true)
    expect(isAllowedExternal('http://github.com/ambient-code/platform')).toBe(false)
    expect(isAllowedExternal('https://evil.example/')).toBe(false)
    expect(isAllowedExternal('javascript:alert(1)')).toBe(false)
  })

  it('has a preload that exposes named functions only and requires nothing but electron', () => {
    const preload = readFileSync('src/preload/index.ts', 'utf8')
    expect(preload).toContain("contextBridge.exposeInMainWorld('credscope'")
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\)/)
    const imports = [...preload.matchAll(/from '([^']+)'/g)].map((m) => m[1])
    expect(imports.sort()).toEqual(['../shared/api-methods', 'electron'])
  })
})
