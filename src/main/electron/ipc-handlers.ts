import { API_INPUTS, type ApiMethod } from '../../shared/api'
import { API_METHOD_NAMES, ipcChannel, type IpcResult } from '../../shared/api-methods'
import { isAllowedNavigation } from './security'

/** The slice of `ipcMain` the handlers need, so they can be tested without Electron. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, input: unknown) => Promise<IpcResult<unknown>>): void
}

/** The parts of Electron's WebFrameMain the sender check reads. */
export interface FrameLike {
  url: string
  parent: object | null
  processId: number
  routingId: number
}

export interface IpcEventLike {
  sender: { id: number; mainFrame: FrameLike }
  senderFrame: FrameLike | null
}

export type Forward = (method: ApiMethod, input: unknown) => Promise<{ status: number; body: unknown }>

/**
 * One handler per API method: refuses any sender but our window's main frame, checks the input
 * against the contract's schema, then forwards to the engine's control API.
 */
export function registerApiHandlers(ipc: IpcMainLike, isTrustedSender: (event: IpcEventLike) => boolean, forward: Forward): ApiMethod[] {
  const registered: ApiMethod[] = []
  for (const method of API_METHOD_NAMES) {
    ipc.handle(ipcChannel(method), async (event, input) => {
      if (!isTrustedSender(event)) return { ok: false, error: { code: 'unauthorized', message: 'IPC from an untrusted sender was refused' } }
      const parsed = API_INPUTS[method].safeParse(input)
      if (!parsed.success) {
        return { ok: false, error: { code: 'bad-input', message: parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; ') } }
      }
      try {
        const { status, body } = await forward(method, parsed.data)
        if (status === 200) return { ok: true, value: body }
        const error = body as { error?: string; code?: string }
        return { ok: false, error: { code: error.code ?? 'failed', message: error.error ?? `HTTP ${status}` } }
      } catch (error) {
        return { ok: false, error: { code: 'failed', message: error instanceof Error ? error.message : String(error) } }
      }
    })
    registered.push(method)
  }
  return registered
}

/**
 * A sender check: the given window's webContents, its main frame (a subframe of the same page
 * never speaks for the app), showing our page (the app:// renderer).
 */
export function trustedSender(windowId: () => number | null, pageUrl: () => string): (event: IpcEventLike) => boolean {
  return (event) => {
    const id = windowId()
    if (id === null || event.sender.id !== id) return false
    // Electron throws on a frame that has gone away; that is a refusal too.
    try {
      const frame = event.senderFrame
      const main = event.sender.mainFrame
      if (!frame || frame.parent !== null || frame.processId !== main.processId || frame.routingId !== main.routingId) return false
      return isAllowedNavigation(frame.url, pageUrl())
    } catch {
      return false
    }
  }
}
