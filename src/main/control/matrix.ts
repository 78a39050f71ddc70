import type { MatrixCell, MatrixResult } from '../../shared/api'
import { credentialRoute } from '../../shared/matrix-request'
import { type CredentialSlot, servedProviders } from '../../shared/providers'
import type { Engine } from '../engine/engine'
import { callHop } from '../net/hop-client'
import { BACKEND_API_URL } from '../net/hosts'
import type { Subject } from '../world/cluster'
import { apiKeySaName, sessionSaName } from '../world/identity'

interface Principal {
  label: string
  token: string | null
  /** The world user whose credentials the principal may have, in the secure design. */
  acts: string | null
  /** Whether it may read the session at all; without that it is owed nothing, its own included. */
  member: boolean
}

/**
 * The authorization matrix: every principal × provider × X-Runner-Current-User variant, sent
 * straight to the backend service as a runner (or curl) would, and judged against the secure
 * design: a principal gets its own credentials only (the owner also without a header); bots,
 * outsiders and anonymous callers get none outside a run.
 */
export async function runMatrix(engine: Engine, project: string, session: string, turn?: string): Promise<MatrixResult> {
  const { sim } = engine
  const cr = sim.cluster.session(project, session)
  if (!cr) throw new Error(`no session ${project}/${session}`)
  const ownerUser = sim.cluster.userByPlatformId(cr.userContext.userId)
  const owner = ownerUser?.id ?? cr.userContext.userId
  const principals: Principal[] = []
  const reads = (subject: Subject): boolean => sim.cluster.allows(subject, 'get', project, 'agenticsessions', session)
  for (const user of sim.cluster.users.values()) {
    principals.push({ label: user.id, token: engine.userToken(user.id), acts: user.id, member: reads({ kind: 'user', userId: user.id }) })
  }
  principals.push({ label: 'bot', token: engine.saToken(project, sessionSaName(session)), acts: null, member: true })
  for (const p of sim.world.projects.filter((x) => x.name === project)) {
    for (const key of p.apiKeys) {
      const name = apiKeySaName(key.name)
      principals.push({ label: `apikey:${key.name}`, token: engine.saToken(project, name), acts: key.creator, member: reads({ kind: 'sa', namespace: project, name }) })
    }
    for (const sa of p.serviceAccounts) principals.push({ label: `sa:${sa.name}`, token: engine.saToken(project, sa.name), acts: null, member: true })
  }
  principals.push({ label: 'none', token: null, acts: null, member: false })

  // The session's MCP servers have their own endpoint (and their own flaws), so they are columns too.
  const sessionSpec = sim.world.projects.find((p) => p.name === project)?.sessions.find((s) => s.name === session)
  let slots: CredentialSlot[] = [...servedProviders(sim.platform), ...(sessionSpec?.mcpServers ?? []).map((server): CredentialSlot => `mcp:${server}`)]
  let headers = ['absent', ...[...sim.cluster.users.values()].map((u) => sim.cluster.platformId(u))]
  if (turn) {
    const fetches = (engine.options.store?.turnEvents(engine.runId, turn) ?? []).filter((e) => e.kind === 'runner.fetch')
    // kubeconfig has no route at either version: nothing to probe.
    slots = [...new Set(fetches.map((e) => (e.kind === 'runner.fetch' ? e.slot : 'github')))].filter((s): s is CredentialSlot => s !== 'kubeconfig')
    headers = [...new Set(['absent', ...fetches.map((e) => (e.kind === 'runner.fetch' ? (e.currentUserHeader ?? 'absent') : 'absent'))])]
  }
  const cells: MatrixCell[] = []
  for (const principal of principals) {
    for (const slot of slots) {
      for (const header of headers) {
        const requestHeaders: Record<string, string> = {}
        if (principal.token) requestHeaders.Authorization = `Bearer ${principal.token}`
        if (header !== 'absent') requestHeaders['X-Runner-Current-User'] = header
        const seqBefore = sim.trace.lastSeq
        const { status, body } = await callHop(sim, 'client', 'backend', {
          method: 'GET',
          url: `${BACKEND_API_URL}/projects/${project}/agentic-sessions/${session}/${credentialRoute(slot)}`,
          headers: requestHeaders
        }).catch(() => ({ status: 0, body: '' }))
        const refs = sim.registry.scan(body).filter((r) => r.slot !== 'bearer')
        const got = refs[0]?.owner ?? null
        const headerUser = header === 'absent' ? null : (sim.cluster.userByPlatformId(header)?.id ?? header)
        const ownsIt = (headerUser === null && principal.acts === owner) || headerUser === principal.acts
        const expected = principal.acts && principal.member && ownsIt ? principal.acts : null
        const decision = rbacAfter(engine, seqBefore)
        cells.push({
          principal: principal.label,
          slot,
          header,
          status,
          owner: got,
          expected,
          verdict: got === null ? (expected === null ? 'denied-expected' : 'broken') : got === expected ? 'ok' : 'violation',
          row: decision?.row ?? null,
          reason: decision?.reason ?? (status === 0 ? 'no answer' : `HTTP ${status}`)
        })
      }
    }
  }
  return { project, session, owner, principals: principals.map((p) => p.label), headers, slots, cells, replayedFrom: turn ?? null }
}

function rbacAfter(engine: Engine, seq: number): { row: number | null; reason: string } | null {
  let found: { row: number | null; reason: string } | null = null
  const stop = engine.sim.trace.lastSeq
  if (stop <= seq) return null
  for (const event of engine.recentEvents(stop - seq)) {
    if (event.seq > seq && event.kind === 'rbac') found = { row: event.row, reason: event.reason }
  }
  return found
}
