import type { ServerResponse } from 'node:http'

/** Writes the platform's error shape, `{"error": "<text>"}`. */
export function sendError(res: ServerResponse, status: number, message: string): void {
  sendJson(res, status, { error: message })
}

/** gin's answer to a path no route matches (the backend sets no NoRoute handler): docs/platform/backend.md#routing-gin. */
export function sendGinNotFound(res: ServerResponse): void {
  if (res.headersSent) {
    res.end()
    return
  }
  res.writeHead(404, { 'Content-Type': 'text/plain', 'Content-Length': 18 })
  res.end('404 page not found')
}

/** Go's `http.Error`: the text and a newline, as plain text the browser must not sniff. */
export function sendGoError(res: ServerResponse, status: number, text: string): void {
  if (res.headersSent) {
    res.end()
    return
  }
  const body = `${text}\n`
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', 'Content-Length': Buffer.byteLength(body) })
  res.end(body)
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) {
    res.end()
    return
  }
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text)
  })
  res.end(text)
}

/** Thrown by request helpers to answer with a 4xx in the error shape. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message)
  }
}

/**
 * What Go's `json.NewEncoder(w).Encode(v)` writes after a handler set `application/json`: the
 * JSON with <, > and & escaped as \u003c, \u003e, \u0026, and a newline.
 */
export function sendGoEncoded(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) {
    res.end()
    return
  }
  const escapes: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' }
  const text = `${JSON.stringify(body).replace(/[<>&\u2028\u2029]/g, (c) => escapes[c] ?? c)}\n`
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) })
  res.end(text)
}

