import { readFile } from 'node:fs/promises'
import type { ServerResponse } from 'node:http'
import { extname, join, normalize } from 'node:path'
import { sendError } from '../net/http-error'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2'
}

/** The web shell's CSP: our own scripts only, talking to our own origin only. */
export const WEB_SHELL_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/** Serves the built renderer; any path that is not a file gets index.html (the app routes itself). */
export async function serveStatic(rendererDir: string, path: string, res: ServerResponse): Promise<void> {
  let decoded: string
  try {
    decoded = decodeURIComponent(path)
  } catch {
    return sendError(res, 400, 'Malformed request path')
  }
  const clean = normalize(decoded).replace(/^(\.\.(\/|\\|$))+/, '')
  const file = join(rendererDir, clean === '/' ? 'index.html' : clean)
  if (!file.startsWith(rendererDir)) return sendError(res, 404, 'Not found')
  let body: Buffer
  let type = TYPES[extname(file)] ?? 'application/octet-stream'
  try {
    body = await readFile(file)
  } catch {
    try {
      body = await readFile(join(rendererDir, 'index.html'))
      type = TYPES['.html'] ?? 'text/html'
    } catch {
      return sendError(res, 404, 'The web shell is not built: run `npm run build`')
    }
  }
  res.writeHead(200, {
    'Content-Type': type,
    'Content-Length': body.length,
    'Content-Security-Policy': WEB_SHELL_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store'
  })
  res.end(body)
}
