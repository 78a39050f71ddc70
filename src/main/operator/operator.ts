import type { Random } from '../sim/random'
import type { FlawSet } from '../flaws/flaw-set'
import { sessionTokenGate } from '../flaws/policies'
import type { HopContext } from '../sim/hop-context'
import type { SessionRecord, SessionRole } from '../world/cluster'
import { CREATED_BY_ANNOTATION, runnerTokenSecret, sessionSaName } from '../world/identity'


export class TokenProvisionFailed extends Error {}

/** A TokenRequest without `expirationSeconds` lives an hour (docs/platform/operator.md#the-runner-token-secret-at-head). */
export const RUNNER_TOKEN_LIFETIME_MS = 60 * 60_000
/** `runnerTokenRefreshTTL`: a reconcile re-mints `k8s-token` once it is this old. */
export const RUNNER_TOKEN_REFRESH_TTL_MS = 45 * 60_000
/** A Running session is reconciled again this often (`RequeueAfter: 30 * time.Second`). */
export const RECONCILE_INTERVAL_MS = 30_000

/**
 * The one Secret the platform reads with a session's own token: the backend's CreateSession checks
 * it with the caller's client when the agent creates a child session with its BOT token
 * (docs/platform/operator.md#the-session-role). credscope's cluster holds no such Secret.
 */
export const RUNNER_SECRETS = 'ambient-runner-secrets'

/** The rules of the session Role `ambient-session-<session>-role` (docs/platform/operator.md#the-session-role). */
export function sessionRole(flaws: FlawSet): SessionRole {
  // Flaw site H4: HEAD's `secrets` get rule names no resourceNames, so it covers every Secret of
  // the namespace, other sessions' runner tokens included. Hardened names the one Secret it is for.
  return { kind: 'session', secrets: flaws.has('h4-session-sa-reads-every-secret') ? 'every' : [RUNNER_SECRETS] }
}

/**
 * The operator's part in the credential path (docs/platform/operator.md#regeneraterunnertoken): `regenerateRunnerToken` annotates the
 * session ServiceAccount with the owner, mints its token into the runner-token Secret, and the
 * runner pod starts with it as BOT_TOKEN.
 */
export class Operator<Pod> {
  /** HEAD's agui-tokens come from their own stream: the merge's values and interleavings stay as they are. */
  private readonly aguiTokens: Random
  /** The Secret's `ambient-code.io/token-refreshed-at`, per `project/session`. */
  private readonly refreshedAt = new Map<string, number>()

  constructor(
    private readonly sim: HopContext,
    /** Starts the runner pod with its BOT_TOKEN; the engine says which runner that is. */
    private readonly launchPod: (session: SessionRecord, botToken: string) => Promise<Pod>
  ) {
    this.aguiTokens = sim.random.fork('agui-token')
  }

  async startRunner(session: SessionRecord): Promise<Pod> {
    let botToken: string
    try {
      botToken = this.regenerateRunnerToken(session)
    } catch (error) {
      session.phase = 'Stopped'
      this.sim.trace.emit('operator', { kind: 'operator', action: 'TokenProvisionFailed', detail: error instanceof Error ? error.message : String(error) }, null)
      throw error
    }
    const runner = await this.launchPod(session, botToken)
    session.phase = 'Running'
    this.sim.trace.emit('operator', { kind: 'operator', action: 'runner started', detail: `${session.project}/${session.name}` }, null)
    return runner
  }

  /**
   * A rotation of the BOT token (`ensureFreshRunnerToken`, docs/platform/operator.md#the-runner-token-secret-at-head):
   * the tokens minted before have expired, a new one goes into the Secret's `k8s-token`, the
   * agui-token stays. Kubelet carries it into the pod's mounted file; an env copy stays as it was.
   */
  rotateRunnerToken(session: SessionRecord): string {
    for (const token of earlierTokens(this.sim, session)) this.sim.cluster.expire(token)
    return this.remintRunnerToken(session, 'runner token rotated', 'the earlier token has expired')
  }

  /**
   * `ensureFreshRunnerToken`, on every reconcile of a Running session (both versions): a
   * `k8s-token` refreshed 45 minutes ago or more is re-minted; the earlier one lives out its hour.
   * The new token, or null when the Secret was fresh enough.
   */
  ensureFreshRunnerToken(session: SessionRecord): string | null {
    const at = this.refreshedAt.get(`${session.project}/${session.name}`)
    if (at !== undefined && this.sim.clock.now() - at < RUNNER_TOKEN_REFRESH_TTL_MS) return null
    return this.remintRunnerToken(session, 'runner token refreshed', 'older than 45 min; the earlier token lives out its hour')
  }

  private remintRunnerToken(session: SessionRecord, action: string, why: string): string {
    const { cluster, trace } = this.sim
    const token = cluster.issueServiceAccountToken(session.project, sessionSaName(session.name), RUNNER_TOKEN_LIFETIME_MS)
    const name = runnerTokenSecret(session.name)
    cluster.putSecret(session.project, name, { ...(cluster.secret(session.project, name) ?? {}), 'k8s-token': token })
    this.refreshedAt.set(`${session.project}/${session.name}`, this.sim.clock.now())
    trace.emit('operator', { kind: 'operator', action, detail: `Secret ${name} (k8s-token); ${why}` }, null)
    return token
  }

  regenerateRunnerToken(session: SessionRecord): string {
    const { cluster, flaws, trace } = this.sim
    const name = sessionSaName(session.name)
    // Flaw site PR23: before 5ee99580a the session SA carried no owner annotation at all.
    const desired: Record<string, string> =
      session.userContext.userId && !flaws.has('pr23-child-session-raw-sa') ? { [CREATED_BY_ANNOTATION]: session.userContext.userId } : {}
    const existing = cluster.serviceAccount(session.project, name)
    if (!existing) {
      const role = sessionRole(flaws)
      cluster.putServiceAccount({ namespace: session.project, name, annotations: desired, labels: { app: 'ambient-runner' }, role })
      trace.emit('operator', { kind: 'operator', action: 'ServiceAccount created', detail: `${session.project}/${name} ${describe(desired)}; Role ${name}-role: ${describeSecretsRule(role)}` }, null)
    } else if (Object.keys(desired).length > 0) {
      const differs = Object.entries(desired).some(([k, v]) => existing.annotations[k] !== v)
      if (differs) {
        if (cluster.faults.has('sa-update')) {
          const message = `failed to update ServiceAccount ${name}: the server rejected the update`
          // Flaw site PR19: before 3e0a854fa a failed annotation update was only logged.
          if (!flaws.has('pr19-sa-annotation-failure-ignored')) throw new TokenProvisionFailed(message)
          trace.emit('operator', { kind: 'log', level: 'warning', text: message }, null)
        } else {
          existing.annotations = { ...existing.annotations, ...desired }
          trace.emit('operator', { kind: 'operator', action: 'ServiceAccount updated', detail: `${session.project}/${name} ${describe(desired)}` }, null)
        }
      }
    }
    const token = cluster.issueServiceAccountToken(session.project, name, RUNNER_TOKEN_LIFETIME_MS)
    this.refreshedAt.set(`${session.project}/${session.name}`, this.sim.clock.now())
    // HEAD (and hardened at the merge) add a fresh per-session agui-token beside it, rotated with
    // every regeneration (docs/platform/operator.md#the-runner-token-secret-at-head).
    const data: Record<string, string> = { 'k8s-token': token }
    if (sessionTokenGate(flaws)) {
      data['agui-token'] = this.aguiTokens.uuid()
      // A secret like any other: masked wherever it is seen, and the platform's own.
      this.sim.registry.register(data['agui-token'], { owner: `platform:agui-token/${session.project}/${session.name}`, slot: 'bearer', field: 'agui-token' })
    }
    cluster.putSecret(session.project, runnerTokenSecret(session.name), data)
    trace.emit('operator', { kind: 'operator', action: 'runner token minted', detail: `Secret ${runnerTokenSecret(session.name)} (${Object.keys(data).join(', ')})` }, null)
    return token
  }
}

/** The session SA's tokens the operator minted before, which a rotation leaves to expire. */
function earlierTokens(sim: HopContext, session: SessionRecord): string[] {
  return sim.cluster.tokensOf({ kind: 'sa', namespace: session.project, name: sessionSaName(session.name) }).map((t) => t.token)
}

function describeSecretsRule(role: SessionRole): string {
  return role.secrets === 'every' ? 'secrets get on every Secret (no resourceNames)' : `secrets get on ${role.secrets.join(', ')}`
}

function describe(annotations: Record<string, string>): string {
  const entries = Object.entries(annotations)
  return entries.length === 0 ? '(no annotations)' : entries.map(([k, v]) => `${k}=${v}`).join(', ')
}
