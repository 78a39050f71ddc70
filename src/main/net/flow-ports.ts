import type { WorkContext } from '../sim/context'

/**
 * Local ports of our own outgoing sockets, mapped to the work they carry. A listener looks up
 * the remote port of an incoming request here and continues that work, so a turn's context
 * crosses loopback hops without a header on the wire. Requests from outside (curl, a browser)
 * are not here and run with no context.
 */
const contexts = new Map<number, WorkContext>()

export function rememberSocket(localPort: number, context: WorkContext): void {
  contexts.set(localPort, context)
}

export function forgetSocket(localPort: number): void {
  contexts.delete(localPort)
}

export function contextOfRemotePort(remotePort: number | undefined): WorkContext | null {
  return remotePort === undefined ? null : (contexts.get(remotePort) ?? null)
}

/** Whether a request's remote port belongs to one of the given kinds of our own clients. */
const origins = new Map<number, string>()

export function rememberOrigin(localPort: number, origin: string): void {
  origins.set(localPort, origin)
}

export function forgetOrigin(localPort: number): void {
  origins.delete(localPort)
}

export function originOfRemotePort(remotePort: number | undefined): string | null {
  return remotePort === undefined ? null : (origins.get(remotePort) ?? null)
}
