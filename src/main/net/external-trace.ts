import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Hop } from '../../shared/events'
import type { HopContext } from '../sim/hop-context'
import { contextOfConnection } from './flow-ports'

const INTERESTING_HEADERS = [
  'authorization',
  'x-forwarded-user',
  'x-forwarded-preferred-username',
  'x-forwarded-email',
  'x-forwarded-groups',
  'x-forwarded-access-token',
  'x-runner-current-user',
  'x-current-user-id',
  'x-current-user-name',
  'x-caller-token',
  'cookie',
  'content-type'
]

/**
 * Records a request that came from outside the simulation (curl, a browser, Burp) as an exchange
 * between the client and this hop. Requests from our own hops are recorded by their sender.
 */
export function traceExternal(sim: HopContext, hop: Hop, req: IncomingMessage, res: ServerResponse): void {
  if (contextOfConnection(req.socket)) return
  const exchange = sim.trace.nextExchange('client')
  const headers: Record<string, string> = {}
  for (const name of INTERESTING_HEADERS) {
    const value = req.headers[name]
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value
  }
  sim.trace.emit('client', {
    kind: 'http.request',
    exchange,
    from: 'client',
    to: hop,
    method: req.method ?? 'GET',
    url: req.url ?? '/',
    headers
  })
  let body = ''
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse
  res.end = ((...args: unknown[]) => {
    const chunk = args[0]
    if (typeof chunk === 'string') body = chunk
    else if (Buffer.isBuffer(chunk)) body = chunk.toString('utf8')
    return end(...args)
  }) as ServerResponse['end']
  res.once('finish', () => {
    const isStream = String(res.getHeader('content-type') ?? '').includes('text/event-stream')
    sim.trace.emit('client', {
      kind: 'http.response',
      exchange,
      from: hop,
      to: 'client',
      status: res.statusCode,
      // Redact before cutting: a secret cut in half at the limit would escape redaction.
      body: isStream ? undefined : sim.redactor.redact(body).slice(0, 4096) || undefined
    })
  })
}
