import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http'
import { currentContext } from '../sim/context'
import type { ClusterNet } from './cluster-net'
import { forgetOrigin, forgetSocket, rememberOrigin, rememberSocket } from './flow-ports'

export interface OutgoingRequest {
  method: string
  /** A cluster URL (`http://backend-service.ambient-code.svc.cluster.local:8080/api/...`). */
  url: string
  headers?: Record<string, string>
  body?: string
  /** Tags our socket so the receiving hop can tell where the request came from. */
  origin?: string
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

/**
 * Sends one HTTP request over loopback through the simulated cluster DNS. The socket carries
 * the caller's work context to the receiving hop (see flow-ports.ts); nothing is added on the
 * wire except the Host header of the cluster name.
 */
export function send(net: ClusterNet, out: OutgoingRequest): Promise<IncomingResponse> {
  const url = new URL(out.url)
  const port = net.resolve(url)
  if (port === null) {
    return Promise.reject(new NetworkError('ENOTFOUND', `getaddrinfo ENOTFOUND ${url.hostname}`))
  }
  const context = currentContext()
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: out.method,
        path: `${url.pathname}${url.search}`,
        headers: { Host: url.host, ...out.headers },
        agent: false,
        timeout: out.timeoutMs ?? 10_000
      },
      (res) =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          stream: res,
          text: () => readAll(res)
        })
    )
    req.on('socket', (socket) => {
      const remember = (): void => {
        const localPort = socket.localPort
        if (localPort === undefined) return
        rememberSocket(localPort, context)
        if (out.origin) rememberOrigin(localPort, out.origin)
        socket.once('close', () => {
          forgetSocket(localPort)
          forgetOrigin(localPort)
        })
      }
      if (socket.localPort !== undefined && !socket.connecting) remember()
      else socket.once('connect', remember)
    })
    req.on('timeout', () => req.destroy(new NetworkError('ETIMEDOUT', `timed out after ${out.timeoutMs ?? 10_000} ms`)))
    req.on('error', (error: NodeJS.ErrnoException) => {
      if (error instanceof NetworkError) reject(error)
      else if (error.code === 'ECONNREFUSED')
        reject(new NetworkError('ECONNREFUSED', `connect ECONNREFUSED ${url.host}`))
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
  })
}
