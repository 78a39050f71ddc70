import { z } from 'zod'

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
    /** Seed the access token as already expired (the backend then refreshes it, spec §1.3). */
    expired: z.boolean().default(false),
    /** Seed no refresh token, so an expired token comes back stale with 200. */
    refreshToken: z.boolean().default(true),
    /** Make the fake Google token endpoint refuse this user's refresh. */
    refreshFails: z.boolean().default(false)
  })
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
      mcp: z.array(serverName).default(['docs'])
    })
    .default({ github: true, gitlab: true, jira: true, google: true, mcp: ['docs'] })
})

export const sessionSpec = z.object({
  name: dnsLabel,
  owner: userId,
  sharedWith: z.record(userId, share).default({}),
  /** Which bridge the runner uses (spec §5.2: only claude honours the sender). */
  runner: z.enum(['claude', 'gemini', 'langgraph']).default('claude'),
  /** spec.environmentVariables: merged over the runner's base env by the operator. */
  env: z.record(z.string(), z.string()).default({}),
  /** MCP servers in the runner's .mcp.json besides jira and google-workspace. */
  mcpServers: z.array(serverName).default(['docs']),
  parent: dnsLabel.optional()
})

export const projectSpec = z.object({
  name: dnsLabel,
  members: z.record(userId, role).default({}),
  /** The legacy project-wide GITHUB_TOKEN in `ambient-non-vertex-integrations` (spec §1.3). */
  githubToken: z.boolean().default(false),
  sessions: z.array(sessionSpec).default([]),
  apiKeys: z
    .array(z.object({ name: dnsLabel, creator: userId, role: role.default('edit') }))
    .default([]),
  /** Other ServiceAccounts; annotated ones map to a user like API keys do. */
  serviceAccounts: z
    .array(
      z.object({
        name: dnsLabel,
        role: role.default('edit'),
        annotations: z.record(z.string(), z.string()).default({})
      })
    )
    .default([]),
  schedules: z.array(z.object({ name: dnsLabel, session: dnsLabel })).default([])
})

export const worldSpec = z.object({
  users: z.array(userSpec).min(1),
  projects: z.array(projectSpec).default([]),
  /** How long a user's bearer token lives, in ms (default one day, OpenShift's OAuth default). */
  tokenLifetimeMs: z.number().int().positive().default(24 * 3_600_000)
})

export type WorldSpec = z.infer<typeof worldSpec>
export type WorldSpecInput = z.input<typeof worldSpec>
export type UserSpec = z.infer<typeof userSpec>
export type ProjectSpec = z.infer<typeof projectSpec>
export type SessionSpec = z.infer<typeof sessionSpec>
export type Role = z.infer<typeof role>
export type Share = z.infer<typeof share>
