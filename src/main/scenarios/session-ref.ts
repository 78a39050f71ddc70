import type { Engine } from '../engine/engine'

/** `shared-1` or `demo/shared-1`; default: the first session of the world. */
export function resolveSession(engine: Engine, ref: string | undefined): { project: string; session: string } {
  if (ref?.includes('/')) {
    const [project = '', session = ''] = ref.split('/')
    return { project, session }
  }
  const sessions = [...engine.sim.cluster.sessions.values()]
  const found = ref ? sessions.find((s) => s.name === ref) : sessions[0]
  return { project: found?.project ?? 'demo', session: found?.name ?? ref ?? 'shared-1' }
}

