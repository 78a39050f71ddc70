import { readFile } from 'node:fs/promises'
import { extname, isAbsolute, relative, resolve } from 'node:path'
import { DESKTOP_CSP } from './security'

/**
 * The desktop window's own origin, app://credscope: the built renderer served with the strict
 * CSP as a header (file:// can carry no headers), and nothing outside that directory.
 */
export const APP_SCHEME = 'app'
export const APP_HOST = 'credscope'
export const APP_PAGE_URL = `${APP_SCHEME}://${APP_HOST}/index.html`

/** Standard (relative URLs, an origin of its own) and secure; no CSP bypass, no cross-origin reads. */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true } as const

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff'
}

/** The content type of a served file; anything unlisted is opaque bytes (and nosniff keeps it so). */
export function appContentType(file: string): string {
  return TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream'
}

/** Headers on every app:// response, refusals included. */
export function appResponseHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': DESKTOP_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store'
  }
}

export type AppRequestTarget = { ok: true; file: string; contentType: string } | { ok: false; status: 400 | 403 | 404 | 405; reason: string }

/**
 * Maps an app:// request to a file inside the built renderer, or refuses it. Each path segment is
 * decoded on its own, so an encoded `..`, slash, backslash or NUL cannot climb out of the directory.
 */
export function resolveAppRequest(rendererDir: string, url: string, method = 'GET'): AppRequestTarget {
  if (method !== 'GET' && method !== 'HEAD') return { ok: false, status: 405, reason: `${method} is not served` }
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return { ok: false, status: 400, reason: 'Malformed URL' }
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return { ok: false, status: 404, reason: 'Not found' }
  if (parsed.pathname.includes('\\')) return { ok: false, status: 403, reason: 'Path outside the renderer' }
  // Chromium always sends a path; Node's parser leaves `app://credscope` (or `/..`) with none.
  const pathname = parsed.pathname === '' ? '/' : parsed.pathname
  const segments: string[] = []
  for (const raw of pathname.split('/').slice(1)) {
    let segment: string
    try {
      segment = decodeURIComponent(raw)
    } catch {
      return { ok: false, status: 400, reason: 'Malformed path' }
    }
    if (segment === '.' || segment === '..' || /[/\\:\0]/.test(segment)) return { ok: false, status: 403, reason: 'Path outside the renderer' }
    segments.push(segment)
  }
  const path = segments.length === 1 && segments[0] === '' ? ['index.html'] : segments
  // Empty segments are directories (`assets/`) or doubled slashes: nothing to serve.
  if (path.some((segment) => segment === '')) return { ok: false, status: 404, reason: 'Not found' }
  const root = resolve(rendererDir)
  const file = resolve(root, ...path)
  const inside = relative(root, file)
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return { ok: false, status: 403, reason: 'Path outside the renderer' }
  return { ok: true, file, contentType: appContentType(file) }
}

/** The request fields the handler reads (Electron passes a full Request). */
export interface AppRequestLike {
  url: string
  method: string
}

export type ReadRendererFile = (file: string) => Promise<Uint8Array>

/** The protocol.handle handler: the resolved file with the CSP header, or a refusal; never index.html as a fallback. */
export function appProtocolHandler(rendererDir: string, read: ReadRendererFile = readFile): (request: AppRequestLike) => Promise<Response> {
  return async (request) => {
    const target = resolveAppRequest(rendererDir, request.url, request.method)
    if (!target.ok) return refusal(target.status, target.reason)
    let body: Uint8Array
    try {
      body = await read(target.file)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      const missing = code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR'
      return missing ? refusal(404, 'Not found') : refusal(500, 'Could not read the file')
    }
    const headers = { ...appResponseHeaders(target.contentType), 'Content-Length': String(body.byteLength) }
    return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers })
  }
}

function refusal(status: number, reason: string): Response {
  return new Response(reason, { status, headers: appResponseHeaders('text/plain; charset=utf-8') })
}
