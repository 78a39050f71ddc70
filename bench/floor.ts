import { createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A trivial JSON server on loopback, and a client that reaches it the way every hop does. */
export interface Floor {
  /** One round trip: a new connection (agent:false), a small JSON POST, the whole reply read. */
  roundTrip(): Promise<void>
  /** `count` round trips one after another. */
  sequence(count: number): Promise<void>
  close(): Promise<void>
}

const REPLY = JSON.stringify({ ok: true, note: 'floor' })

export async function startFloor(): Promise<Floor> {
  const server: Server = createServer((req, res) => {
    // Read the request body first, as every engine hop does before it answers.
    req.resume()
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(REPLY) })
      res.end(REPLY)
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  const body = JSON.stringify({ threadId: 'floor', messages: [{ role: 'user', content: 'github.whoami' }] })

  const roundTrip = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: '/floor',
          headers: { Host: 'floor.svc.cluster.local', 'Content-Type': 'application/json' },
          agent: false,
          timeout: 10_000
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (chunk: Buffer) => chunks.push(chunk))
          res.on('end', () => {
            JSON.parse(Buffer.concat(chunks).toString('utf8'))
            resolve()
          })
          res.on('error', reject)
        }
      )
      req.on('timeout', () => req.destroy(new Error('floor round trip timed out')))
      req.on('error', reject)
      req.end(body)
    })

  return {
    roundTrip,
    async sequence(count: number): Promise<void> {
      for (let i = 0; i < count; i++) await roundTrip()
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}
