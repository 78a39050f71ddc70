import { app, BrowserWindow, dialog, ipcMain, protocol, shell } from 'electron'
import { join } from 'node:path'
import { PUSH_CHANNEL } from '../shared/api-methods'
import { APP_PAGE_URL, APP_SCHEME, APP_SCHEME_PRIVILEGES, appProtocolHandler } from './electron/app-protocol'
import { startEngineProcess } from './electron/engine-process'
import { followPushes, httpForward } from './electron/forward'
import { registerApiHandlers, trustedSender } from './electron/ipc-handlers'
import { refuseNavigation } from './electron/navigation'
import { denyAllPermissions } from './electron/permissions'
import { isAllowedExternal, WEB_PREFERENCES } from './electron/security'

// The desktop shell: one window over the renderer, typed IPC to the engine, nothing else.
let window: BrowserWindow | null = null

// Must happen before ready, synchronously at the top of this ESM entry.
protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: APP_SCHEME_PRIVILEGES }])

async function main(): Promise<void> {
  await app.whenReady()
  const nodePath = process.env.npm_node_execpath ?? process.env.NODE ?? 'node'
  let engine
  try {
    engine = await startEngineProcess(nodePath, join(__dirname, 'cli.js'), process.argv.slice(app.isPackaged ? 1 : 2))
  } catch (error) {
    dialog.showErrorBox('credscope could not start its engine', error instanceof Error ? error.message : String(error))
    app.exit(1)
    return
  }
  const { controlUrl, controlToken } = engine.ready
  // The one page the window may show; a constant, so nothing the page does can widen it.
  const pageUrl = (): string => APP_PAGE_URL
  registerApiHandlers(ipcMain, trustedSender(() => window?.webContents.id ?? null, pageUrl), httpForward(controlUrl, controlToken))
  window = new BrowserWindow({
    width: 1440,
    height: 920,
    minWidth: 1100,
    minHeight: 700,
    show: false,
    title: 'credscope',
    webPreferences: { ...WEB_PREFERENCES, preload: join(__dirname, '../preload/index.cjs') }
  })
  const contents = window.webContents
  denyAllPermissions(contents.session)
  contents.session.protocol.handle(APP_SCHEME, appProtocolHandler(join(__dirname, '../renderer')))
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternal(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  const stayOnPage = refuseNavigation(pageUrl)
  contents.on('will-navigate', stayOnPage)
  contents.on('will-frame-navigate', stayOnPage)
  contents.on('will-redirect', stayOnPage)
  contents.on('will-attach-webview', (event) => event.preventDefault())
  const stopPushes = followPushes(controlUrl, controlToken, (push) => {
    if (window && !contents.isDestroyed()) contents.send(PUSH_CHANNEL, push)
  })
  window.once('ready-to-show', () => window?.show())
  await window.loadURL(APP_PAGE_URL)
  app.on('window-all-closed', () => app.quit())
  app.on('before-quit', () => {
    stopPushes()
    void engine.stop()
  })
}

void main()
