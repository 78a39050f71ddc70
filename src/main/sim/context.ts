import { AsyncLocalStorage } from 'node:async_hooks'

/**
 * What a piece of work belongs to: the flow the scheduler knows it by and the turn it serves.
 * It follows the work across our own loopback HTTP hops (see net/client.ts and net/server.ts)
 * without adding anything to the wire.
 */
export interface WorkContext {
  flow: number | null
  turn: string | null
}

const storage = new AsyncLocalStorage<WorkContext>()
const NONE: WorkContext = { flow: null, turn: null }

export function currentContext(): WorkContext {
  return storage.getStore() ?? NONE
}

export function runInContext<T>(context: WorkContext, fn: () => T): T {
  return storage.run(context, fn)
}

/** Runs fn as part of the current flow but attributed to the given turn. */
export function withTurn<T>(turn: string | null, fn: () => T): T {
  return storage.run({ ...currentContext(), turn }, fn)
}
