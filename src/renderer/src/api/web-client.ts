import type { ApiInput, ApiMethod, ApiOutput, CredscopeApi, ServerPush } from '../../../shared/api'
import { API_METHOD_NAMES } from '../../../shared/api-methods'
import { followSseStream } from '../../../shared/sse'

/** An API error as the app shows it. */
export class ApiCallError extends Error {
  constructor(
    readonly code: string,
    message: string
  ) {
    super(message)
  }
}

const STALE_TOKEN = "The engine refused this page's token: it belongs to another launch of credscope serve. Open the appUrl this launch printed (it ends in #token=…)."

/**
 * The web shell's client: the same API as the desktop preload, over the control API's RPC route
 * and push stream, with the per-launch token the page got in its URL fragment.
 */
export function createWebClient(base: string, token: string): CredscopeApi {
  const call = async <M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<ApiOutput<M>> => {
    const response = await fetch(`${base}/control/rpc/${method}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(input)
    })
    // The control API's 401 speaks to curl users; a page can only be reopened with the right URL.
    if (response.status === 401) throw new ApiCallError('unauthorized', STALE_TOKEN)
    const body = (await response.json()) as unknown
    if (!response.ok) {
      const error = body as { error?: string; code?: string }
      throw new ApiCallError(error.code ?? 'failed', error.error ?? `HTTP ${response.status}`)
    }
    return body as ApiOutput<M>
  }
  const api: Record<string, unknown> = {}
  for (const method of API_METHOD_NAMES) api[method] = (input: never) => call(method, input)
  api.subscribe = (listener: (push: ServerPush) => void) => followSseStream(`${base}/control/stream`, token, (data) => listener(data as ServerPush))
  return api as CredscopeApi
}
