import type { IncomingMessage, ServerResponse } from 'node:http'
import { MAX_BODY_BYTES, readBody } from './body'
import { HttpError } from './http-error'

export interface Request {
  readonly method: string
  readonly path: string
  readonly query: URLSearchParams
  readonly params: Readonly<Record<string, string>>
  readonly raw: IncomingMessage
  /** The first value of a header, '' when absent (Go's Header.Get). */
  header(name: string): string
  /** The body as text, at most `limit` bytes (413 beyond). */
  text(limit?: number): Promise<string>
}

export type Handler = (req: Request, res: ServerResponse) => Promise<void> | void

interface Route {
  method: string
  segments: string[]
  handler: Handler
}

/** A small path router with `:param` segments, matching on decoded segments as gin does. */
export class Router {
  private readonly routes: Route[] = []

  add(method: string, pattern: string, handler: Handler): this {
    this.routes.push({ method, segments: pattern.split('/').filter(Boolean), handler })
    return this
  }

  get(pattern: string, handler: Handler): this {
    return this.add('GET', pattern, handler)
  }

  post(pattern: string, handler: Handler): this {
    return this.add('POST', pattern, handler)
  }

  /** Finds the route for a request; null when no route matches the path. */
  match(raw: IncomingMessage): { handler: Handler; req: Request } | null {
    const url = requestUrl(raw)
    const segments = splitPath(url.pathname)
    for (const route of this.routes) {
      if (route.method !== raw.method && !(route.method === 'GET' && raw.method === 'HEAD')) continue
      const params = matchSegments(route.segments, segments)
      if (params) return { handler: route.handler, req: makeRequest(raw, url, params) }
    }
    return null
  }
}

/** The path and query of an incoming request. */
export interface RequestTarget {
  pathname: string
  searchParams: URLSearchParams
}

/**
 * The URL of an incoming request, with the path exactly as sent: a URL parser resolves `..` and
 * `%2E%2E` segments, which Go's server does not (docs/platform/backend.md#routing-gin). A request
 * target no URL parser takes is a 400, not a crash.
 */
export function requestUrl(raw: IncomingMessage): RequestTarget {
  const target = raw.url ?? '/'
  let parsed: URL
  try {
    parsed = new URL(target, 'http://request.invalid')
  } catch {
    throw new HttpError(400, 'Malformed request target')
  }
  // An origin-form target keeps its own path; an absolute-form one (`http://host/p`) its parsed path.
  const pathname = target.startsWith('/') ? (target.split(/[?#]/, 1)[0] ?? '/') : parsed.pathname
  return { pathname, searchParams: parsed.searchParams }
}

/**
 * The path as gin matches it: Go decodes the whole path first (url.URL.Path), then gin splits it,
 * so `a%2Fb` is two segments, not a name with a slash (docs/platform/backend.md#routing-gin).
 */
function splitPath(pathname: string): string[] {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    // Go's server refuses a request URI with a bad escape before any handler runs.
    throw new HttpError(400, 'Malformed request path')
  }
  return decoded.split('/').filter(Boolean)
}

function matchSegments(pattern: string[], segments: string[]): Record<string, string> | null {
  if (pattern.length !== segments.length) return null
  const params: Record<string, string> = {}
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string
    const s = segments[i] as string
    if (p.startsWith(':')) params[p.slice(1)] = s
    else if (p !== s) return null
  }
  return params
}

function makeRequest(raw: IncomingMessage, url: RequestTarget, params: Record<string, string>): Request {
  let body: Promise<string> | null = null
  return {
    method: raw.method ?? 'GET',
    path: url.pathname,
    query: url.searchParams,
    params,
    raw,
    // The first value of a repeated header, as Go's Header.Get (gin's GetHeader) reads it; Node
    // would join two into "bob, bob" (docs/platform/backend.md#routing-gin).
    header(name: string): string {
      return raw.headersDistinct[name.toLowerCase()]?.[0] ?? ''
    },
    text(limit = MAX_BODY_BYTES): Promise<string> {
      body ??= readBody(raw, limit)
      return body
    }
  }
}

/** Parses a JSON body, answering 400 with the given prefix when it is not JSON. */
export function parseJson(text: string, prefix: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch (error) {
    throw new HttpError(400, `${prefix}${error instanceof Error ? error.message : 'invalid JSON'}`)
  }
}

export type { ServerResponse }
