import type { ServerResponse } from 'node:http'
import type { Hop } from '../../shared/events'
import type { HopContext } from '../sim/hop-context'
import { sendError } from './http-error'

/** How the trace names a 5xx the platform itself answers, so nobody mistakes it for a credscope fault. */
export const PLATFORM_BEHAVIOR = 'Platform behavior:'

/**
 * Answers with a server error that the platform gives for this input itself (a Forbidden read
 * answered 500, a refresh failure answered 502), and says so on the trace. Any other 5xx from a
 * hop is credscope's own fault.
 */
export function sendPlatformError(sim: HopContext, hop: Hop, res: ServerResponse, status: number, message: string, why: string): void {
  sim.trace.emit(hop, { kind: 'note', text: `${PLATFORM_BEHAVIOR} ${why}; the platform answers ${status} "${message}" here.` })
  sendError(res, status, message)
}
