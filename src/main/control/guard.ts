import type { IncomingMessage } from 'node:http'
import { timingSafeEqual } from 'node:crypto'

/**
 * Whether a request to the control API may go on: it must name our loopback host (so a web page
 * cannot reach us through DNS rebinding), come from our own origin if it names one, and carry
 * the per-launch token. Returns the reason it may not, or null.
 */
export function refuseControlRequest(req: IncomingMessage, port: number, token: string): { status: number; message: string } | null {
  const foreign = refuseForeignPage(req, port)
  if (foreign) return foreign
  const presented = bearerOf(req.headers.authorization ?? '')
  if (!presented || !sameSecret(presented, token)) {
    return { status: 401, message: 'Control token required: send Authorization: Bearer <controlToken> from the ready line' }
  }
  return null
}

/** Host and Origin only: what the static files of the web shell need. */
export function refuseForeignPage(req: IncomingMessage, port: number): { status: number; message: string } | null {
  const host = req.headers.host ?? ''
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`]
  if (!allowedHosts.includes(host)) return { status: 403, message: `Host "${host}" is not this server; use 127.0.0.1:${port}` }
  const origin = req.headers.origin
  if (origin !== undefined && !allowedHosts.map((h) => `http://${h}`).includes(origin)) {
    return { status: 403, message: `Origin "${origin}" may not drive credscope` }
  }
  return null
}

function bearerOf(header: string): string {
  const match = /^Bearer\s+(.+)$/i.exec(header.trim())
  return match ? (match[1] ?? '').trim() : ''
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a)
  const right = Buffer.from(b)
  return left.length === right.length && timingSafeEqual(left, right)
}
