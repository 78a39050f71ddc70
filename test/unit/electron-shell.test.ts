import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { API_INPUTS, API_METHODS } from '../../src/shared/api'
import { API_METHOD_NAMES, ipcChannel, type IpcResult } from '../../src/shared/api-methods'
import { APP_PAGE_URL } from '../../src/main/electron/app-protocol'
import { type FrameLike, type IpcEventLike, type IpcMainLike, registerApiHandlers, trustedSender } from '../../src/main/electron/ipc-handlers'
import { isAllowedFrameNavigation, type NavigationLike, refuseNavigation } from '../../src/main/electron/navigation'
import { denyAllPermissions, denyPermissionCheck, denyPermissionRequest, type PermissionSessionLike } from '../../src/main/electron/permissions'
import { DESKTOP_CSP, isAllowedExternal, isAllowedNavigation, WEB_PREFERENCES } from '../../src/main/electron/security'

type Listener = (event: IpcEventLike, input: unknown) => Promise<IpcResult<unknown>>

/** A stand-in for ipcMain that records handlers, so the real registration code runs. */
function fakeIpc(): IpcMainLike & { handlers: Map<string, Listener> } {
  const handlers = new Map<string, Listener>()
  return { handlers, handle: (channel, listener) => void handlers.set(channel, listener) }
}

const PAGE = APP_PAGE_URL
const mainFrame: FrameLike = { url: PAGE, parent: null, processId: 3, routingId: 1 }
/** A call from our window (webContents 7), sent by the given frame. */
const from = (senderFrame: FrameLike | null, id = 7): IpcEventLike => ({ sender: { id, mainFrame }, senderFrame })
const ours = from(mainFrame)

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
    const otherWindow = await handler(from(mainFrame, 8), {})
    const otherPage = await handler(from({ ...mainFrame, url: 'https://evil.example/' }), {})
    const noFrame = await handler(from(null), {})
    for (const result of [otherWindow, otherPage, noFrame]) expect(result).toEqual({ ok: false, error: { code: 'unauthorized', message: expect.any(String) as string } })
    expect(forwarded).toEqual([])
    expect(await handler(ours, {})).toEqual({ ok: true, value: {} })
    expect(forwarded).toEqual(['getState'])
  })

  it('accepts the main frame of our window showing our page', () => {
    const check = trustedSender(() => 7, () => PAGE)
    expect(check(ours)).toBe(true)
    expect(check(from({ ...mainFrame, url: `${PAGE}#runs` }))).toBe(true)
  })

  it('refuses a subframe even when it shows our page', () => {
    const check = trustedSender(() => 7, () => PAGE)
    expect(check(from({ url: PAGE, parent: mainFrame, processId: 3, routingId: 2 }))).toBe(false)
    // A parentless frame that is not the current main frame (another process, or one navigated away).
    expect(check(from({ ...mainFrame, processId: 4 }))).toBe(false)
    expect(check(from({ ...mainFrame, routingId: 9 }))).toBe(false)
  })

  it('refuses a call with no frame, from a frame that is gone, or before the window exists', () => {
    expect(trustedSender(() => 7, () => PAGE)(from(null))).toBe(false)
    const gone = {
      get url(): string {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed')
      },
      parent: null,
      processId: 3,
      routingId: 1
    }
    expect(trustedSender(() => 7, () => PAGE)(from(gone))).toBe(false)
    expect(trustedSender(() => null, () => PAGE)(ours)).toBe(false)
  })

  it('refuses the old file:// page now that the window is served over app://', () => {
    expect(trustedSender(() => 7, () => PAGE)(from({ ...mainFrame, url: 'file:///app/out/renderer/index.html' }))).toBe(false)
    expect(trustedSender(() => 7, () => PAGE)(from({ ...mainFrame, url: 'app://other/index.html' }))).toBe(false)
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

  it('has a strict CSP, and the page carries a CSP of its own that is no looser on scripts', () => {
    expect(DESKTOP_CSP).toContain("script-src 'self'")
    expect(DESKTOP_CSP).not.toContain('unsafe-eval')
    expect(DESKTOP_CSP).toContain("object-src 'none'")
    expect(DESKTOP_CSP).toContain("connect-src 'none'")
    expect(DESKTOP_CSP).toContain("frame-ancestors 'none'")
    const html = readFileSync('src/renderer/index.html', 'utf8')
    expect(html).toContain('Content-Security-Policy')
    expect(html).toContain("script-src 'self'")
    expect(html).not.toContain('unsafe-eval')
  })

  it('denies navigation away from its page and opens only allowlisted links', () => {
    expect(isAllowedNavigation(PAGE, PAGE)).toBe(true)
    expect(isAllowedNavigation(`${PAGE}?x=1#runs`, PAGE)).toBe(true)
    expect(isAllowedNavigation('https://evil.example/', PAGE)).toBe(false)
    expect(isAllowedNavigation('file:///etc/passwd', PAGE)).toBe(false)
    expect(isAllowedNavigation('file:///app/out/renderer/index.html', PAGE)).toBe(false)
    expect(isAllowedNavigation('app://credscope/assets/index.js', PAGE)).toBe(false)
    expect(isAllowedNavigation('app://evil/index.html', PAGE)).toBe(false)
    expect(isAllowedNavigation('not a url', PAGE)).toBe(false)
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

describe('the window\'s permissions', () => {
  const PERMISSIONS = ['media', 'display-capture', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'geolocation', 'fullscreen', 'openExternal', 'hid', 'serial', 'usb', 'unknown']

  it('answers every permission request with no, exactly once', () => {
    for (const permission of PERMISSIONS) {
      const answers: boolean[] = []
      denyPermissionRequest({}, permission, (granted) => answers.push(granted))
      expect(answers, permission).toEqual([false])
    }
  })

  it('answers every permission check with no, with or without a webContents', () => {
    for (const permission of PERMISSIONS) {
      expect(denyPermissionCheck({}, permission), permission).toBe(false)
      expect(denyPermissionCheck(null, permission), permission).toBe(false)
    }
  })

  it('installs both handlers on the session', () => {
    const installed: { request?: typeof denyPermissionRequest; check?: typeof denyPermissionCheck } = {}
    const session: PermissionSessionLike = {
      setPermissionRequestHandler: (handler) => void (installed.request = handler),
      setPermissionCheckHandler: (handler) => void (installed.check = handler)
    }
    denyAllPermissions(session)
    expect(installed.request).toBe(denyPermissionRequest)
    expect(installed.check).toBe(denyPermissionCheck)
  })
})

describe('the window\'s navigation guard', () => {
  const main = (url: string): NavigationLike => ({ url, isMainFrame: true })
  const sub = (url: string): NavigationLike => ({ url, isMainFrame: false })

  it('lets the main frame go to its own page only', () => {
    expect(isAllowedFrameNavigation(main(PAGE), PAGE)).toBe(true)
    expect(isAllowedFrameNavigation(main(`${PAGE}#turns`), PAGE)).toBe(true)
    expect(isAllowedFrameNavigation(main('https://evil.example/'), PAGE)).toBe(false)
    expect(isAllowedFrameNavigation(main('file:///etc/passwd'), PAGE)).toBe(false)
  })

  it('refuses every subframe navigation, even to our own page', () => {
    expect(isAllowedFrameNavigation(sub(PAGE), PAGE)).toBe(false)
    expect(isAllowedFrameNavigation(sub('https://evil.example/'), PAGE)).toBe(false)
    expect(isAllowedFrameNavigation(sub('about:blank'), PAGE)).toBe(false)
  })

  it('cancels a refused navigation or redirect and leaves an allowed one alone', () => {
    const guard = refuseNavigation(() => PAGE)
    const attempt = (details: NavigationLike): boolean => {
      let prevented = false
      guard({ ...details, preventDefault: () => void (prevented = true) })
      return prevented
    }
    expect(attempt(main(PAGE))).toBe(false)
    // A redirect to elsewhere (will-redirect) and a frame navigation (will-frame-navigate).
    expect(attempt(main('http://127.0.0.1:9/control/world'))).toBe(true)
    expect(attempt(sub(PAGE))).toBe(true)
  })
})
