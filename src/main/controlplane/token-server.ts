import { constants, privateDecrypt } from 'node:crypto'
import type { HopContext } from '../sim/hop-context'
import { HOSTS } from '../net/hosts'
import { sendGoError, sendJson } from '../net/http-error'
import { requestUrl } from '../net/router'
import { listen, type Listener } from '../net/server'
import type { ControlPlane } from '../world/control-plane'

/**
 * The control plane's token server (docs/platform/control-plane.md#the-token-server): `GET /token`
 * with `Authorization: Bearer <base64 RSA-OAEP(SHA-256) ciphertext of a session id>`, answered
 * with `{"token": …}`. Flaw site H7: it checks only that the plaintext looks like a session id
 * and gives out the control plane's own API token; hardened mints a token for the one session the
 * plaintext names, and only for a session that exists.
 */
export async function startTokenServer(sim: HopContext, cp: ControlPlane): Promise<Listener> {
  const listener = await listen('cp-token-server', async (req, res) => {
    const path = requestUrl(req).pathname
    if (path === '/healthz') {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': 2 })
      return void res.end('ok')
    }
    if (path !== '/token') return sendGoError(res, 404, '404 page not found')
    if (req.method !== 'GET') return sendGoError(res, 405, 'method not allowed')
    const header = req.headers.authorization ?? ''
    const ciphertext = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : ''
    if (!ciphertext) return refuse(sim, res, 401, 'unauthorized', 'token request: missing or malformed Authorization header')
    const sessionId = decrypt(cp, ciphertext)
    if (sessionId === null) return refuse(sim, res, 401, 'unauthorized', 'token request: session ID decryption failed')
    if (sessionId.length < 8 || /[ \t\n\r]/.test(sessionId)) return refuse(sim, res, 403, 'forbidden', 'token request: decrypted value does not match session ID pattern')
    if (sim.flaws.has('h7-cp-token-for-any-caller')) {
      sim.trace.emit('control-plane', { kind: 'log', level: 'info', text: 'token request: issued fresh API token' })
      return sendJson(res, 200, { token: cp.apiToken })
    }
    const session = cp.sessionOf(sessionId)
    if (!session) return refuse(sim, res, 403, 'forbidden', 'token request: no such session')
    const token = cp.mintSessionToken(session)
    sim.trace.emit('control-plane', { kind: 'log', level: 'info', text: `token request: issued a token for session ${session} only` })
    return sendJson(res, 200, { token })
  })
  sim.net.register(HOSTS.cpTokenServer, HOSTS.cpTokenServerPort, listener.port)
  return listener
}

function decrypt(cp: ControlPlane, ciphertext: string): string | null {
  // Go's StdEncoding refuses what is not canonical base64; Buffer.from would skip it.
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(ciphertext)) return null
  try {
    return privateDecrypt({ key: cp.privateKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' }, Buffer.from(ciphertext, 'base64')).toString('utf8')
  } catch {
    return null
  }
}

function refuse(sim: HopContext, res: Parameters<typeof sendGoError>[0], status: number, text: string, why: string): void {
  sim.trace.emit('control-plane', { kind: 'log', level: 'warning', text: why })
  sendGoError(res, status, text)
}
