import type { Socket } from 'node:net'
import type { WorkContext } from '../sim/context'

/**
 * Our own outgoing connections, mapped to the work they carry and to who sent them. A listener
 * looks up the connection of an incoming request here and continues that work, so a turn's
 * context crosses loopback hops without a header on the wire. Requests from outside (curl, a
 * browser) are not here and run with no context.
 *
 * A connection is known by both its ports: the kernel gives two live sockets the same local port
 * when they go to different listeners, so the client port alone would hand one turn's work to
 * another.
 */
interface Flow {
  /** The client socket that owns the entry; a closing socket forgets only its own. */
  socket: Socket
  context: WorkContext
  origin: string | null
}

const flows = new Map<string, Flow>()

const key = (clientPort: number, serverPort: number): string => `${clientPort}>${serverPort}`

/** Our client socket carries this work (and comes from this origin) for the request about to be written on it. */
export function rememberFlow(socket: Socket, context: WorkContext, origin: string | null): void {
  const { localPort, remotePort } = socket
  if (localPort === undefined || remotePort === undefined) return
  flows.set(key(localPort, remotePort), { socket, context, origin })
}

/** Our client socket closed: its entry goes, unless its ports already carry a newer socket. */
export function forgetFlow(socket: Socket, clientPort: number, serverPort: number): void {
  const at = key(clientPort, serverPort)
  if (flows.get(at)?.socket === socket) flows.delete(at)
}

/** The flow of a request that arrived on one of our listeners, seen from the server's side of the connection. */
function flowOf(serverSide: Socket): Flow | null {
  const { remotePort, localPort } = serverSide
  return remotePort === undefined || localPort === undefined ? null : (flows.get(key(remotePort, localPort)) ?? null)
}

export function contextOfConnection(serverSide: Socket): WorkContext | null {
  return flowOf(serverSide)?.context ?? null
}

/** Which of our own clients sent a request (e.g. the front door), or null for anyone else. */
export function originOfConnection(serverSide: Socket): string | null {
  return flowOf(serverSide)?.origin ?? null
}
