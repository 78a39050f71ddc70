import type { ApiMethod, ServerPush } from '../../shared/api'
import { type ChunkReader, readSseData } from '../../shared/sse'
import type { Forward } from './ipc-handlers'

/** Forwards an API call to the engine's RPC route with the control token, which stays in main. */
export function httpForward(controlUrl: string, token: string): Forward {
  return async (method: ApiMethod, input: unknown) => {
    const response = await fetch(`${controlUrl}/rpc/${method}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(input)
    })
    const body: unknown = await response.json()
    return { status: response.status, body }
  }
}

/** Reads the engine's push stream and hands every push on; reconnects until stopped. */
export function followPushes(controlUrl: string, token: string, onPush: (push: ServerPush) => void): () => void {
  let stopped = false
  let controller: AbortController | null = null
  const run = async (): Promise<void> => {
    while (!stopped) {
      controller = new AbortController()
      try {
        const response = await fetch(`${controlUrl}/stream`, { headers: { Authorization: `Bearer ${token}` }, signal: controller.signal })
        const reader = response.body?.getReader() as ChunkReader | undefined
        if (reader) await readSseData(reader, (data) => onPush(data as ServerPush))
      } catch {
        // The engine restarted or stopped; try again unless we are stopping.
      }
    }
  }
  void run()
  return () => {
    stopped = true
    controller?.abort()
  }
}
