import type { PlatformVersion } from '../../shared/platform-versions'
import { type CredentialSlot, mcpSlot } from '../../shared/providers'
import type { Random } from '../sim/random'
import { makeCredential } from '../vault/canary-values'
import type { CanaryRegistry } from '../vault/canaries'
import type { CredentialStore } from '../vault/credential-store'
import type { Cluster } from './cluster'
import { apiKeySaName, CREATED_BY_ANNOTATION } from './identity'
import { defaultEmail, type UserSpec, type WorldSpec } from './spec'

export const PROJECT_INTEGRATIONS_SECRET = 'ambient-non-vertex-integrations'

/** Puts the world's users, projects, sessions, shares, keys and secrets into the cluster. */
export function populateCluster(cluster: Cluster, spec: WorldSpec, registry: CanaryRegistry, random: Random): void {
  for (const user of spec.users) {
    cluster.users.set(user.id, {
      id: user.id,
      name: user.name ?? user.id,
      email: user.email ?? defaultEmail(user.id),
      username: user.username ?? user.id,
      groups: user.groups
    })
    const token = cluster.issueUserToken(user.id, spec.tokenLifetimeMs)
    registry.register(token, { owner: user.id, slot: 'bearer', field: 'oauth-token' })
  }
  for (const project of spec.projects) {
    cluster.members.set(project.name, new Map(Object.entries(project.members)))
    if (project.customMcpServers) cluster.projectMcpServers.set(project.name, project.customMcpServers)
    for (const session of project.sessions) {
      const owner = requireUser(cluster, session.owner, `session ${project.name}/${session.name}`)
      cluster.sessions.set(`${project.name}/${session.name}`, {
        project: project.name,
        name: session.name,
        userContext: { userId: cluster.platformId(owner), userName: owner.name },
        env: session.env,
        runner: session.runner,
        mcpServers: session.mcpServers,
        customMcpServers: session.customMcpServers ?? null,
        controlPlane: session.controlPlane ?? null,
        parent: session.parent ?? null,
        phase: 'Pending'
      })
      cluster.shares.set(`${project.name}/${session.name}`, new Map(Object.entries(session.sharedWith)))
    }
    for (const key of project.apiKeys) {
      const creator = requireUser(cluster, key.creator, `API key ${key.name}`)
      cluster.putServiceAccount({
        namespace: project.name,
        name: apiKeySaName(key.name),
        annotations: { [CREATED_BY_ANNOTATION]: cluster.platformId(creator) },
        labels: { app: 'ambient-api-key' },
        role: key.role
      })
      const token = cluster.issueServiceAccountToken(project.name, apiKeySaName(key.name))
      registry.register(token, { owner: `sa:${project.name}/${apiKeySaName(key.name)}`, slot: 'bearer', field: 'api-key' })
    }
    for (const sa of project.serviceAccounts) {
      cluster.putServiceAccount({ namespace: project.name, name: sa.name, annotations: sa.annotations, labels: {}, role: sa.role })
      const token = cluster.issueServiceAccountToken(project.name, sa.name)
      registry.register(token, { owner: `sa:${project.name}/${sa.name}`, slot: 'bearer', field: 'sa-token' })
    }
    if (project.githubToken) {
      const token = `ghp_${random.string(36)}`
      registry.register(token, { owner: `project:${project.name}`, slot: 'github', field: 'GITHUB_TOKEN' })
      cluster.putSecret(project.name, PROJECT_INTEGRATIONS_SECRET, { GITHUB_TOKEN: `${token}\n` })
    }
  }
}

function requireUser(cluster: Cluster, id: string, what: string) {
  const user = cluster.users.get(id)
  if (!user) throw new Error(`${what} names user "${id}", who is not in the world's users`)
  return user
}

/** The slots a user's spec asks for, with the seeding options of each. */
export function slotsOf(user: UserSpec): Array<{ slot: CredentialSlot; githubKind?: 'pat' | 'app'; googleExpired?: boolean; googleRefreshToken?: boolean }> {
  const out: ReturnType<typeof slotsOf> = []
  const { github, gitlab, jira, google, coderabbit, gerrit, mcp } = user.credentials
  if (github) out.push({ slot: 'github', githubKind: github === 'app' ? 'app' : 'pat' })
  if (gitlab) out.push({ slot: 'gitlab' })
  if (jira) out.push({ slot: 'jira' })
  if (google) {
    const options = typeof google === 'object' ? google : { expired: false, refreshToken: true }
    out.push({ slot: 'google', googleExpired: options.expired, googleRefreshToken: options.refreshToken })
  }
  for (const server of mcp) out.push({ slot: mcpSlot(server) })
  if (coderabbit) out.push({ slot: 'coderabbit' })
  if (gerrit) out.push({ slot: 'gerrit' })
  return out
}

/**
 * Seeds each user's canary credentials into the vault. With `reuse`, entries the keychain
 * already holds are kept (and fingerprinted), so a restart of `serve` shows the same values.
 */
export async function seedCredentials(
  store: CredentialStore,
  spec: WorldSpec,
  random: Random,
  now: number,
  reuse: boolean
): Promise<void> {
  const existing = reuse ? await store.entries() : []
  const has = new Set(existing.map((e) => `${e.userId}/${e.slot}`))
  // The providers HEAD added draw from their own stream, so every other value (and every
  // interleaving a seed picks) is what it was before they existed.
  const later = random.fork('providers-added-after-the-merge')
  for (const user of spec.users) {
    const email = user.email ?? defaultEmail(user.id)
    for (const wanted of slotsOf(user)) {
      if (has.has(`${user.id}/${wanted.slot}`)) continue
      const source = wanted.slot === 'coderabbit' || wanted.slot === 'gerrit' ? later : random
      await store.write(user.id, wanted.slot, makeCredential(source, wanted.slot, email, now, wanted))
    }
  }
}

/** Users whose Google refresh the fake token endpoint refuses. */
export function refreshFailures(spec: WorldSpec): Set<string> {
  return new Set(spec.users.filter((u) => typeof u.credentials.google === 'object' && u.credentials.google.refreshFails).map((u) => u.id))
}

/** Whether a world sets custom MCP servers anywhere: HEAD's `spec.mcpServers`, which the merge does not have. */
export function usesCustomMcpServers(spec: WorldSpec): boolean {
  return spec.projects.some((p) => p.customMcpServers !== undefined || p.sessions.some((s) => s.customMcpServers !== undefined))
}

/** Whether a world has sessions the ambient control plane created. */
export function usesControlPlane(spec: WorldSpec): boolean {
  return spec.projects.some((p) => p.sessions.some((s) => s.controlPlane !== undefined))
}

/** Why a world cannot run at a version (it uses what came after the merge), or null. */
export function worldVersionProblem(spec: WorldSpec, platform: PlatformVersion): string | null {
  if (platform === 'head') return null
  if (spec.identity === 'sso') return 'identity: sso exists at head only: the merge has no SSO mode'
  // Custom MCP servers came with 09cf5f11c, after the merge (docs/platform/runner.md#custom-mcp-servers-at-head).
  if (usesCustomMcpServers(spec)) return 'customMcpServers exist at head only: the merge has no custom MCP servers'
  if (usesControlPlane(spec)) return 'controlPlane sessions exist at head only: the merge has no control plane'
  return null
}
