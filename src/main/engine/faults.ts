import type { Engine } from './engine'

/** Faults a scenario or the app can switch on in a running world. */
export const ENGINE_FAULTS = [
  'self-subject-review',
  'token-review',
  'access-review',
  'sa-update',
  'keychain-locked',
  'worker-start',
  'google-refresh',
  'active-user-garbage'
] as const

export type EngineFault = (typeof ENGINE_FAULTS)[number]

export interface FaultTarget {
  /** The user a per-user fault (google-refresh) hits. */
  user?: string
  /** The session a per-session fault (worker-start, active-user-garbage) hits. */
  project: string
  session: string
}

/** Switches a fault on or off; answers what is wrong with the request, or null once done. */
export function applyFault(engine: Engine, name: EngineFault, on: boolean, target: FaultTarget): string | null {
  switch (name) {
    case 'self-subject-review':
    case 'token-review':
    case 'access-review':
    case 'sa-update':
      if (on) engine.sim.cluster.faults.add(name)
      else engine.sim.cluster.faults.delete(name)
      return null
    case 'keychain-locked':
      engine.vaultFailing = on
      return null
    case 'worker-start': {
      const runner = engine.runner(target.project, target.session)
      if (!runner) return `fault worker-start: no runner for ${target.project}/${target.session}`
      runner.bridge.sessionManager.failNextCreate = on
      return null
    }
    case 'active-user-garbage':
      // A value of the wrong type in the sync.Map, which PR flaw 22's unchecked assertion trips on.
      if (on) engine.state.activeUsers.set(target.project, target.session, 42, 'fault: a non-string value')
      else engine.state.activeUsers.clear(target.project, target.session, 'fault cleared')
      return null
    case 'google-refresh':
      if (!target.user) return 'fault google-refresh needs a user: { name: google-refresh, user: bob }'
      if (on) engine.providerFaults.googleRefreshFails.add(target.user)
      else engine.providerFaults.googleRefreshFails.delete(target.user)
      return null
  }
}
