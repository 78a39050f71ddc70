import { Agent, request as httpRequest, type ClientRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http'
import type { Socket } from 'node:net'
import type { Hop } from '../../shared/events'
import { currentContext } from '../sim/context'
import type { HopTimers } from '../sim/timers'
import type { ClusterNet } from './cluster-net'
import { forgetFlow, rememberFlow } from './flow-ports'

export interface OutgoingRequest {
  method: string
  /** A cluster URL (`http://backend-service.ambient-code.svc.cluster.local:8080/api/...`). */
  url: string
  headers?: Record<string, string>
  body?: string
  /** Tags our socket so the receiving hop can tell where the request came from. */
  origin?: string
  /** The pod the request leaves from: there `localhost` and `127.0.0.1` are the pod's own ports (its sidecars), not the machine's. */
  podHost?: string
  /** Gives up after this much unpaused time (default 10 s); 0 waits as long as it takes (streams). */
  timeoutMs?: number
}

export interface IncomingResponse {
  status: number
  headers: IncomingHttpHeaders
  stream: IncomingMessage
  text(): Promise<string>
}

/** The network error a caller sees, shaped like the errors of urllib and Go's net/http. */
export class NetworkError extends Error {
  constructor(
    readonly code: 'ENOTFOUND' | 'ECONNREFUSED' | 'ETIMEDOUT' | 'EOTHER',
    message: string
  ) {
    super(message)
  }
}

const DEFAULT_TIMEOUT_MS = 10_000

/**
 * How many connections one hop keeps open to one listener. A hop that needs more waits for one
 * (backpressure) instead of opening sockets until the process runs out of file handles. The
 * front door and the proxy hold a connection for a whole stream (AG-UI events, a turn), so they
 * get more.
 */
const SOCKETS_PER_LISTENER: Record<Hop, number> = {
  client: 64,
  frontdoor: 256,
  backend: 64,
  proxy: 256,
  runner: 64,
  provider: 16,
  operator: 16,
  kube: 16,
  'control-plane': 16,
  vault: 16,
  harness: 64
}

const agents = new Map<Hop, Agent>()

/** The keep-alive agent of one calling hop, shared by every engine of the process. */
function agentOf(hop: Hop): Agent {
  let agent = agents.get(hop)
  if (!agent) {
    agent = new Agent({ keepAlive: true, maxSockets: SOCKETS_PER_LISTENER[hop], maxFreeSockets: 16, scheduling: 'lifo' })
    agents.set(hop, agent)
  }
  return agent
}

/** Sockets whose close already forgets their flow-port entries. */
const tracked = new WeakSet<Socket>()

/**
 * Sends one HTTP request over loopback through the simulated cluster DNS, on the calling hop's
 * keep-alive agent. The socket carries the caller's work context to the receiving hop for this
 * request (see flow-ports.ts); nothing is added on the wire except the Host header of the
 * cluster name. A request that meets a kept-alive socket the server had just closed is sent once
 * more on a new one.
 */
export async function send(net: ClusterNet, from: Hop, timers: HopTimers, out: OutgoingRequest): Promise<IncomingResponse> {
  const url = new URL(out.url)
  const port = net.resolve(url, out.podHost)
  if (port === null) throw new NetworkError('ENOTFOUND', `getaddrinfo ENOTFOUND ${url.hostname}`)
  try {
    return await attempt(url, port, from, timers, out)
  } catch (error) {
    if (!(error instanceof StaleSocket)) throw error
    return attempt(url, port, from, timers, out)
  }
}

/** A kept-alive socket the server closed just as we reused it; nothing reached the server. */
class StaleSocket extends Error {}

function attempt(url: URL, port: number, from: Hop, timers: HopTimers, out: OutgoingRequest): Promise<IncomingResponse> {
  const context = currentContext()
  const timeoutMs = out.timeoutMs ?? DEFAULT_TIMEOUT_MS
  return new Promise((resolve, reject) => {
    let cancelTimer = (): void => {}
    const req: ClientRequest = httpRequest(
      { host: '127.0.0.1', port, method: out.method, path: `${url.pathname}${url.search}`, headers: { Host: url.host, ...out.headers }, agent: agentOf(from) },
      (res) => {
        res.once('end', cancelTimer)
        res.once('close', cancelTimer)
        resolve({ status: res.statusCode ?? 0, headers: res.headers, stream: res, text: () => readAll(res) })
      }
    )
    if (timeoutMs > 0) {
      cancelTimer = timers.start(timeoutMs, () => req.destroy(new NetworkError('ETIMEDOUT', `timed out after ${timeoutMs} ms`)))
    }
    // 'socket' comes before the request is written, also on a reused socket: the entry is this request's.
    req.on('socket', (socket) => {
      const remember = (): void => {
        rememberFlow(socket, context, out.origin ?? null)
        const { localPort, remotePort } = socket
        if (tracked.has(socket) || localPort === undefined || remotePort === undefined) return
        tracked.add(socket)
        socket.once('close', () => forgetFlow(socket, localPort, remotePort))
      }
      if (socket.localPort !== undefined && !socket.connecting) remember()
      else socket.once('connect', remember)
    })
    req.on('error', (error: NodeJS.ErrnoException) => {
      cancelTimer()
      if (error instanceof NetworkError) reject(error)
      else if (req.reusedSocket && (error.code === 'ECONNRESET' || error.code === 'EPIPE')) reject(new StaleSocket(error.message))
      else if (error.code === 'ECONNREFUSED') reject(new NetworkError('ECONNREFUSED', `connect ECONNREFUSED ${url.host}`))
      else reject(new NetworkError('EOTHER', error.message))
    })
    if (out.body !== undefined) req.write(out.body)
    req.end()
  })
}

function readAll(stream: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    stream.on('data', (chunk: Buffer) => chunks.push(chunk))
    stream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    stream.on('error', reject)
    stream.on('aborted', () => reject(new NetworkError('EOTHER', 'the response was cut short')))
  })
}
