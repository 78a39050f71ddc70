import type { ServerResponse } from 'node:http'
import type { HopContext } from '../../sim/hop-context'
import { goTime } from '../../net/go-time'
import { HOSTS } from '../../net/hosts'
import { callHop } from '../../net/hop-client'
import { sendError, sendJson } from '../../net/http-error'
import { makeCredential } from '../../vault/canary-values'
import { PROJECT_INTEGRATIONS_SECRET } from '../../world/build-world'
import type { Allowed } from './enforce'
import { logHandlerFailure } from './enforce'
import { emitMissing, emitServed } from './served'

const NO_GITHUB = 'no GitHub credentials available. Connect GitHub on the Integrations page'

interface GitHubToken {
  token: string
  expiresAt: string | null
  owner: string
  source: 'pat' | 'app' | 'project-token'
}

/** `GetGitHubTokenForSession` after the prelude (docs/platform/credential-endpoints.md#github). */
export async function serveGitHub(sim: HopContext, project: string, allowed: Allowed, res: ServerResponse): Promise<void> {
  let found: GitHubToken | null
  try {
    found = await getGitHubToken(sim, project, allowed)
  } catch {
    found = null
  }
  if (!found) {
    logHandlerFailure(sim, 'GitHub token', allowed.effective)
    emitMissing(sim, 'github', allowed.effective, 404, NO_GITHUB)
    return sendError(res, 404, NO_GITHUB)
  }
  const ref = sim.registry.refOf(found.token)
  emitServed(sim, 'github', found.owner, found.source, ref ? [ref] : [])
  const identity = await fetchGitHubIdentity(sim, found.token)
  const body: Record<string, string> = { token: found.token, userName: identity.userName, email: identity.email, provider: 'github' }
  if (found.expiresAt) body.expiresAt = goTime(found.expiresAt)
  sendJson(res, 200, body)
}

/** `git.GetGitHubToken`: E's PAT, E's App installation token, then the project-wide token. */
async function getGitHubToken(sim: HopContext, project: string, allowed: Allowed): Promise<GitHubToken | null> {
  const user = sim.cluster.userByPlatformId(allowed.effective)
  const cred = user ? await sim.credentials.read(user.id, 'github') : null
  if (user && cred?.provider === 'github') {
    if (cred.kind === 'pat') return { token: cred.token, expiresAt: null, owner: user.id, source: 'pat' }
    const expired = cred.expiresAt !== undefined && Date.parse(cred.expiresAt) <= sim.clock.now() + 60_000
    if (!expired) return { token: cred.token, expiresAt: cred.expiresAt ?? null, owner: user.id, source: 'app' }
    // An App installation token is minted again when the cached one is about to expire.
    const minted = makeCredential(sim.random, 'github', user.email, sim.clock.now(), { githubKind: 'app' })
    await sim.credentials.write(user.id, 'github', minted)
    if (minted.provider === 'github') return { token: minted.token, expiresAt: minted.expiresAt ?? null, owner: user.id, source: 'app' }
  }
  // Flaw site R13: the legacy project-wide GITHUB_TOKEN is handed to any sender without GitHub.
  if (!sim.flaws.has('r13-github-project-token-fallback') && allowed.effective !== allowed.owner) return null
  const shared = sim.cluster.secret(project, PROJECT_INTEGRATIONS_SECRET)?.GITHUB_TOKEN?.trim()
  return shared ? { token: shared, expiresAt: null, owner: `project:${project}`, source: 'project-token' } : null
}

/** `GET /user` on GitHub with a 10 s timeout: name, else login; empty strings on failure. */
async function fetchGitHubIdentity(sim: HopContext, token: string): Promise<{ userName: string; email: string }> {
  if (!token) return { userName: '', email: '' }
  try {
    const response = await callHop(sim, 'backend', 'provider', {
      method: 'GET',
      url: `https://${HOSTS.github}/user`,
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/vnd.github+json' },
      timeoutMs: 10_000
    })
    if (response.status !== 200) return { userName: '', email: '' }
    const user = JSON.parse(response.body) as { name?: string | null; login?: string; email?: string | null }
    return { userName: user.name || user.login || '', email: user.email ?? '' }
  } catch {
    return { userName: '', email: '' }
  }
}
