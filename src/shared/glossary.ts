import type { IdentitySource, SinkKind } from './events'
import { RBAC_INPUTS } from './rbac-rows'

/** The parts of the Help view, in the order it lists them. */
export const GLOSSARY_GROUPS = ['Versions, profiles and flaws', 'The RBAC table', 'Identity and tokens', 'Where a credential can sit', 'Evidence and findings', 'The runner'] as const
export type GlossaryGroup = (typeof GLOSSARY_GROUPS)[number]

/** One term the app shows: a line for its tooltip, a paragraph for the Help view, and where the docs say more. */
export interface GlossaryEntry {
  /** Stable id: the Help view's anchor is `term-<id>`. */
  id: string
  /** The term as the app writes it. */
  term: string
  group: GlossaryGroup
  /** Other spellings a search should find (`SelfSubjectAccessReview` for SSAR). */
  aliases?: readonly string[]
  short: string
  long: string
  /** `docs/<page>.md#<anchor>` in this repository, when a page says more. */
  doc?: string
}

const LETTER_IDS = { A: 'rbac-a', H: 'rbac-h', O: 'rbac-o', E: 'rbac-e', M: 'rbac-m' } as const
type RbacLetter = keyof typeof LETTER_IDS

const LETTER_NAMES: Record<RbacLetter, string> = {
  A: 'the caller',
  H: 'the header',
  O: 'the owner',
  E: 'the effective user',
  M: 'the active run user'
}

function letterEntry<L extends RbacLetter>(letter: L): GlossaryEntry & { id: (typeof LETTER_IDS)[L] } {
  const meaning = RBAC_INPUTS.find((i) => i.letter === letter)?.meaning ?? ''
  return {
    id: LETTER_IDS[letter],
    term: letter,
    group: 'The RBAC table',
    aliases: [`${letter} (${LETTER_NAMES[letter]})`],
    short: `${meaning.charAt(0).toUpperCase()}${meaning.slice(1)}.`,
    long: `One of the five inputs of enforceCredentialRBAC: A (the caller), H (the header), O (the owner), E (the effective user) and M (the active run user). The inspector shows what each was for the selected decision; the table's rows compare them.`,
    doc: 'docs/platform/rbac.md#enforcecredentialrbac'
  }
}

/**
 * Every term the app uses without explaining it in place. The Help view lists them, `<Term>`
 * shows the short line on hover or focus; the meanings come from docs/platform and the engine.
 */
export const GLOSSARY = [
  // Versions, profiles and flaws
  {
    id: 'merge',
    term: 'merge',
    group: 'Versions, profiles and flaws',
    short: 'The platform as PR #989 was merged (0d78e86, 2026-03-24): per-message credentials in shared sessions.',
    long: 'One of the two platform versions credscope runs: the commit that merged PR #989, which made a shared session use each sender’s credentials instead of the owner’s. The PR-era flaws (pr*) and the bugs fixed after the merge (f*) exist here only.',
    doc: 'docs/platform/versions.md#platform-versions-merge-and-head'
  },
  {
    id: 'head',
    term: 'head',
    group: 'Versions, profiles and flaws',
    short: 'The platform as its users run it today (0b59fe7de, 2026-08-17); the default version.',
    long: 'The other platform version: today’s code. Every residual flaw (r*) is still there, several behaving differently, and the flaws new at HEAD (h*) exist here. Runs use head unless --platform, a scenario’s platform: key or the World view says merge.',
    doc: 'docs/platform/versions.md#platform-versions-merge-and-head'
  },
  {
    id: 'as-is',
    term: 'as-is',
    group: 'Versions, profiles and flaws',
    aliases: ['merged'],
    short: 'The version as it is: every residual flaw it has switched on. The default profile.',
    long: 'A profile is a named set of flaws at a version. as-is switches on the version’s own residual flaws: at merge r1–r20, the f* bugs, and h1 and h9 (gaps the merge has too); at head r1–r20 and the h* flaws. The old profile name merged still means merge · as-is.',
    doc: 'docs/platform/versions.md#profiles-per-version'
  },
  {
    id: 'pre-fix',
    term: 'pre-fix',
    group: 'Versions, profiles and flaws',
    short: 'The platform before PR #989 (merge only): the owner’s credentials for every sender.',
    long: 'merge · as-is plus the PR-era flaws that describe the code before the PR: pr1 (owner credentials for every sender), pr5 and pr6 (incomplete cleanup), pr13 (the 60 s credential cache) and pr14 (MCP servers never rebuilt). It exists at merge only; choosing it switches to merge.',
    doc: 'docs/platform/versions.md#profiles-per-version'
  },
  {
    id: 'hardened',
    term: 'hardened',
    group: 'Versions, profiles and flaws',
    short: 'credscope’s reference design on the chosen version: no flaw switched on.',
    long: 'Every decision site takes its secure branch: a run-bound token instead of the caller’s OAuth token, the BOT_TOKEN bound to the run’s sender, the MCP endpoint through the RBAC table, workers that end with their turn. Each flaw demonstration must pass under hardened.',
    doc: 'docs/platform/versions.md#profiles-per-version'
  },
  {
    id: 'flaw',
    term: 'flaw',
    group: 'Versions, profiles and flaws',
    short: 'One deviation from the secure design at one decision site, switched on or off.',
    long: 'Each flaw is one flaws.has(id) at one place in the engine, with a demonstration scenario that fails while it is on and passes under hardened. The short id’s prefix says where it comes from: pr, r, h or f.',
    doc: 'docs/flaws.md#catalog'
  },
  {
    id: 'flaws-pr',
    term: 'pr1–pr23',
    group: 'Versions, profiles and flaws',
    aliases: ['pr flaws', 'pr*'],
    short: 'Flaws raised and fixed during the review of PR #989; they exist at merge only.',
    long: 'The PR-era flaws: the code between 86f82e632 and the merge, flaw by flaw. They are off in as-is (the merge fixed them); pre-fix switches five of them on to show the platform before the PR.',
    doc: 'docs/platform/flaws.md#raised-during-the-pr'
  },
  {
    id: 'flaws-r',
    term: 'r1–r20',
    group: 'Versions, profiles and flaws',
    aliases: ['r flaws', 'r*', 'residual flaws'],
    short: 'Residual flaws: still in the merged code and at head; on in as-is at both versions.',
    long: 'What PR #989 left undone, at both versions (r9b included; r16 is about the docs only and is not a switch). Some behave differently at head.',
    doc: 'docs/platform/flaws.md#residual-flaws'
  },
  {
    id: 'flaws-h',
    term: 'h1–h11',
    group: 'Versions, profiles and flaws',
    aliases: ['h flaws', 'h*'],
    short: 'Flaws new at HEAD; they exist at head only, but for h1 and h9, whose gaps the merge has too.',
    long: 'Residual flaws of today’s code: custom MCP servers, SSO, the control plane, gRPC turns and more. On in head · as-is; h1 and h9 are on in merge · as-is too.',
    doc: 'docs/platform/flaws.md#new-at-head'
  },
  {
    id: 'flaws-f',
    term: 'f-flaws',
    group: 'Versions, profiles and flaws',
    aliases: ['f1050', 'f*', 'fixed after the merge'],
    short: 'Bugs of the merge the platform fixed before HEAD, named f<PR of the fix>; merge only.',
    long: 'On in merge · as-is, so the merge runs as shipped; switched off, they give the merge the later fix. Each demonstration fails at the merge as it is and passes at head and under hardened.',
    doc: 'docs/platform/flaws.md#fixed-after-the-merge'
  },
  {
    id: 'seed',
    term: 'seed',
    group: 'Versions, profiles and flaws',
    short: 'The number that fixes every random choice of a run: interleavings, canary values, tokens and ids.',
    long: 'Two runs with the same seed, configuration and steps give the same trace, which is how a diff or a replayed bundle compares event by event. A scenario names its seed (1 when it names none); --seed or the Seed field overrides it.',
    doc: 'docs/scenarios.md#top-level-keys'
  },
  // The RBAC table
  {
    id: 'rbac-table',
    term: 'RBAC table',
    group: 'The RBAC table',
    aliases: ['enforceCredentialRBAC', 'row'],
    short: 'enforceCredentialRBAC’s eleven rows: whose credential a per-session credential endpoint returns, or 403.',
    long: 'Every per-session credential endpoint of the backend decides with this table, but the MCP endpoint while r12 is on. A decision names the row that matched (“row 10 · allow”); the inspector shows the inputs A, H, O, E and M and highlights the row.',
    doc: 'docs/platform/rbac.md#the-table'
  },
  {
    id: 'outside-the-table',
    term: 'outside the table',
    group: 'The RBAC table',
    aliases: ['no row', 'before the table'],
    short: 'A credential decision no row of the RBAC table made: the endpoint’s own check decided.',
    long: 'With r12 on, the MCP credential endpoint never runs the table: its own check refuses a userID other than the owner’s, allows an empty one, and always answers the owner’s credentials, whatever X-Runner-Current-User says. Under hardened, a BOT_TOKEN of another session’s ServiceAccount is refused before the table is read.',
    doc: 'docs/platform/credential-endpoints.md#mcp'
  },
  letterEntry('A'),
  letterEntry('H'),
  letterEntry('O'),
  letterEntry('E'),
  letterEntry('M'),
  {
    id: 'active-user-map',
    term: 'active-user map',
    group: 'The RBAC table',
    aliases: ['sessionActiveUserMap'],
    short: 'The backend’s memory of who sent each session’s latest run; the RBAC table’s M.',
    long: 'The AG-UI proxy records the sender’s userID per project/session at agui/run. With r1 on, as at both versions, only the stale sweep clears it, never the end of a turn. The table reads it for a bot caller naming a user other than the owner (row 3).',
    doc: 'docs/platform/rbac.md#the-active-user-map'
  },
  {
    id: 'x-runner-current-user',
    term: 'X-Runner-Current-User',
    group: 'The RBAC table',
    short: 'The header a runner’s credential fetch sends to name the user it fetches for: the table’s H.',
    long: 'The runner sends it with the caller token when its context has a user; its first BOT_TOKEN request names nobody. Empty counts as absent; without it the effective user E is the owner. The matrix probes every principal with and without naming each user.',
    doc: 'docs/platform/runner.md#_fetch_credential'
  },
  // Identity and tokens
  {
    id: 'bot-token',
    term: 'BOT_TOKEN',
    group: 'Identity and tokens',
    short: 'The session ServiceAccount’s token, mounted in the runner pod; what the runner falls back to.',
    long: 'The operator creates a ServiceAccount per session and gives its token to the runner. Anything in the pod can read it. With the created-by-user-id annotation the backend maps it to the session owner (r6), so a turn that fetches with it gets the owner’s credentials.',
    doc: 'docs/platform/operator.md#regeneraterunnertoken'
  },
  {
    id: 'sa-annotation',
    term: 'sa-annotation',
    group: 'Identity and tokens',
    aliases: ['created-by-user-id'],
    short: 'Identity from a ServiceAccount’s ambient-code.io/created-by-user-id annotation: the token acts as that user.',
    long: 'The backend’s ServiceAccount fallback: a TokenReview says the bearer is a ServiceAccount, and its annotation names a user, who becomes the caller’s userID. The operator annotates every session ServiceAccount with the owner, so the session’s BOT_TOKEN is the owner (r6). API keys carry their creator.',
    doc: 'docs/platform/identity.md#the-serviceaccount-fallback'
  },
  {
    id: 'self-subject-review',
    term: 'SelfSubjectReview',
    group: 'Identity and tokens',
    aliases: ['SSR', 'self-subject-review'],
    short: 'Kubernetes’ “who am I” call; the backend uses it when no header or annotation named the caller.',
    long: 'resolveAuthenticatedUser asks it with the caller’s token. A ServiceAccount answer is a bot; a failure with no X-Forwarded-User is taken for a BOT_TOKEN (r8), which is why a failed review can still reach the owner’s credentials.',
    doc: 'docs/platform/identity.md#resolveauthenticateduser'
  },
  {
    id: 'ssar',
    term: 'SSAR',
    group: 'Identity and tokens',
    aliases: ['SelfSubjectAccessReview', 'access review', 'SSAR cache'],
    short: 'SelfSubjectAccessReview: “may this token list sessions in the project?”, asked before every project route.',
    long: 'ValidateProjectContext answers 401, 403 or 500 from it before any credential endpoint or agui/run runs. At head the answer is cached for 30 s (the SSAR cache), so a revoked token can pass the project check for up to 30 s.',
    doc: 'docs/platform/project-context.md#the-ssar-cache-at-head'
  },
  {
    id: 'caller-token',
    term: 'caller token',
    group: 'Identity and tokens',
    aliases: ['X-Caller-Token'],
    short: 'The sender’s bearer token the proxy forwards to the runner as X-Caller-Token, for its credential fetches.',
    long: 'With a caller token the runner fetches as the sender (Authorization: the token, X-Runner-Current-User: the sender). Without one it uses the BOT_TOKEN and names nobody (r11). Under hardened the caller token is a run-bound token instead of the OAuth token (r20).',
    doc: 'docs/platform/proxy.md#the-headers-to-the-runner'
  },
  {
    id: 'run-bound',
    term: 'run-bound token',
    group: 'Identity and tokens',
    aliases: ['run-bound', 'run-token'],
    short: 'hardened’s caller token: minted by the proxy for one run of one session, it can only read credentials.',
    long: 'The proxy exchanges the sender’s OAuth token for it, so the runner pod never holds the OAuth token (r20). It reads exactly its own session’s credentials, for the run’s principal, and is revoked when the run ends.',
    doc: 'docs/scenarios.md#runner-token'
  },
  {
    id: 'fallback',
    term: 'fallback',
    group: 'Identity and tokens',
    short: 'The runner retried a fetch with the BOT_TOKEN after the caller token got 401 or 403.',
    long: 'A 401 or 403 of the caller token, and only that, is retried once with the BOT_TOKEN and X-Runner-Current-User. At the merge a failed retry answers {}; at head it raises and the turn ends in error.',
    doc: 'docs/platform/runner.md#_fetch_credential'
  },
  {
    id: 'expected-owner',
    term: 'expected owner',
    group: 'Identity and tokens',
    aliases: ['expects'],
    short: 'Whose credentials the turn should use: the sender; an API key’s creator; the owner for a scheduled run.',
    long: 'The leak detector compares every served or held credential with it. A credential of anyone else is a foreign credential, marked red with “not <owner>’s”.',
    doc: 'docs/scenarios.md#the-leak-detector'
  },
  // Where a credential can sit (one entry per sink the leak detector reports)
  {
    id: 'sink-runner-env',
    term: 'runner-env',
    group: 'Where a credential can sit',
    aliases: ['runner env'],
    short: 'The runner process’s own env: populated at the start of a turn, cleared at its end.',
    long: 'Where populate puts GITHUB_TOKEN, JIRA_API_TOKEN, MCP_* and the rest. The platform promises to empty it after every turn, so anything still there is left-after-cleanup. The Env diff tab compares it at turn start and turn end.',
    doc: 'docs/platform/runner.md#what-the-leak-detector-holds-a-turn-to'
  },
  {
    id: 'sink-worker-env',
    term: 'worker-env',
    group: 'Where a credential can sit',
    aliases: ['worker env'],
    short: 'The env of a thread’s worker (the Claude CLI): a copy of the runner env taken when the worker was spawned.',
    long: 'Clearing the runner env does not reach it. With r3 on, the worker is destroyed only when the user of its thread changes, so it keeps the credentials of the turn that spawned it for the turns after; under hardened it ends with its turn. Judged per thread: someone else’s credential in the turn’s own thread is a foreign credential.',
    doc: 'docs/platform/runner.md#populate-and-clear'
  },
  {
    id: 'sink-mcp-env',
    term: 'mcp-env',
    group: 'Where a credential can sit',
    aliases: ['MCP server env'],
    short: 'The env, args, URL and headers of an MCP server a worker spawned, per thread.',
    long: 'Like the worker env, a copy taken at spawn time that the end-of-turn clear does not touch. The MCP tab shows each server’s env at turn start and end.',
    doc: 'docs/platform/runner.md#populate-and-clear'
  },
  {
    id: 'sink-mcp-config',
    term: 'mcp-config',
    group: 'Where a credential can sit',
    aliases: ['built MCP config'],
    short: 'The runner’s built MCP server config: .mcp.json with ${VAR} expanded from the env when it was built.',
    long: 'Built on the first run and rebuilt on a user change, then kept in memory. Whatever credentials the env held at build time stay in it for the next workers of any thread.',
    doc: 'docs/platform/runner.md#one-turn'
  },
  {
    id: 'sink-workspace-file',
    term: 'workspace-file',
    group: 'Where a credential can sit',
    short: 'A file in the runner pod: the Google credentials file, HEAD’s token files, the Gerrit config.',
    long: 'Cleanup promises to remove the credential files, so one left behind is left-after-cleanup. The Files tab shows them at turn start and end.',
    doc: 'docs/platform/runner.md#populate-and-clear'
  },
  {
    id: 'sink-kept-file',
    term: 'kept-file',
    group: 'Where a credential can sit',
    short: 'A file the cleanup keeps on purpose since 9605012b0: the Google credentials file (issue #1222).',
    long: 'workspace-mcp reads it between turns, so it is no leak of the turn that wrote it; someone else’s kept file in a later turn is still a foreign credential.',
    doc: 'docs/platform/runner.md#populate-and-clear-at-head'
  },
  {
    id: 'sink-runner-context',
    term: 'runner-context',
    group: 'Where a credential can sit',
    aliases: ['caller_token'],
    short: 'The runner’s one shared RunnerContext; its caller_token must be empty after a turn.',
    long: 'One context per runner process, shared by every thread: current user id, name and caller token. The bridge empties caller_token at the end of a turn.',
    doc: 'docs/platform/runner.md#runnercontext'
  },
  {
    id: 'sink-mcp-remote',
    term: 'mcp-remote',
    group: 'Where a credential can sit',
    short: 'The endpoint of a custom MCP server outside the platform: a secret sent there has left it (h2).',
    long: 'At head a project or session may add custom MCP servers whose config is expanded from the env; the fake endpoint records every secret it receives.',
    doc: 'docs/platform/runner.md#custom-mcp-servers-at-head'
  },
  {
    id: 'sink-log',
    term: 'log',
    group: 'Where a credential can sit',
    short: 'A log line of a hop: a secret in it is secret-in-record.',
    long: 'Every log line is scanned for known secrets before it is redacted and stored.',
    doc: 'docs/scenarios.md#the-leak-detector'
  },
  {
    id: 'sink-audit',
    term: 'audit',
    group: 'Where a credential can sit',
    aliases: ['CREDENTIAL_ACCESS'],
    short: 'A CREDENTIAL_ACCESS audit line of the backend: a secret in it is secret-in-record.',
    long: 'The backend logs one audit line per credential decision; they are listed in the Audit & logs tab.',
    doc: 'docs/scenarios.md#the-leak-detector'
  },
  {
    id: 'sink-event-log',
    term: 'event-log',
    group: 'Where a credential can sit',
    short: 'The session’s AG-UI event log that the proxy persists and sends to every browser of the session (h9).',
    long: 'At head the runner redacts some events; what gets through is kept and shown to every viewer of the session.',
    doc: 'docs/platform/runner.md#secret-redaction-at-head'
  },
  {
    id: 'sink-background-process',
    term: 'background-process',
    group: 'Where a credential can sit',
    short: 'A process an earlier turn left running in the runner pod (h1).',
    long: 'It keeps its starter’s env but reads files later turns write, so it can act with the next sender’s credentials.',
    doc: 'docs/platform/flaws.md#h1-files-read-by-lingering-processes'
  },
  {
    id: 'sink-store',
    term: 'store',
    group: 'Where a credential can sit',
    short: 'credscope’s own run history (the SQLite file and its WAL): it must hold no secret.',
    long: 'Events are redacted before they are stored; the end of a run scans the file’s bytes for every secret of the run.',
    doc: 'docs/architecture.md#events-gates-and-the-scheduler'
  },
  {
    id: 'sink-export',
    term: 'export',
    group: 'Where a credential can sit',
    short: 'A file credscope exported, such as a repro bundle: it must hold no secret.',
    long: 'Bundles carry the redacted trace only; a secret found in one would be secret-in-record.',
    doc: 'docs/scenarios.md#bundle-and-replay'
  },
  // Evidence and findings
  {
    id: 'canary',
    term: 'canary',
    group: 'Evidence and findings',
    short: 'A random credential shaped like the provider’s (ghp_…, ya29.…), seeded for every user and slot.',
    long: 'The vault holds canaries, never real credentials. Each is registered by fingerprint, so any value seen anywhere (a header, an env, a file, a log) maps back to its owner and provider. The seed generates them.',
    doc: 'docs/scenarios.md#users'
  },
  {
    id: 'fingerprint',
    term: 'fingerprint',
    group: 'Evidence and findings',
    aliases: ['#'],
    short: 'The first 10 hex digits of a secret’s SHA-256: names the value in evidence without showing it.',
    long: 'Reports, findings and the store carry fingerprints and lengths, never values. The same value has the same fingerprint everywhere, so two sightings can be matched.',
    doc: 'docs/scenarios.md#the-leak-detector'
  },
  {
    id: 'masked',
    term: 'masked value',
    group: 'Evidence and findings',
    aliases: ['ghp_…9f3a', 'mask'],
    short: 'A secret shown as its recognisable prefix and last four characters (ghp_…9f3a); the rest never leaves the engine.',
    long: 'Every event is redacted before it is stored or shown: known secrets are masked, and so is every credential header and token-shaped value. A value of twelve characters or fewer shows as •••• only; the last four show only when at least eight characters stay hidden.',
    doc: 'docs/architecture.md#events-gates-and-the-scheduler'
  },
  {
    id: 'foreign-credential',
    term: 'foreign-credential',
    group: 'Evidence and findings',
    aliases: ['foreign credential', 'NOT BOB’S'],
    short: 'Someone else’s credential served into the turn, or held after it where the turn could reach it.',
    long: 'The leak detector compares each owner with the expected owner. A credential the backend served for anyone else, or another user’s credential in the runner env, a file, the runner context, the MCP config, or the worker or MCP env of the turn’s own thread, is a foreign credential.',
    doc: 'docs/scenarios.md#the-leak-detector'
  },
  {
    id: 'left-after-cleanup',
    term: 'left-after-cleanup',
    group: 'Evidence and findings',
    short: 'The sender’s own credential still in a sink cleanup promises to empty: runner env, a file, the runner context.',
    long: 'Not someone else’s, but still a broken promise: the next sender’s turn could read it.',
    doc: 'docs/scenarios.md#the-leak-detector'
  },
  {
    id: 'secret-in-record',
    term: 'secret-in-record',
    group: 'Evidence and findings',
    short: 'A log line, audit line, AG-UI event or credscope’s own record carried a secret before redaction.',
    long: 'The evidence names the record and the fingerprint, never the value.',
    doc: 'docs/scenarios.md#the-leak-detector'
  },
  {
    id: 'sent-to-custom-server',
    term: 'sent-to-custom-server',
    group: 'Evidence and findings',
    short: 'A custom MCP server’s endpoint, outside the platform, received a credential (anyone’s).',
    long: 'At head a custom server’s config is expanded with whatever the env holds (h2).',
    doc: 'docs/scenarios.md#the-leak-detector'
  },
  // The runner
  {
    id: 'worker',
    term: 'worker',
    group: 'The runner',
    aliases: ['thread'],
    short: 'The Claude CLI subprocess of one thread, with the env and MCP servers it was spawned with.',
    long: 'With r3 on, as at both versions, the runner reuses a thread’s worker across turns and destroys it only when the thread’s user changes, so the worker keeps the env it was spawned with. Under hardened the worker and its MCP servers end with their turn.',
    doc: 'docs/platform/runner.md#one-turn'
  },
  {
    id: 'populate',
    term: 'populate',
    group: 'The runner',
    aliases: ['populated', 'ENV POPULATED'],
    short: 'The runner fetches the turn’s credentials and puts them in its env and files.',
    long: 'populate_runtime_credentials fetches each provider from the backend (or the control plane at head) and sets GITHUB_TOKEN, GITLAB_TOKEN, JIRA_*, the Google file and more; populate_mcp_server_credentials sets MCP_<SERVER>_<FIELD>.',
    doc: 'docs/platform/runner.md#populate-and-clear'
  },
  {
    id: 'clear',
    term: 'clear',
    group: 'The runner',
    aliases: ['cleared', 'cleanup', 'ENV CLEARED'],
    short: 'The runner removes the turn’s credentials from its env and files, at the start and the end of a turn.',
    long: 'clear_runtime_credentials empties the runner env’s credential keys and the credential files. It does not reach the worker’s or the MCP servers’ copies, nor the built MCP config.',
    doc: 'docs/platform/runner.md#populate-and-clear'
  }
] as const satisfies readonly GlossaryEntry[]

export type GlossaryId = (typeof GLOSSARY)[number]['id']

const BY_ID = new Map<string, GlossaryEntry>(GLOSSARY.map((e) => [e.id, e]))

export function glossaryEntry(id: GlossaryId): GlossaryEntry {
  const entry = BY_ID.get(id)
  if (!entry) throw new Error(`no glossary entry ${id}`)
  return entry
}

/** The term of a sink, as every view names it (the Ledger, the Env diff, the leak tables). */
export const SINK_TERMS: Record<SinkKind, GlossaryId> = {
  'runner-env': 'sink-runner-env',
  'workspace-file': 'sink-workspace-file',
  'kept-file': 'sink-kept-file',
  'runner-context': 'sink-runner-context',
  'worker-env': 'sink-worker-env',
  'mcp-env': 'sink-mcp-env',
  'mcp-config': 'sink-mcp-config',
  'mcp-remote': 'sink-mcp-remote',
  log: 'sink-log',
  audit: 'sink-audit',
  'event-log': 'sink-event-log',
  'background-process': 'sink-background-process',
  store: 'sink-store',
  export: 'sink-export'
}

/** The term of one of the RBAC table's inputs. */
export function rbacLetterTerm(letter: string): GlossaryId | null {
  return letter in LETTER_IDS ? LETTER_IDS[letter as RbacLetter] : null
}

/** Entries whose term, aliases or text mention the query, best matches first. */
export function searchGlossary(query: string): GlossaryEntry[] {
  const q = query.trim().toLowerCase()
  if (!q) return [...GLOSSARY]
  const rank = (e: GlossaryEntry): number => {
    const names = [e.term, ...(e.aliases ?? [])].map((n) => n.toLowerCase())
    if (names.some((n) => n === q)) return 0
    if (names.some((n) => n.includes(q))) return 1
    return `${e.short} ${e.long}`.toLowerCase().includes(q) ? 2 : 3
  }
  return GLOSSARY.map((e) => ({ e, r: rank(e) }))
    .filter((x) => x.r < 3)
    .sort((a, b) => a.r - b.r)
    .map((x) => x.e)
}

/** How every view names the RBAC row that decided a fetch: `row 10`, or `outside the table`. */
export function rbacRowName(row: number | null): string {
  return row === null ? glossaryEntry('outside-the-table').term : `row ${row}`
}

/** The glossary term of how the backend learnt who is calling, where there is one. */
export const IDENTITY_SOURCE_TERMS: Record<IdentitySource, GlossaryId | null> = {
  'x-forwarded-user': null,
  'sa-annotation': 'sa-annotation',
  'self-subject-review': 'self-subject-review',
  'run-token': 'run-bound',
  'sso-jwt': null,
  'token-review': null,
  none: null
}
