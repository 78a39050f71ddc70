import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { runInContext } from '../sim/context'
import { contextOfConnection } from './flow-ports'
import { HttpError, sendError } from './http-error'

export interface Listener {
  readonly name: string
  readonly port: number
  readonly url: string
  close(): Promise<void>
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>

/** The largest header block we accept; Node answers 431 beyond it, in our error shape. */
export const MAX_HEADER_BYTES = 16 * 1024

/**
 * Starts a loopback listener on an OS-assigned port. Requests from our own hops continue the
 * work that sent them; malformed requests get the platform's error shape, never a crash; an
 * unexpected error becomes a 500 with no detail.
 */
export async function listen(
  name: string,
  handler: RequestHandler,
  onUnexpected: (error: unknown) => void = () => {},
  port = 0
): Promise<Listener> {
  const server: Server = createServer({ maxHeaderSize: MAX_HEADER_BYTES, requireHostHeader: false }, (req, res) => {
    // Node's own answer to an HTTP/1.1 request without Host has an empty body; answer in our error shape.
    if (req.httpVersion === '1.1' && req.headers.host === undefined) {
      res.setHeader('Connection', 'close')
      return sendError(res, 400, 'Bad request: missing Host header')
    }
    const context = contextOfConnection(req.socket) ?? { flow: null, turn: null }
    void runInContext(context, async () => {
      try {
        await handler(req, res)
      } catch (error) {
        if (error instanceof HttpError) {
          sendError(res, error.status, error.message)
          return
        }
        onUnexpected(error)
        if (!res.headersSent) sendError(res, 500, 'Internal server error')
        else res.end()
      }
    })
  })
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => answerClientError(error, socket))
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`${name}: port ${port} on 127.0.0.1 is already in use; choose another with --port`)
          : error
      )
    )
    server.listen(port, '127.0.0.1', () => resolve())
  })
  const actual = (server.address() as AddressInfo).port
  return {
    name,
    port: actual,
    url: `http://127.0.0.1:${actual}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}

function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy()
    return
  }
  const [status, message] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request header fields too large']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request timeout']
        : [400, 'Bad request: malformed HTTP']
  const body = JSON.stringify({ error: message })
  const reason = status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request'
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  )
}
