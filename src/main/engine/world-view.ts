import type { PlatformVersion } from '../../shared/platform-versions'
import type { WorldSummary } from '../../shared/api'
import { maskSecret } from '../../shared/mask'
import { secretFields } from '../../shared/providers'
import { runnerClusterUrl } from '../net/hosts'
import { slotsOf } from '../world/build-world'
import { apiKeySaName, runnerTokenSecret, sessionSaName } from '../world/identity'
import type { HopContext } from '../sim/hop-context'
import { newestUserToken } from '../world/user-tokens'

type SessionSummary = WorldSummary['sessions'][number]
type UserCredentials = WorldSummary['users'][number]['credentials']

/**
 * What `/world` tells a reviewer: every principal with the token to act as it. The renderer's
 * `WorldSummary` is the same shape with tokens masked and without the runner's env.
 */
export interface WorldView extends Omit<WorldSummary, 'urls' | 'sessions'> {
  urls: Omit<WorldSummary['urls'], 'control'>
  sessions: Array<SessionSummary & { runnerUrl: string; env: Record<string, string> }>
}

/** What the engine knows that the simulated cluster does not. */
export interface WorldFacts {
  runId: string
  platform: PlatformVersion
  profile: string
  vault: WorldView['vault']
  urls: WorldView['urls']
  /** Each user's credentials in the vault, masked, by user id. */
  credentials: ReadonlyMap<string, UserCredentials>
  runnerUrl: (project: string, session: string) => string
}

/** Reads each user's credentials from the vault, masked with their fingerprints. */
export async function vaultCredentials(sim: HopContext): Promise<Map<string, UserCredentials>> {
  const out = new Map<string, UserCredentials>()
  for (const spec of sim.world.users) {
    const credentials: UserCredentials = []
    for (const { slot } of slotsOf(spec)) {
      const cred = await sim.credentials.read(spec.id, slot).catch(() => null)
      const first = cred ? secretFields(cred)[0] : undefined
      if (first) credentials.push({ slot, masked: maskSecret(first.value), fingerprint: sim.registry.refOf(first.value)?.fingerprint ?? '' })
    }
    out.set(spec.id, credentials)
  }
  return out
}

/** The world as it stands: a projection of the cluster and the facts, with no effects. */
export function worldView(sim: HopContext, facts: WorldFacts): WorldView {
  const { cluster, world, clock } = sim
  const saToken = (namespace: string, name: string): string => cluster.tokensOf({ kind: 'sa', namespace, name }).at(-1)?.token ?? ''
  const users = world.users.flatMap((spec) => {
    const user = cluster.users.get(spec.id)
    if (!user) return []
    const record = newestUserToken(sim, user.id)
    return [
      {
        id: user.id,
        name: user.name,
        email: user.email,
        username: user.username,
        userID: cluster.platformId(user),
        token: record?.token ?? '',
        tokenExpiresAt: record?.expiresAt ? new Date(record.expiresAt).toISOString() : null,
        credentials: facts.credentials.get(user.id) ?? []
      }
    ]
  })
  const sessions = [...cluster.sessions.values()].map((s) => {
    const sa = cluster.serviceAccount(s.project, sessionSaName(s.name))
    const ownerUser = cluster.userByPlatformId(s.userContext.userId)
    return {
      project: s.project,
      name: s.name,
      owner: ownerUser?.id ?? s.userContext.userId,
      ownerUserID: s.userContext.userId,
      sharedWith: Object.fromEntries(cluster.shares.get(`${s.project}/${s.name}`) ?? []),
      runner: s.runner,
      phase: s.phase,
      serviceAccount: sessionSaName(s.name),
      annotations: sa?.annotations ?? {},
      botToken: saToken(s.project, sessionSaName(s.name)),
      aguiToken: sim.cluster.secret(s.project, runnerTokenSecret(s.name))?.['agui-token'] ?? '',
      runnerUrl: facts.runnerUrl(s.project, s.name),
      runnerClusterUrl: runnerClusterUrl(s.project, s.name),
      env: s.env
    }
  })
  return {
    runId: facts.runId,
    platform: facts.platform,
    profile: facts.profile,
    flaws: sim.flaws.list(),
    vault: facts.vault,
    now: new Date(clock.now()).toISOString(),
    identity: world.identity,
    urls: facts.urls,
    users,
    projects: world.projects.map((p) => ({ name: p.name, members: p.members })),
    sessions,
    apiKeys: world.projects.flatMap((p) =>
      p.apiKeys.map((k) => ({ project: p.name, name: k.name, creator: k.creator, role: k.role, serviceAccount: apiKeySaName(k.name), token: saToken(p.name, apiKeySaName(k.name)) }))
    ),
    serviceAccounts: world.projects.flatMap((p) =>
      p.serviceAccounts.map((sa) => ({ project: p.name, name: sa.name, role: sa.role, annotations: sa.annotations, token: saToken(p.name, sa.name) }))
    ),
    schedules: world.projects.flatMap((p) => p.schedules.map((s) => ({ project: p.name, name: s.name, session: s.session })))
  }
}
