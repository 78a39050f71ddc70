import type { Hop } from '../../shared/events'
import type { HopContext } from '../sim/hop-context'
import { type IncomingResponse, type OutgoingRequest, send } from './client'

export interface HopResponse {
  status: number
  body: string
  headers: IncomingResponse['headers']
}

const BODY_PREVIEW = 4096

function preview(sim: HopContext, body: string | undefined): string | undefined {
  if (body === undefined || body === '') return undefined
  // Redact before cutting: a secret cut in half at the limit no longer matches and reached SQLite.
  const text = sim.redactor.redact(body)
  return text.length > BODY_PREVIEW ? `${text.slice(0, BODY_PREVIEW)}… (${body.length} bytes)` : text
}

/**
 * One request from one hop to another, shown on the trace: the request is a gated event (the
 * step-through can stop before it leaves), then the response. Network errors are rethrown after
 * they are recorded.
 */
export async function callHop(sim: HopContext, from: Hop, to: Hop, out: OutgoingRequest): Promise<HopResponse> {
  const response = await openHop(sim, from, to, out)
  const body = await response.text()
  sim.trace.emit(from, { kind: 'http.response', exchange: response.exchange, from: to, to: from, status: response.status, body: preview(sim, body) })
  return { status: response.status, body, headers: response.headers }
}

/** Like callHop, but hands back the open response stream (SSE) after recording its status. */
export async function openHop(
  sim: HopContext,
  from: Hop,
  to: Hop,
  out: OutgoingRequest
): Promise<IncomingResponse & { exchange: string }> {
  const exchange = sim.trace.nextExchange(from)
  await sim.trace.step(from, {
    kind: 'http.request',
    exchange,
    from,
    to,
    method: out.method,
    url: out.url,
    headers: out.headers ?? {},
    body: preview(sim, out.body)
  })
  try {
    const response = await send(sim.net, from, sim.timers, out)
    return { ...response, exchange }
  } catch (error) {
    sim.trace.emit(from, { kind: 'log', level: 'warning', text: `${out.method} ${out.url} failed: ${error instanceof Error ? error.message : String(error)}` })
    throw error
  }
}
