import { Agent, createServer, request, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/**
 * How the floor's client connects. `new`: a new connection for each round trip, the floor the
 * issue's targets were set against (docs/architecture.md, performance targets). `kept-alive`: as
 * the hops' agents send (src/main/net/client.ts), the stricter floor.
 */
export type FloorConnections = 'new' | 'kept-alive'

export const FLOOR_CONNECTIONS: readonly FloorConnections[] = ['new', 'kept-alive']

/** How each floor is named in the reports. */
export const FLOOR_LABEL: Record<FloorConnections, string> = { new: 'a new connection each', 'kept-alive': 'kept-alive, as the hops send' }

/** A trivial JSON server on loopback, and a client that reaches it over loopback as the hops do. */
export interface Floor {
  readonly connections: FloorConnections
  /** One round trip: a small JSON POST, the whole reply read. */
  roundTrip(): Promise<void>
  /** `count` round trips one after another. */
  sequence(count: number): Promise<void>
  close(): Promise<void>
}

const REPLY = JSON.stringify({ ok: true, note: 'floor' })

export async function startFloor(connections: FloorConnections): Promise<Floor> {
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
  const agent = connections === 'kept-alive' ? new Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 16, scheduling: 'lifo' }) : false
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
          agent,
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
    connections,
    roundTrip,
    async sequence(count: number): Promise<void> {
      for (let i = 0; i < count; i++) await roundTrip()
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (agent) agent.destroy()
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}
