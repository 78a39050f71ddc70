import { app, BrowserWindow, dialog, ipcMain, shell } from 'electron'
import { join } from 'node:path'
import { PUSH_CHANNEL } from '../shared/api-methods'
import { startEngineProcess } from './electron/engine-process'
import { followPushes, httpForward } from './electron/forward'
import { registerApiHandlers, trustedSender } from './electron/ipc-handlers'
import { isAllowedExternal, isAllowedNavigation, WEB_PREFERENCES } from './electron/security'

// The desktop shell: one window over the renderer, typed IPC to the engine, nothing else.
let window: BrowserWindow | null = null

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
  const pageUrl = (): string => window?.webContents.getURL() ?? ''
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
  contents.setWindowOpenHandler(({ url }) => {
    if (isAllowedExternal(url)) void shell.openExternal(url)
    return { action: 'deny' }
  })
  contents.on('will-navigate', (event, url) => {
    if (!isAllowedNavigation(url, pageUrl())) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  const stopPushes = followPushes(controlUrl, controlToken, (push) => {
    if (window && !contents.isDestroyed()) contents.send(PUSH_CHANNEL, push)
  })
  window.once('ready-to-show', () => window?.show())
  await window.loadFile(join(__dirname, '../renderer/index.html'))
  app.on('window-all-closed', () => app.quit())
  app.on('before-quit', () => {
    stopPushes()
    void engine.stop()
  })
}

void main()
