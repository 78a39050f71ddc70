import type { Random } from '../sim/random'
import type { Clock } from '../sim/clock'
import type { Role, Share } from './spec'
import type { CustomMcpServers } from './custom-mcp'
import { parseSaUsername, saUsername, sanitizeUserId } from './identity'

/** Who a token belongs to. */
export type Subject = { kind: 'user'; userId: string } | { kind: 'sa'; namespace: string; name: string }

export interface TokenRecord {
  token: string
  subject: Subject
  issuedAt: number
  expiresAt: number | null
  revoked: boolean
  /** What a user's token is for: signing in (OAuth), or the kubeconfig a user stored in the control plane. */
  purpose: 'oauth' | 'kubeconfig'
}

export interface UserRecord {
  /** The world's handle for the user (alice). */
  id: string
  name: string
  email: string
  /** What the OAuth server and SelfSubjectReview call the user (`kube:admin`, `a@b.com`). */
  username: string
  groups: string[]
}

/**
 * The Role `ambient-session-<session>-role` the operator binds to a session's ServiceAccount
 * (docs/platform/operator.md#the-session-role): every agenticsessions verb but delete with no
 * resourceNames, and `get` on the Secrets its `secrets` rule names.
 */
export interface SessionRole {
  kind: 'session'
  /** The resourceNames of the `secrets` get rule; `every` when it has none: every Secret of the namespace. */
  secrets: 'every' | readonly string[]
}

export interface ServiceAccountRecord {
  namespace: string
  name: string
  annotations: Record<string, string>
  labels: Record<string, string>
  /** A project role bound to the account, or the session Role the operator writes. */
  role: Role | SessionRole
}

export interface SessionRecord {
  project: string
  name: string
  /** spec.userContext: O of the spec. */
  userContext: { userId: string; userName: string }
  env: Record<string, string>
  runner: 'claude' | 'gemini' | 'langgraph'
  mcpServers: string[]
  /** HEAD's `spec.mcpServers` (custom servers and disabled names), or null when the spec has none. */
  customMcpServers: CustomMcpServers | null
  /** Created by the control plane: whose credential each provider's binding names; null for the operator's sessions. */
  controlPlane: { bindings: Partial<Record<'github' | 'gitlab' | 'jira', string>>; sidecars: boolean } | null
  parent: string | null
  phase: 'Pending' | 'Running' | 'Stopped'
}

/** The caller of a Kubernetes API request: a bearer token, or a user the backend impersonates (SSO mode). */
export type KubeCaller = string | { impersonate: string }

export type KubeReason = 'Unauthorized' | 'Forbidden' | 'NotFound' | 'InternalError'

/** An error as client-go would return it, with the reason the handlers branch on. */
export class KubeError extends Error {
  constructor(
    readonly reason: KubeReason,
    message: string
  ) {
    super(message)
  }
}

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete'

/** Faults a scenario can switch on in the simulated API server. */
export type ClusterFault = 'self-subject-review' | 'token-review' | 'access-review' | 'sa-update'

const SESSION_ROLE_VERBS: readonly Verb[] = ['get', 'list', 'watch', 'create', 'update', 'patch']
const VIEW_VERBS: readonly Verb[] = ['get', 'list', 'watch']

/**
 * The simulated Kubernetes API server, as far as the credential path needs it: users and their
 * OAuth tokens, ServiceAccounts and their tokens, AgenticSession CRs, project membership and
 * session sharing as RBAC, Secrets, TokenReview, SelfSubjectReview and access reviews.
 */
export class Cluster {
  readonly users = new Map<string, UserRecord>()
  readonly members = new Map<string, Map<string, Role>>()
  readonly shares = new Map<string, Map<string, Share>>()
  readonly sessions = new Map<string, SessionRecord>()
  readonly serviceAccounts = new Map<string, ServiceAccountRecord>()
  readonly secrets = new Map<string, Record<string, string>>()
  readonly faults = new Set<ClusterFault>()
  /** ProjectSettings `spec.mcpServers` by namespace, where a project has it (HEAD). */
  readonly projectMcpServers = new Map<string, CustomMcpServers>()
  private readonly tokens = new Map<string, TokenRecord>()
  private readonly tokenListeners = new Set<(record: TokenRecord) => void>()

  constructor(
    private readonly clock: Clock,
    private readonly random: Random
  ) {}

  // ---- users and tokens -------------------------------------------------------------------

  /** The user id the backend derives from a user's username (gin `userID`, docs/platform/identity.md#forwardedidentitymiddleware). */
  platformId(user: UserRecord): string {
    return sanitizeUserId(user.username)
  }

  userByPlatformId(platformId: string): UserRecord | null {
    for (const user of this.users.values()) if (this.platformId(user) === platformId) return user
    return null
  }

  userByUsername(username: string): UserRecord | null {
    return [...this.users.values()].find((u) => u.username === username) ?? null
  }

  issueUserToken(userId: string, lifetimeMs: number, purpose: TokenRecord['purpose'] = 'oauth'): string {
    return this.issue({ kind: 'user', userId }, 'sha256~', 43, lifetimeMs, purpose)
  }

  /** A ServiceAccount token; a TokenRequest's lives `lifetimeMs` (its default is an hour), others never expire. */
  issueServiceAccountToken(namespace: string, name: string, lifetimeMs: number | null = null): string {
    const header = 'eyJhbGciOiJSUzI1NiIsImtpZCI6Im' + this.random.string(12)
    return this.issue({ kind: 'sa', namespace, name }, `${header}.eyJpc3MiOi`, 120, lifetimeMs)
  }

  private issue(subject: Subject, prefix: string, length: number, lifetimeMs: number | null, purpose: TokenRecord['purpose'] = 'oauth'): string {
    const token = prefix + this.random.string(length, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_')
    const now = this.clock.now()
    const record: TokenRecord = {
      token,
      subject,
      issuedAt: now,
      expiresAt: lifetimeMs === null ? null : now + lifetimeMs,
      revoked: false,
      purpose
    }
    this.tokens.set(token, record)
    for (const listener of this.tokenListeners) listener(record)
    return token
  }

  onTokenIssued(listener: (record: TokenRecord) => void): void {
    this.tokenListeners.add(listener)
  }

  tokenRecord(token: string): TokenRecord | null {
    return this.tokens.get(token) ?? null
  }

  tokensOf(subject: Subject): TokenRecord[] {
    return [...this.tokens.values()].filter((t) => sameSubject(t.subject, subject))
  }

  expire(token: string): boolean {
    const record = this.tokens.get(token)
    if (!record) return false
    record.expiresAt = Math.min(record.expiresAt ?? Infinity, this.clock.now())
    return true
  }

  revoke(token: string): boolean {
    const record = this.tokens.get(token)
    if (!record) return false
    record.revoked = true
    return true
  }

  /** The live subject of a token, or null when it is unknown, expired or revoked. */
  authenticate(token: string): Subject | null {
    const record = this.tokens.get(token)
    if (!record || record.revoked) return null
    if (record.expiresAt !== null && this.clock.now() >= record.expiresAt) return null
    return record.subject
  }

  usernameOf(subject: Subject): string {
    if (subject.kind === 'sa') return saUsername(subject.namespace, subject.name)
    return this.users.get(subject.userId)?.username ?? subject.userId
  }

  groupsOf(subject: Subject): string[] {
    if (subject.kind === 'sa') return ['system:serviceaccounts', `system:serviceaccounts:${subject.namespace}`, 'system:authenticated']
    return [...(this.users.get(subject.userId)?.groups ?? []), 'system:authenticated']
  }

  // ---- reviews --------------------------------------------------------------------------------

  /** TokenReview as the backend SA sends it (docs/platform/identity.md#the-serviceaccount-fallback): null when not authenticated. */
  tokenReview(token: string): { username: string; groups: string[] } | null {
    if (this.faults.has('token-review')) throw new KubeError('InternalError', 'tokenreviews.authentication.k8s.io: etcdserver: request timed out')
    const subject = this.authenticate(token)
    return subject ? { username: this.usernameOf(subject), groups: this.groupsOf(subject) } : null
  }

  /** SelfSubjectReview with the caller's own client (docs/platform/identity.md#resolveauthenticateduser). */
  selfSubjectReview(caller: KubeCaller): string {
    if (this.faults.has('self-subject-review')) throw new KubeError('InternalError', 'selfsubjectreviews.authentication.k8s.io: the server is currently unable to handle the request')
    return this.usernameOf(this.callerSubject(caller))
  }

  /** A SelfSubjectAccessReview with the caller's client: allowed or not; Unauthorized for a dead token. */
  accessReview(caller: KubeCaller, verb: Verb, namespace: string, resource: string, name?: string): boolean {
    if (this.faults.has('access-review')) throw new KubeError('InternalError', 'selfsubjectaccessreviews.authorization.k8s.io: etcdserver: leader changed')
    return this.allows(this.callerSubject(caller), verb, namespace, resource, name)
  }

  /**
   * Whom a request acts as: a token's live subject (Unauthorized when dead), or the impersonated
   * user by username; impersonating a name the cluster does not know acts as a user with no roles.
   */
  private callerSubject(caller: KubeCaller): Subject {
    if (typeof caller !== 'string') {
      const sa = this.serviceAccountOfUsername(caller.impersonate)
      if (sa) return { kind: 'sa', namespace: sa.namespace, name: sa.name }
      return { kind: 'user', userId: this.userByUsername(caller.impersonate)?.id ?? `unknown:${caller.impersonate}` }
    }
    const subject = this.authenticate(caller)
    if (!subject) throw new KubeError('Unauthorized', 'Unauthorized')
    return subject
  }

  /** The RBAC of the simulated cluster: project roles, session shares and ServiceAccount roles. */
  allows(subject: Subject, verb: Verb, namespace: string, resource: string, name?: string): boolean {
    if (subject.kind === 'sa') {
      const sa = this.serviceAccounts.get(`${subject.namespace}/${subject.name}`)
      if (!sa || sa.namespace !== namespace) return false
      if (typeof sa.role === 'object') return sessionRoleAllows(sa.role, verb, resource, name)
      return resource === 'agenticsessions' && roleAllows(sa.role, verb)
    }
    if (resource !== 'agenticsessions') return false
    const role = this.members.get(namespace)?.get(subject.userId)
    if (role && roleAllows(role, verb)) return true
    const sharesInNamespace = [...this.shares.entries()].filter(
      ([key, users]) => key.startsWith(`${namespace}/`) && users.has(subject.userId)
    )
    if (sharesInNamespace.length === 0) return false
    if (name === undefined) return verb === 'list' || verb === 'watch'
    const share = this.shares.get(`${namespace}/${name}`)?.get(subject.userId)
    if (!share) return false
    return share === 'edit' ? ['get', 'watch', 'update', 'patch'].includes(verb) : verb === 'get' || verb === 'watch'
  }

  // ---- objects ---------------------------------------------------------------------------------

  /** GET of the AgenticSession CR with the caller's client (authz before existence, as kube does). */
  getSessionAs(caller: KubeCaller, project: string, name: string): SessionRecord {
    if (!this.allows(this.callerSubject(caller), 'get', project, 'agenticsessions', name)) {
      throw new KubeError('Forbidden', `agenticsessions.vteam.ambient-code "${name}" is forbidden`)
    }
    const session = this.sessions.get(`${project}/${name}`)
    if (!session) throw new KubeError('NotFound', `agenticsessions.vteam.ambient-code "${name}" not found`)
    return session
  }

  /**
   * A Secret as the API server hands it to a client (docs/platform/operator.md#the-session-role):
   * authentication, then RBAC, then existence. An empty token is `system:anonymous`, whom RBAC
   * grants nothing; a token that does not authenticate is Unauthorized.
   */
  getSecretAs(token: string, namespace: string, name: string): Record<string, string> {
    this.authorizeSecrets(token, 'get', namespace, name)
    const data = this.secret(namespace, name)
    if (!data) throw new KubeError('NotFound', `secrets "${name}" not found`)
    return data
  }

  /** Every Secret of a namespace, by name, for a caller allowed to list them. */
  listSecretsAs(token: string, namespace: string): Map<string, Record<string, string>> {
    this.authorizeSecrets(token, 'list', namespace)
    const prefix = `${namespace}/`
    return new Map([...this.secrets].filter(([key]) => key.startsWith(prefix)).map(([key, data]) => [key.slice(prefix.length), data]))
  }

  private authorizeSecrets(token: string, verb: 'get' | 'list', namespace: string, name?: string): void {
    const subject = token ? this.authenticate(token) : null
    if (token && !subject) throw new KubeError('Unauthorized', 'Unauthorized')
    if (subject && this.allows(subject, verb, namespace, 'secrets', name)) return
    const who = subject ? this.usernameOf(subject) : 'system:anonymous'
    const what = name === undefined ? 'secrets is forbidden' : `secrets "${name}" is forbidden`
    throw new KubeError('Forbidden', `${what}: User "${who}" cannot ${verb} resource "secrets" in API group "" in the namespace "${namespace}"`)
  }

  session(project: string, name: string): SessionRecord | null {
    return this.sessions.get(`${project}/${name}`) ?? null
  }

  serviceAccount(namespace: string, name: string): ServiceAccountRecord | null {
    return this.serviceAccounts.get(`${namespace}/${name}`) ?? null
  }

  /** The ServiceAccount a reviewed username names, when it is one. */
  serviceAccountOfUsername(username: string): ServiceAccountRecord | null {
    const parsed = parseSaUsername(username)
    return parsed ? this.serviceAccount(parsed.namespace, parsed.name) : null
  }

  putServiceAccount(sa: ServiceAccountRecord): void {
    this.serviceAccounts.set(`${sa.namespace}/${sa.name}`, sa)
  }

  secret(namespace: string, name: string): Record<string, string> | null {
    return this.secrets.get(`${namespace}/${name}`) ?? null
  }

  putSecret(namespace: string, name: string, data: Record<string, string>): void {
    this.secrets.set(`${namespace}/${name}`, data)
  }
}

function sessionRoleAllows(role: SessionRole, verb: Verb, resource: string, name: string | undefined): boolean {
  if (resource === 'agenticsessions') return SESSION_ROLE_VERBS.includes(verb)
  if (resource !== 'secrets' || verb !== 'get') return false
  return role.secrets === 'every' || (name !== undefined && role.secrets.includes(name))
}

function roleAllows(role: Role, verb: Verb): boolean {
  if (role === 'view') return VIEW_VERBS.includes(verb)
  if (role === 'edit') return verb !== 'delete'
  return true
}

function sameSubject(a: Subject, b: Subject): boolean {
  if (a.kind === 'user' && b.kind === 'user') return a.userId === b.userId
  if (a.kind === 'sa' && b.kind === 'sa') return a.namespace === b.namespace && a.name === b.name
  return false
}
