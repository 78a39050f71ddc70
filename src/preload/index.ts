import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { API_METHOD_NAMES, ipcChannel, PUSH_CHANNEL, type IpcResult } from '../shared/api-methods'

// One named function per API method, and a subscription that never hands the page the IPC event.
const api: Record<string, unknown> = {}
for (const method of API_METHOD_NAMES) {
  api[method] = async (input: unknown): Promise<unknown> => {
    const result = (await ipcRenderer.invoke(ipcChannel(method), input)) as IpcResult<unknown>
    if (result.ok) return result.value
    throw Object.assign(new Error(result.error.message), { code: result.error.code })
  }
}
api.subscribe = (listener: (push: unknown) => void): (() => void) => {
  const relay = (_event: IpcRendererEvent, push: unknown): void => listener(push)
  ipcRenderer.on(PUSH_CHANNEL, relay)
  return () => {
    ipcRenderer.off(PUSH_CHANNEL, relay)
  }
}

contextBridge.exposeInMainWorld('credscope', Object.freeze(api))
