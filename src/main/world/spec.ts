import { z } from 'zod'
import { customMcpServers } from './custom-mcp'

/** A user id as the platform would carry it: letters, digits and `@._:-`. */
const userId = z.string().regex(/^[A-Za-z0-9@._:+-]{1,253}$/, 'a user id of letters, digits and @._:+-')
const dnsLabel = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'a DNS-1123 label (lowercase letters, digits, -)')
const serverName = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'an MCP server name (lowercase letters, digits, -)')
const role = z.enum(['admin', 'edit', 'view'])
const share = z.enum(['edit', 'view'])

const googleCredential = z.union([
  z.boolean(),
  z.object({
    /** Seed the access token as already expired (the backend then refreshes it, docs/platform/credential-endpoints.md#google). */
    expired: z.boolean().default(false),
    /** Seed no refresh token, so an expired token comes back stale with 200. */
    refreshToken: z.boolean().default(true),
    /** Make the fake Google token endpoint refuse this user's refresh. */
    refreshFails: z.boolean().default(false)
  }).strict()
])

export const userSpec = z.object({
  id: userId,
  name: z.string().optional(),
  email: z.string().optional(),
  /** The username SelfSubjectReview returns for the user's token (default: the id). */
  username: z.string().optional(),
  groups: z.array(z.string()).default([]),
  credentials: z
    .object({
      github: z.union([z.boolean(), z.enum(['pat', 'app'])]).default(true),
      gitlab: z.boolean().default(true),
      jira: z.boolean().default(true),
      google: googleCredential.default(true),
      /** CodeRabbit and Gerrit: kept in the keychain at both versions, served by the backend at HEAD only. */
      coderabbit: z.boolean().default(true),
      gerrit: z.boolean().default(true),
      mcp: z.array(serverName).default(['docs'])
    })
    .strict()
    .default({ github: true, gitlab: true, jira: true, google: true, coderabbit: true, gerrit: true, mcp: ['docs'] })
}).strict()

export const sessionSpec = z.object({
  name: dnsLabel,
  owner: userId,
  sharedWith: z.record(userId, share).default({}),
  /** Which bridge the runner uses (docs/platform/runner.md#post-: only claude honours the sender). */
  runner: z.enum(['claude', 'gemini', 'langgraph']).default('claude'),
  /** spec.environmentVariables: merged over the runner's base env by the operator. */
  env: z.record(z.string(), z.string()).default({}),
  /** MCP servers in the runner's .mcp.json besides jira and google-workspace. */
  mcpServers: z.array(serverName).default(['docs']),
  /**
   * HEAD only: the session's `spec.mcpServers` (PR #1251), custom servers an editor set and
   * default servers left out; the operator passes it as CUSTOM_MCP_SERVERS.
   */
  customMcpServers: customMcpServers.optional(),
  /**
   * HEAD only: the session was created by the ambient control plane, which binds one credential
   * per provider to it; `bindings` names whose credential each provider's binding resolves to
   * (docs/platform/control-plane.md).
   */
  controlPlane: z
    .object({
      bindings: z
        .object({ github: userId.optional(), gitlab: userId.optional(), jira: userId.optional(), kubeconfig: userId.optional(), google: userId.optional() })
        .strict()
        .default({}),
      /** The control plane is configured with credential sidecar images: GitHub, Jira, kubeconfig and Google bindings get a sidecar, not CREDENTIAL_IDS. */
      sidecars: z.boolean().default(false)
    })
    .strict()
    .optional(),
  parent: dnsLabel.optional()
}).strict()

export const projectSpec = z.object({
  name: dnsLabel,
  members: z.record(userId, role).default({}),
  /** The legacy project-wide GITHUB_TOKEN in `ambient-non-vertex-integrations` (docs/platform/credential-endpoints.md#github). */
  githubToken: z.boolean().default(false),
  sessions: z.array(sessionSpec).default([]),
  apiKeys: z
    .array(z.object({ name: dnsLabel, creator: userId, role: role.default('edit') }).strict())
    .default([]),
  /** Other ServiceAccounts; annotated ones map to a user like API keys do. */
  serviceAccounts: z
    .array(
      z.object({
        name: dnsLabel,
        role: role.default('edit'),
        annotations: z.record(z.string(), z.string()).default({})
      }).strict()
    )
    .default([]),
  schedules: z.array(z.object({ name: dnsLabel, session: dnsLabel }).strict()).default([]),
  /** HEAD only: ProjectSettings `spec.mcpServers`, every session's custom servers; the operator passes it as PROJECT_MCP_SERVERS. */
  customMcpServers: customMcpServers.optional()
}).strict()

export const worldSpec = z.object({
  users: z.array(userSpec).min(1),
  projects: z.array(projectSpec).default([]),
  /** How long a user's bearer token lives, in ms (default one day, OpenShift's OAuth default). */
  tokenLifetimeMs: z.number().int().positive().default(24 * 3_600_000),
  /**
   * How users sign in (docs/platform/identity.md#sso-mode-at-head): `legacy`, the OAuth proxy with
   * OpenShift tokens; `sso` (HEAD only), five-minute access JWTs from an OIDC provider.
   */
  identity: z.enum(['legacy', 'sso']).default('legacy')
}).strict()

export type WorldSpec = z.infer<typeof worldSpec>
export type WorldSpecInput = z.input<typeof worldSpec>
export type UserSpec = z.infer<typeof userSpec>
export type ProjectSpec = z.infer<typeof projectSpec>
export type SessionSpec = z.infer<typeof sessionSpec>
export type Role = z.infer<typeof role>
export type Share = z.infer<typeof share>

/** A reference in a world that names nothing: where (a path into the spec) and what. */
export interface WorldProblem {
  path: Array<string | number>
  message: string
}

/** Owners, shares, members, key creators and schedules must name users and sessions of the world. */
export function checkWorldReferences(world: WorldSpec): WorldProblem | null {
  const users = new Set(world.users.map((u) => u.id))
  const seen = new Set<string>()
  for (const [i, user] of world.users.entries()) {
    if (seen.has(user.id)) return { path: ['users', i, 'id'], message: `user "${user.id}" is listed twice` }
    seen.add(user.id)
  }
  for (const [p, project] of world.projects.entries()) {
    for (const member of Object.keys(project.members)) {
      if (!users.has(member)) return { path: ['projects', p, 'members', member], message: `"${member}" is not one of the world's users (${[...users].join(', ')})` }
    }
    const sessions = new Set(project.sessions.map((s) => s.name))
    for (const [s, session] of project.sessions.entries()) {
      if (!users.has(session.owner)) return { path: ['projects', p, 'sessions', s, 'owner'], message: `owner "${session.owner}" is not one of the world's users (${[...users].join(', ')})` }
      for (const shared of Object.keys(session.sharedWith)) {
        if (!users.has(shared)) return { path: ['projects', p, 'sessions', s, 'sharedWith', shared], message: `"${shared}" is not one of the world's users` }
      }
      if (session.parent && !sessions.has(session.parent)) return { path: ['projects', p, 'sessions', s, 'parent'], message: `parent "${session.parent}" is not a session of project ${project.name}` }
    }
    for (const [k, key] of project.apiKeys.entries()) {
      if (!users.has(key.creator)) return { path: ['projects', p, 'apiKeys', k, 'creator'], message: `creator "${key.creator}" is not one of the world's users` }
    }
    for (const [s, schedule] of project.schedules.entries()) {
      if (!sessions.has(schedule.session)) return { path: ['projects', p, 'schedules', s, 'session'], message: `"${schedule.session}" is not a session of project ${project.name}` }
    }
  }
  return null
}

/** The e-mail of a user who gave none; one rule for the cluster and the seeded credentials. */
export function defaultEmail(userId: string): string {
  return `${userId.replace(/[^A-Za-z0-9._-]/g, '')}@example.com`
}
