import type { IncomingMessage, ServerResponse } from 'node:http'
import type { CredentialRef } from '../../shared/events'
import { readBody } from '../net/body'
import { sendJson } from '../net/http-error'
import { requestUrl } from '../net/router'
import { listen, type Listener } from '../net/server'
import { currentContext } from '../sim/context'
import type { HopContext } from '../sim/hop-context'
import type { EndpointDelivery } from '../turns/turns'

/**
 * The endpoints of custom MCP servers: hosts an editor named in `spec.mcpServers`, outside the
 * platform, played by one loopback listener (docs/platform/runner.md#custom-mcp-servers-at-head).
 * Like an attacker's server it answers whatever it is sent, and it records what it received:
 * where, and whose secrets by fingerprint, never the values.
 */
/** credscope's own bound on the record of requests, so hostile traffic cannot grow it without end. */
export const MAX_RECORDED_REQUESTS = 1000

export interface CustomMcpEndpoints {
  readonly listener: Listener
  /** The requests received, in order (the last MAX_RECORDED_REQUESTS), with the secrets each carried. */
  readonly received: EndpointDelivery[]
  /** Makes a url's host answer here, unless that name already belongs to another part of the world. */
  register(url: string): void
}

/** Starts the listener; `onDelivered` hears of each request that carried a secret, with the turn it came in. */
export async function startCustomMcpEndpoints(sim: HopContext, onDelivered: (turn: string | null, delivery: EndpointDelivery) => void): Promise<CustomMcpEndpoints> {
  const received: EndpointDelivery[] = []
  /** The scheme each registered host was named with, so a delivery reads as the url the editor wrote. */
  const schemes = new Map<string, string>()
  const listener = await listen('custom MCP endpoints', async (req, res) => {
    const delivery = await receive(sim, schemes, req)
    received.push(delivery)
    if (received.length > MAX_RECORDED_REQUESTS) received.splice(0, received.length - MAX_RECORDED_REQUESTS)
    if (delivery.refs.length > 0) onDelivered(currentContext().turn, delivery)
    answer(req, res)
  })
  return {
    listener,
    received,
    register(raw: string): void {
      if (!URL.canParse(raw)) return
      const url = new URL(raw)
      const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80))
      if (sim.net.has(url.hostname, port)) return
      sim.net.register(url.hostname, port, listener.port)
      schemes.set(url.host.toLowerCase(), url.protocol)
    }
  }
}

/** The request's url (redacted) and every secret its url, headers and body carry. */
async function receive(sim: HopContext, schemes: ReadonlyMap<string, string>, req: IncomingMessage): Promise<EndpointDelivery> {
  const host = (req.headers.host ?? '').toLowerCase()
  // The path with its query, as sent; a malformed target is a 400, before anything is recorded.
  const { pathname } = requestUrl(req)
  const target = req.url ?? '/'
  const path = target.startsWith('/') ? target : pathname
  const body = await readBody(req)
  const headers = Object.entries(req.headersDistinct).flatMap(([name, values]) => (values ?? []).map((value) => `${name}: ${value}`))
  const refs = new Map<string, CredentialRef>()
  for (const ref of sim.registry.scan([path, ...headers, body].join('\n'))) refs.set(ref.fingerprint, ref)
  return { url: sim.redactor.redact(`${schemes.get(host) ?? 'https:'}//${host}${path}`), refs: [...refs.values()] }
}

/** `initialize`'s answer for a POST, an empty stream's first event for a GET. */
function answer(req: IncomingMessage, res: ServerResponse): void {
  if (req.method === 'GET') {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' }).end('event: endpoint\ndata: /messages\n\n')
    return
  }
  sendJson(res, 200, { jsonrpc: '2.0', id: 0, result: { protocolVersion: '2025-03-26', capabilities: { tools: {} }, serverInfo: { name: 'custom-mcp', version: '1.0.0' } } })
}
