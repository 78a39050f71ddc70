import { API_INPUTS, type ApiMethod } from '../../shared/api'
import { API_METHOD_NAMES, ipcChannel, type IpcResult } from '../../shared/api-methods'

/** The slice of `ipcMain` the handlers need, so they can be tested without Electron. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, input: unknown) => Promise<IpcResult<unknown>>): void
}

export interface IpcEventLike {
  sender: { id: number }
  senderFrame: { url: string } | null
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

/** A sender check: the given window's webContents, from a page of ours (file:// renderer or dev server). */
export function trustedSender(windowId: () => number | null, pageUrl: () => string): (event: IpcEventLike) => boolean {
  return (event) => {
    const id = windowId()
    if (id === null || event.sender.id !== id || !event.senderFrame) return false
    try {
      const frame = new URL(event.senderFrame.url)
      const page = new URL(pageUrl())
      return frame.protocol === page.protocol && frame.host === page.host && frame.pathname === page.pathname
    } catch {
      return false
    }
  }
}
