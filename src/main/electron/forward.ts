import type { ApiMethod, ServerPush } from '../../shared/api'
import { followSseStream } from '../../shared/sse'
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
  return followSseStream(`${controlUrl}/stream`, token, (data) => onPush(data as ServerPush))
}
