import { PLATFORM_VERSIONS } from '../../shared/platform-versions'
import { ENGINE_FAULTS } from '../engine/faults'
import { z } from 'zod'
import { type FlawId, flawIdOf, unknownFlawMessage } from '../../shared/flaw-ids'
import { worldSpec } from '../world/spec'

/** `alice`, `scheduled`, `apikey:ci-bot`, or `{ user: bob, browser: true }` (cookie session, no Authorization). */
export const turnSender = z.union(
  [z.string().min(1), z.object({ user: z.string().min(1), browser: z.boolean().default(false) }).strict()],
  { error: 'expected a user id, scheduled, apikey:<name>, or { user: <id>, browser: true }' }
)

/** Whose credential: a user id, `project:<name>`, `none`, or `not <owner>`. */
const owner = z.string().min(1)

const listCheck = z
  .object({ absent: z.array(z.string()).default([]), present: z.array(z.string()).default([]) })
  .strict()

/**
 * Files after a turn: gone, there, or there without some text (a git config that must not name the
 * sender); and whose credential the files a path or glob names hold (`credentials/*.json: bob`).
 */
const filesCheck = listCheck.extend({ 'not-contains': z.record(z.string(), z.string()).default({}), holds: z.record(z.string(), owner).default({}) }).strict()

const textCheck = z
  .object({
    contains: z.array(z.string()).default([]),
    'not-contains': z.array(z.string()).default([]),
    /** No line names any user of the world (R19). */
    'no-user-ids': z.boolean().default(false)
  })
  .strict()

const fetchCheck = z
  .object({
    /** How the runner's fetch that got the final answer authenticated. */
    auth: z.enum(['caller', 'bot', 'none']).optional(),
    /** X-Runner-Current-User on that fetch: a user id, or `absent`. */
    header: z.string().optional(),
    /** Whether the runner fell back to BOT_TOKEN after a 401/403 of the caller token. */
    fallback: z.boolean().optional()
  })
  .strict()

export const turnExpect = z
  .object({
    /** Status of POST .../agui/run. */
    status: z.number().int().optional(),
    /** Keys the agui/run response body must have, with these values. */
    body: z.record(z.string(), z.unknown()).optional(),
    /** How the turn ended. */
    outcome: z.enum(['finished', 'error']).optional(),
    /** Per provider (github, gitlab, jira, google, mcp:<server>): whose credential the backend served. */
    credentials: z.record(z.string(), owner).optional(),
    /** Per tool (as written in tools): whose identity it acted with; `nobody` when it had none. */
    'acted-as': z.record(z.string(), owner).optional(),
    fetches: z.record(z.string(), fetchCheck).optional(),
    /** Headers the proxy sent the runner: present or absent. */
    'runner-headers': z.record(z.string(), z.enum(['present', 'absent'])).optional(),
    'env-after': listCheck.optional(),
    'files-after': filesCheck.optional(),
    /** Per MCP server: whose credential its env holds after the turn, or none. */
    'mcp-env-after': z.record(z.string(), owner).optional(),
    /** `none`: no worker or MCP server keeps any credential after the turn. */
    retained: z.literal('none').optional(),
    /** What the proxy handed the runner as X-Caller-Token: a run-bound token, the sender's OAuth token, or none. */
    'runner-token': z.enum(['run-bound', 'oauth', 'absent']).optional(),
    /**
     * Each call of a tool as the agent saw it: its error flag and a text its result contains; or
     * `truthful`: an error exactly when one of the fetches the call made was finally refused (401/403).
     */
    results: z.record(z.string(), z.union([z.literal('truthful'), z.object({ ok: z.boolean().optional(), contains: z.string().optional() }).strict()])).optional(),
    audit: textCheck.optional(),
    logs: textCheck.optional(),
    /** `none` (the default): the leak detector found nothing in this turn. */
    leaks: z.enum(['none', 'allowed']).default('none')
  })
  .strict()

export const turnSpec = z
  .object({
    as: turnSender,
    /** `shared-1` or `demo/shared-1`; default: the world's first session. */
    session: z.string().optional(),
    thread: z.string().optional(),
    /** `grpc`: a message to the api-server, for a control-plane session's gRPC listener; `agui` (the default): POST agui/run. */
    via: z.enum(['agui', 'grpc']).optional(),
    /** Tool lines of the scripted agent (see `credscope --help` and docs/scenarios.md). */
    tools: z.array(z.string()).default([]),
    expect: turnExpect.default({ leaks: 'none' })
  })
  .strict()

export const requestSpec = z
  .object({
    /** A user id, `bot` (the session's BOT_TOKEN), `apikey:<name>`, `sa:<name>`, or `none`. */
    as: z.string().default('none'),
    /** `runner`: sent from inside the session's runner pod, with `${VAR}` from its env. */
    from: z.enum(['outside', 'runner']).default('outside'),
    /** Through the front door (OAuth proxy) or straight to the backend service. */
    via: z.enum(['backend', 'frontdoor']).default('backend'),
    session: z.string().optional(),
    method: z.string().default('GET'),
    /** A path on the backend (`/api/projects/...`), or a provider name as shorthand: `credentials/github`. */
    path: z.string().min(1),
    headers: z.record(z.string(), z.string()).default({}),
    body: z.string().optional(),
    expect: z
      .object({
        status: z.number().int().optional(),
        body: z.record(z.string(), z.unknown()).optional(),
        /** Whose credential the response carries, or none. */
        credential: owner.optional(),
        /** For a POST to agui/run: what the turn it started must show. */
        turn: turnExpect.optional()
      })
      .strict()
      .default({})
  })
  .strict()

const faultSpec = z.union(
  [z.enum(ENGINE_FAULTS), z.object({ name: z.enum(ENGINE_FAULTS), user: z.string().optional(), session: z.string().optional() }).strict()],
  { error: `expected a fault: ${ENGINE_FAULTS.join(', ')} (or { name, user, session })` }
)

export const stepSpec = z.union([
  z.object({ turn: turnSpec }).strict(),
  z.object({ parallel: z.array(z.union([z.object({ turn: turnSpec }).strict(), z.object({ request: requestSpec }).strict()])).min(2) }).strict(),
  z
    .object({
      advance: z.union([
        z.string().min(1),
        z
          .object({
            by: z.string().min(1),
            /** Sessions (project/session) whose active-user entry the stale sweep must clear meanwhile. */
            swept: z.array(z.string()).default([])
          })
          .strict()
      ])
    })
    .strict(),
  z.object({ token: z.object({ user: z.string().min(1), action: z.enum(['expire', 'revoke', 'issue']) }).strict() }).strict(),
  /** The operator rotates a session's BOT token: the earlier one expires, kubelet updates the mounted file. */
  z.object({ 'bot-token': z.object({ session: z.string().optional(), action: z.enum(['rotate']) }).strict() }).strict(),
  z.object({ request: requestSpec }).strict(),
  z.object({ fault: faultSpec }).strict(),
  z.object({ 'clear-fault': faultSpec }).strict()
])

/** A flaw by its id or its short id (`r12`), read as its id; otherwise the closest id is named. */
const flawId = z.string().transform((text, ctx) => {
  const id = flawIdOf(text)
  if (id) return id
  ctx.addIssue({ code: 'custom', message: `${unknownFlawMessage(text)} (credscope flaws lists them)` })
  return z.NEVER
})

/** `flaw:` as one id or a list, each read as its id; a name that is no flaw is pointed at where it stands. */
function flawIds(value: string | string[], ctx: z.RefinementCtx): FlawId[] {
  const names = typeof value === 'string' ? [value] : value
  const ids = names.map((name, i) => {
    const id = flawIdOf(name)
    if (!id) ctx.addIssue({ code: 'custom', message: `${unknownFlawMessage(name)} (credscope flaws lists them)`, path: typeof value === 'string' ? [] : [i] })
    return id
  })
  return ids.filter((id): id is FlawId => id !== null)
}

export const scenarioSpec = z
  .object({
    scenario: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'a lowercase slug'),
    title: z.string().optional(),
    description: z.string().optional(),
    /**
     * The flaw (or flaws) this scenario demonstrates: it must fail with any one of them switched on
     * over hardened, and pass with none.
     */
    flaw: z.union([z.string(), z.array(z.string()).min(1)]).transform(flawIds).optional(),
    /**
     * A bug of the merge that the platform fixed before HEAD and that no flaw switches (it shows
     * only as the merge is): the commit and PR. The scenario fails at the merge as-is and passes at
     * HEAD and under hardened.
     */
    fixed: z.string().regex(/^[0-9a-f]{7,40} \(#\d+\)$/, 'a commit and its PR: 52bcd7e06 (#1049)').optional(),
    /**
     * Flaws on whatever the profile, as part of the setting: what the scenario demonstrates can
     * only be reached through them (h10's turn-ending PermissionError needs r17's 401).
     */
    'with-flaws': z.array(flawId).default([]),
    seed: z.number().int().nonnegative().optional(),
    /** The platform version the scenario is written for; a run's --platform overrides it. */
    platform: z.enum(PLATFORM_VERSIONS).optional(),
    world: worldSpec.optional(),
    /** Faults on before the operator starts the runners (e.g. sa-update for PR flaw 19). */
    'start-faults': z.array(z.enum(['self-subject-review', 'token-review', 'access-review', 'sa-update'])).default([]),
    steps: z.array(stepSpec).min(1)
  })
  .strict()

export type ScenarioSpec = z.infer<typeof scenarioSpec>
export type StepSpec = z.infer<typeof stepSpec>
export type TurnSpec = z.infer<typeof turnSpec>
export type TurnExpect = z.infer<typeof turnExpect>
export type RequestSpec = z.infer<typeof requestSpec>
export type FaultSpec = z.infer<typeof faultSpec>

/** Every key of the language, for "did you mean" on a typo. */
export const KEYWORDS = [
  'scenario', 'title', 'description', 'flaw', 'fixed', 'with-flaws', 'seed', 'platform', 'world', 'start-faults', 'steps',
  'turn', 'parallel', 'advance', 'token', 'bot-token', 'request', 'fault', 'clear-fault',
  'as', 'session', 'thread', 'tools', 'expect', 'user', 'browser', 'action',
  'from', 'via', 'method', 'path', 'headers', 'body', 'name',
  'status', 'outcome', 'credentials', 'acted-as', 'fetches', 'auth', 'header', 'fallback',
  'runner-headers', 'results', 'truthful', 'ok', 'env-after', 'files-after', 'mcp-env-after', 'retained', 'audit', 'logs', 'leaks',
  'absent', 'present', 'contains', 'not-contains', 'holds', 'no-user-ids', 'credential', 'runner-token', 'by', 'swept',
  'users', 'projects', 'tokenLifetimeMs', 'identity', 'id', 'email', 'username', 'groups', 'github', 'gitlab', 'jira', 'google', 'coderabbit', 'gerrit', 'mcp',
  'members', 'githubToken', 'sessions', 'apiKeys', 'serviceAccounts', 'schedules', 'owner', 'sharedWith', 'runner', 'env',
  'mcpServers', 'parent', 'creator', 'role', 'annotations', 'expired', 'refreshToken', 'refreshFails',
  'customMcpServers', 'custom', 'disabled', 'type', 'command', 'args', 'url'
] as const
