import type { Hop } from './events'
import type { FlawId } from './flaw-ids'
import type { PlatformSites } from './platform-sites'

/** One flaw of docs/platform/flaws.md: a single deviation at one decision site. */
export interface Flaw {
  id: FlawId
  title: string
  hop: Hop
  /** What switching it on allows. */
  allows: string
  /** The commit or spec item it comes from. */
  source: string
  /** The secure statement its demonstration scenario asserts; its failure names it. */
  invariant: string
  /** The decision site in the engine, `file: function`. */
  site: string
  /**
   * Where the platform itself decides, at each version in flawVersions(id): the line of the `if`,
   * the call, or, for something the platform lacks, the line where it would have to be.
   */
  platformSite: PlatformSites
  /** Its demonstration scenario, relative to resources/scenarios. */
  scenario: string
  /** How a residual flaw behaves at HEAD where that differs from the merge (docs/platform/versions.md). */
  atHead?: string
}

const scenario = (id: FlawId): string => `flaws/${id}.yaml`

// The platform's files the sites are in (paths from the repository root, as GitHub links them).
const RC = 'components/backend/handlers/runtime_credentials.go'
const MCP = 'components/backend/handlers/mcp_credentials.go'
const GIT = 'components/backend/git/operations.go'
const SERVER = 'components/backend/server/server.go'
const PROXY = 'components/backend/websocket/agui_proxy.go'
const OPERATOR = 'components/operator/internal/handlers/sessions.go'
const RUNNER = 'components/runners/ambient-runner/ambient_runner'
const AUTH = `${RUNNER}/platform/auth.py`
const BRIDGE = `${RUNNER}/bridges/claude/bridge.py`
const GEMINI = `${RUNNER}/bridges/gemini_cli/bridge.py`
const RUN = `${RUNNER}/endpoints/run.py`

/** The catalog. docs/flaws.md is generated from it (`credscope flaws --markdown`). */
export const FLAWS: readonly Flaw[] = [
  {
    id: 'pr1-owner-credentials-for-every-sender',
    title: 'Owner credentials for every sender',
    hop: 'proxy',
    allows: "In a shared session every message runs with the owner's GitHub, GitLab, Jira and Google identity, whoever sent it.",
    source: 'docs/platform/flaws.md#pr1-owner-credentials-for-every-sender (the premise of PR #989; state at 86f82e632)',
    invariant: "a turn uses its sender's credentials, never the owner's",
    site: 'src/main/proxy/runner-stream.ts: proxyRunnerStream (no user headers to the runner)',
    platformSite: { merge: `${PROXY}:791 (X-Current-User-ID: the sender goes to the runner; before the PR nothing did)` },
    scenario: scenario('pr1-owner-credentials-for-every-sender')
  },
  {
    id: 'pr2-owner-can-impersonate',
    title: 'The owner can fetch anyone\'s credentials',
    hop: 'backend',
    allows: 'The session owner sets X-Runner-Current-User: <victim> and receives the victim\'s stored credentials (check was A == O || A == E).',
    source: 'docs/platform/flaws.md#pr2-owner-can-impersonate (5ee5ce396, fixed in 58f46edc5)',
    invariant: "nobody, the owner included, fetches another user's credentials by naming them",
    site: 'src/main/backend/rbac.ts: decideCredentialAccess, row 11',
    platformSite: { merge: `${RC}:139 (authenticatedUserID == effectiveUserID: a header naming a non-owner needs A = E, the owner included)` },
    scenario: scenario('pr2-owner-can-impersonate')
  },
  {
    id: 'pr3-bot-trusted-for-any-user',
    title: 'BOT_TOKEN trusted for any effective user',
    hop: 'backend',
    allows: 'Anyone in the pod reads BOT_TOKEN and sends X-Runner-Current-User: <victim> to get the victim\'s credentials.',
    source: 'docs/platform/flaws.md#pr3-bot-trusted-for-any-user (5ee5ce396; fixed by 47c293061, e0e8fc756, c018a3115)',
    invariant: 'a BOT_TOKEN request for a non-owner gets credentials only for the run user the proxy recorded',
    site: 'src/main/backend/rbac.ts: decideCredentialAccess, rows 3–4',
    platformSite: { merge: `${RC}:130 (activeUserStr: a bot may name a non-owner only when the proxy recorded them)` },
    scenario: scenario('pr3-bot-trusted-for-any-user')
  },
  {
    id: 'pr4-context-set-before-lock',
    title: 'Shared RunnerContext set from the HTTP handler',
    hop: 'runner',
    allows: 'A second request overwrites the shared user context while the first turn is still running, so its later fetches use the second sender.',
    source: 'docs/platform/flaws.md#pr4-context-set-before-lock (raised in 58f46edc5; regressed by ed4c42dcd)',
    invariant: "a running turn's fetches keep its own sender, whatever other requests arrive",
    site: 'src/main/runner/runner.ts: Runner.handle',
    platformSite: { merge: `${RUN}:85 (bridge.run: the handler passes the sender to the bridge instead of setting the shared context)` },
    scenario: scenario('pr4-context-set-before-lock')
  },
  {
    id: 'pr5-cleanup-not-in-finally',
    title: 'Cleanup only on success',
    hop: 'runner',
    allows: 'A turn that fails mid-stream leaves its sender\'s tokens in the pod env and files for the next sender.',
    source: 'docs/platform/flaws.md#pr5-cleanup-not-in-finally (fixed in 58f46edc5)',
    invariant: 'a turn that throws still clears its credentials',
    site: 'src/main/flaws/policies.ts: cleanupPlacement (read by ClaudeBridge.turn)',
    platformSite: { merge: `${BRIDGE}:201 (finally: the clear runs when the stream fails too)` },
    scenario: scenario('pr5-cleanup-not-in-finally')
  },
  {
    id: 'pr6-incomplete-cleanup',
    title: 'MCP_* variables and the Google file survive the clear',
    hop: 'runner',
    allows: 'The next user inherits the previous user\'s MCP credentials and Google Workspace credentials file.',
    source: 'docs/platform/flaws.md#pr6-incomplete-cleanup (58f46edc5, 5f34173b1, 124c59eb4)',
    invariant: 'the end-of-turn clear removes every MCP_* credential and the Google credentials file',
    site: 'src/main/runner/credentials-env.ts: clearRuntimeCredentials',
    platformSite: { merge: `${AUTH}:382 (mcp_cred_keys: every MCP credential variable is cleared; the Google file at :388-391)` },
    scenario: scenario('pr6-incomplete-cleanup')
  },
  {
    id: 'pr7-user-ids-in-credential-access-log',
    title: 'User IDs in CREDENTIAL_ACCESS audit lines',
    hop: 'backend',
    allows: 'Audit lines record who accessed whose credentials by user ID (PII in logs).',
    source: 'docs/platform/flaws.md#pr7-user-ids-in-credential-access-log (58f46edc5, 5f34173b1)',
    invariant: 'CREDENTIAL_ACCESS lines carry no user IDs',
    site: 'src/main/backend/credentials/enforce.ts: enforceCredentialRBAC',
    platformSite: { merge: `${RC}:148 (CREDENTIAL_ACCESS: same_as_owner, no user ids)` },
    scenario: scenario('pr7-user-ids-in-credential-access-log')
  },
  {
    id: 'pr9-user-name-without-id',
    title: 'X-Current-User-Name sent without an ID',
    hop: 'proxy',
    allows: 'The runner receives a display name with no user id, unsanitized, for runs with no identified sender.',
    source: 'docs/platform/flaws.md#pr9-user-name-without-id (fixed in 5f34173b1)',
    invariant: 'the proxy sends X-Current-User-Name only together with X-Current-User-ID',
    site: 'src/main/proxy/runner-stream.ts: proxyRunnerStream',
    platformSite: { merge: `${PROXY}:793 (X-Current-User-Name: only inside the userID check at :790)` },
    scenario: scenario('pr9-user-name-without-id')
  },
  {
    id: 'pr10-header-trust-model',
    title: 'Credentials authorized by BOT_TOKEN plus a header',
    hop: 'runner',
    allows: 'Per-user credentials rest on BOT_TOKEN and a header anyone in the pod can set, not on the sender\'s own token.',
    source: 'docs/platform/flaws.md#pr10-header-trust-model (fixed in e0e8fc756)',
    invariant: "a turn fetches its sender's credentials with the sender's own token",
    site: 'src/main/runner/fetch-client.ts: fetchCredential',
    platformSite: { merge: `${AUTH}:127 (context.caller_token: the sender's own token authorizes the fetch)` },
    scenario: scenario('pr10-header-trust-model')
  },
  {
    id: 'pr11-caller-token-without-header',
    title: 'Caller token sent without X-Runner-Current-User',
    hop: 'runner',
    allows: 'A collaborator\'s fetch resolves to the owner (E = O) and is denied: collaborators get no credentials.',
    source: 'docs/platform/flaws.md#pr11-caller-token-without-header (fixed in 4e1520b57)',
    invariant: "a collaborator's turn gets the collaborator's credentials",
    site: 'src/main/runner/fetch-client.ts: fetchCredential',
    platformSite: { merge: `${AUTH}:129 (X-Runner-Current-User: sent along with the caller token)` },
    scenario: scenario('pr11-caller-token-without-header')
  },
  {
    id: 'pr12-fetch-before-user-set',
    title: 'Credentials fetched before the user is set',
    hop: 'runner',
    allows: 'Every fetch runs with the previous (or no) user context: BOT_TOKEN, i.e. the owner\'s credentials for everyone.',
    source: 'docs/platform/flaws.md#pr12-fetch-before-user-set (fixed in ed4c42dcd)',
    invariant: "a turn's fetches run with that turn's sender",
    site: 'src/main/runner/claude-bridge.ts: ClaudeBridge.initializeRun',
    platformSite: { merge: `${BRIDGE}:109 (set_current_user: the sender is set before populate fetches at :115)` },
    scenario: scenario('pr12-fetch-before-user-set')
  },
  {
    id: 'pr13-credential-cache-60s',
    title: 'The 60 s credential cache',
    hop: 'runner',
    allows: 'B\'s turn within 60 s of A\'s reuses A\'s tokens from the env.',
    source: 'docs/platform/flaws.md#pr13-credential-cache-60s (cd33116b7, then 47e37eddc)',
    invariant: "every turn fetches its sender's credentials afresh",
    site: 'src/main/runner/claude-bridge.ts: ClaudeBridge.initializeRun',
    platformSite: { merge: `${BRIDGE}:114 (clear_runtime_credentials: cleared and fetched afresh on every run, no cache)` },
    scenario: scenario('pr13-credential-cache-60s')
  },
  {
    id: 'pr14-mcp-never-rebuilt',
    title: 'MCP servers never rebuilt when the user changes',
    hop: 'runner',
    allows: 'The next sender\'s MCP servers (Jira, Google Workspace) keep the previous sender\'s credentials.',
    source: 'docs/platform/flaws.md#pr14-mcp-never-rebuilt (66d64d704, 554bfc67d, 2bb30bd4e, 6f5adb4d1, 3e0a854fa)',
    invariant: "MCP servers used in a turn hold the sender's credentials",
    site: 'src/main/runner/claude-bridge.ts: ClaudeBridge.mayRebuild (user-change rebuild)',
    platformSite: { merge: `${BRIDGE}:130 (self._rebuild_mcp_servers: on a user change with a worker for the thread)` },
    scenario: scenario('pr14-mcp-never-rebuilt')
  },
  {
    id: 'pr15-direct-caller-as-bot',
    title: 'A direct caller without userID is taken for BOT_TOKEN',
    hop: 'backend',
    allows: 'Any direct caller without X-Runner-Current-User is classified as BOT and gets the owner\'s credentials.',
    source: 'docs/platform/flaws.md#pr15-direct-caller-as-bot (fixed in 591d58238)',
    invariant: 'a direct caller is identified by SelfSubjectReview before any bot rule applies',
    site: 'src/main/backend/resolve-user.ts: resolveAuthenticatedUser',
    platformSite: { merge: `${RC}:71 (resolveTokenIdentity: SelfSubjectReview before any bot rule)` },
    scenario: scenario('pr15-direct-caller-as-bot')
  },
  {
    id: 'pr16-ssr-failure-always-bot',
    title: 'Any resolution failure counts as BOT',
    hop: 'backend',
    allows: 'When SelfSubjectReview fails, even a request with X-Forwarded-User is treated as BOT and gets the owner\'s credentials.',
    source: 'docs/platform/flaws.md#pr16-ssr-failure-always-bot (fixed in 3e0a854fa)',
    invariant: 'a failed identity resolution for a user request denies',
    site: 'src/main/backend/resolve-user.ts: ssrFailed',
    platformSite: { merge: `${RC}:84 (X-Forwarded-User: with it, a failed SelfSubjectReview denies at :88-89)` },
    scenario: scenario('pr16-ssr-failure-always-bot')
  },
  {
    id: 'pr17-bot-fallback-without-header',
    title: 'BOT_TOKEN fallback without the header',
    hop: 'runner',
    allows: 'When a collaborator\'s caller token expires mid-run the fallback silently returns the owner\'s credentials.',
    source: 'docs/platform/flaws.md#pr17-bot-fallback-without-header (8421fa7fe; fixed in c018a3115)',
    invariant: "after the caller token expires, a turn still gets only its sender's credentials",
    site: 'src/main/runner/fetch-client.ts: fetchCredential (fallback)',
    platformSite: { merge: `${AUTH}:153 (fallback_req: the BOT_TOKEN fallback names the sender)` },
    scenario: scenario('pr17-bot-fallback-without-header')
  },
  {
    id: 'pr18-active-user-bare-session-key',
    title: 'Active-user map keyed by bare session name',
    hop: 'proxy',
    allows: 'Same-named sessions in two projects share an active-user entry: a BOT token is checked against the other project\'s run user.',
    source: 'docs/platform/flaws.md#pr18-active-user-bare-session-key (fixed in 3e0a854fa)',
    invariant: "a session's active run user is its own, not a same-named session's in another project",
    site: 'src/main/backend-process/active-users.ts: ActiveUserMap.key',
    platformSite: { merge: `${RC}:38 (sessionActiveUserMap.Store: keyed project/session)` },
    scenario: scenario('pr18-active-user-bare-session-key')
  },
  {
    id: 'pr19-sa-annotation-failure-ignored',
    title: 'Failed SA annotation update only logged',
    hop: 'operator',
    allows: 'The session ServiceAccount keeps a stale or missing owner annotation and the runner starts anyway.',
    source: 'docs/platform/flaws.md#pr19-sa-annotation-failure-ignored (fixed in 3e0a854fa)',
    invariant: 'a runner starts only with its ServiceAccount annotated with the current owner',
    site: 'src/main/operator/operator.ts: Operator.regenerateRunnerToken',
    platformSite: { merge: `${OPERATOR}:2471 (updErr: a failed annotation update is an error; a failed read at :2456-2457)` },
    scenario: scenario('pr19-sa-annotation-failure-ignored')
  },
  {
    id: 'pr20-backend-url-unchecked',
    title: 'BACKEND_API_URL not checked',
    hop: 'runner',
    allows: 'spec.environmentVariables points BACKEND_API_URL at any host, which then receives caller tokens and BOT_TOKEN.',
    source: 'docs/platform/flaws.md#pr20-backend-url-unchecked (fixed in 3e0a854fa)',
    invariant: 'the runner sends tokens only to the backend service',
    site: 'src/main/runner/fetch-client.ts: hostAllowed',
    platformSite: { merge: `${AUTH}:111 (parsed.hostname: the host allowlist, :111-117)` },
    scenario: scenario('pr20-backend-url-unchecked')
  },
  {
    id: 'pr21-user-change-needs-both-ids',
    title: 'User change detected only between two named users',
    hop: 'runner',
    allows: 'owner → automated and automated → user transitions keep the previous MCP credentials.',
    source: 'docs/platform/flaws.md#pr21-user-change-needs-both-ids (fixed in 3e0a854fa)',
    invariant: 'every change of sender rebuilds the MCP servers',
    site: 'src/main/runner/claude-bridge.ts: ClaudeBridge.userChanged (user_changed)',
    platformSite: { merge: `${BRIDGE}:123 (user_changed: any change of sender counts)` },
    scenario: scenario('pr21-user-change-needs-both-ids')
  },
  {
    id: 'pr22-unchecked-type-assertion',
    title: 'Unchecked type assertion on the active-user map',
    hop: 'backend',
    allows: 'A non-string map value panics the handler: a 500 instead of a decision (denial of service).',
    source: 'docs/platform/flaws.md#pr22-unchecked-type-assertion (fixed in 124c59eb4)',
    invariant: 'a malformed active-user entry is treated as absent, never a crash',
    site: 'src/main/backend/rbac.ts: decideCredentialAccess, row 3',
    platformSite: { merge: `${RC}:129 (activeUserStr: the map value's type is checked, activeUser.(string) with ok)` },
    scenario: scenario('pr22-unchecked-type-assertion')
  },
  {
    id: 'pr23-child-session-raw-sa',
    title: 'Session ServiceAccount without the owner annotation',
    hop: 'operator',
    allows: 'The session\'s BOT_TOKEN resolves to the raw ServiceAccount; sessions it creates lose the owner\'s identity.',
    source: 'docs/platform/flaws.md#pr23-child-session-raw-sa (fixed in 5ee99580a)',
    invariant: 'the session ServiceAccount carries its owner',
    site: 'src/main/operator/operator.ts: Operator.regenerateRunnerToken',
    platformSite: { merge: `${OPERATOR}:2436 (saAnnotations: the owner annotation on the session ServiceAccount)` },
    scenario: scenario('pr23-child-session-raw-sa')
  },
  {
    id: 'r1-active-user-not-cleared',
    title: 'Active-user entries never cleared at turn end',
    hop: 'proxy',
    allows: 'A bot caller can fetch the last human sender\'s credentials for up to ~70 minutes after their run.',
    source: 'docs/platform/flaws.md#r1-active-user-not-cleared',
    invariant: "once a turn ends, no BOT_TOKEN request can fetch its sender's credentials",
    site: 'src/main/proxy/runner-stream.ts: proxyRunnerStream (finally)',
    platformSite: { merge: `${PROXY}:266 (SetSessionActiveUser: set for each run with a sender; nothing clears it at turn end, only the stale sweep at :100)`, head: `${PROXY}:285 (SetSessionActiveUser: set for each run with a sender; nothing clears it at turn end, only the stale sweep at :112)` },
    scenario: scenario('r1-active-user-not-cleared'),
    atHead: 'Unchanged; runs the runner starts itself (initial prompt, repo notices) POST agui/run with the BOT_TOKEN, which resolves to the owner, so they overwrite the entry with the owner.'
  },
  {
    id: 'r2-no-turn-lock',
    title: 'No lock over the turn lifecycle',
    hop: 'runner',
    allows: 'Concurrent turns clear and refill each other\'s env and files mid-run; one sender\'s tools run with another\'s tokens.',
    source: 'docs/platform/flaws.md#r2-no-turn-lock (CodeRabbit Critical on PR #1379, open at HEAD)',
    invariant: 'concurrent turns never see each other\'s credentials',
    site: 'src/main/runner/claude-bridge.ts: ClaudeBridge.run',
    platformSite: { merge: `${BRIDGE}:165 (get_lock: per thread, and only after _initialize_run at :146 wrote the env)`, head: `${BRIDGE}:275 (get_lock: per thread, and only after _initialize_run at :254 wrote the env and files)` },
    scenario: scenario('r2-no-turn-lock'),
    atHead: 'Unchanged, and more shared state: the token files, the kubeconfig file, the Google files and the Gerrit config.'
  },
  {
    id: 'r3-mcp-not-rebuilt',
    title: 'Workers and MCP servers outlive the turn',
    hop: 'runner',
    allows: 'A different user on a new thread reuses MCP servers expanded with the previous user\'s env; spawned subprocesses keep credentials after the clear.',
    source: 'docs/platform/flaws.md#r3-mcp-not-rebuilt',
    invariant: 'no worker or MCP server keeps a credential after its turn',
    site: 'src/main/flaws/policies.ts: turnStateOutlivesTurn (read by ClaudeBridge.cleanup and ClaudeBridge.mayRebuild)',
    platformSite: { merge: `${BRIDGE}:124 (get_existing: rebuilt only on a user change with a worker for this thread; no worker ends with its turn)`, head: `${BRIDGE}:230 (get_existing: rebuilt only on a user change with a worker for this thread; no worker ends with its turn)` },
    scenario: scenario('r3-mcp-not-rebuilt'),
    atHead: 'The first run always rebuilds the MCP servers after its fetch (1bd2057d8), but destroys no worker; same-user turns still never rebuild.'
  },
  {
    id: 'r4-cleanup-skipped-on-early-failure',
    title: 'Cleanup skipped on early failures',
    hop: 'runner',
    allows: 'A failure in _initialize_run or worker creation leaves env, files and the caller token for the next run.',
    source: 'docs/platform/flaws.md#r4-cleanup-skipped-on-early-failure',
    invariant: 'a turn that fails before streaming still clears its credentials',
    site: 'src/main/flaws/policies.ts: cleanupPlacement (read by ClaudeBridge.turn)',
    platformSite: { merge: `${BRIDGE}:166 (try: opens after _initialize_run (:146) and get_or_create (:159), so their failures skip the clear)`, head: `${BRIDGE}:276 (try: opens after _initialize_run (:254) and get_or_create (:269), so their failures skip the clear)` },
    scenario: scenario('r4-cleanup-skipped-on-early-failure'),
    atHead: 'Wider: every unmended 401/403 raises PermissionError from populate, before the try/finally, so the env and files written so far, the caller token and _first_run survive, and the turn ends RUN_ERROR.'
  },
  {
    id: 'r5-bot-token-reaches-owner',
    title: "BOT_TOKEN always reaches the owner's credentials",
    hop: 'backend',
    allows: "Any editor has the agent read BOT_TOKEN and fetch the owner's GitHub, GitLab, Jira tokens and Google refresh token.",
    source: 'docs/platform/flaws.md#r5-bot-token-reaches-owner',
    invariant: "a collaborator's turn cannot obtain the owner's credentials",
    site: 'src/main/backend/rbac.ts: decideCredentialAccess, rows 1–2',
    platformSite: { merge: `${RC}:126 (effectiveUserID == ownerUserID: a bot gets the owner's credentials, no other check)`, head: `${RC}:126 (effectiveUserID == ownerUserID: a bot gets the owner's credentials, no other check)` },
    scenario: scenario('r5-bot-token-reaches-owner'),
    atHead: 'The token is a mounted file (/var/run/secrets/ambient/bot-token), not env; it still reaches the owner\'s credentials.'
  },
  {
    id: 'r6-annotation-maps-bot-to-owner',
    title: "The operator's annotation turns BOT_TOKEN into the owner",
    hop: 'backend',
    allows: "The session's BOT_TOKEN acts as the owner on every user-scoped API, /agui/run on other sessions included.",
    source: 'docs/platform/flaws.md#r6-annotation-maps-bot-to-owner (side effect of 5ee99580a)',
    invariant: "a session's BOT_TOKEN is never the owner's identity",
    site: 'src/main/flaws/policies.ts: sessionBotResolvesToOwner (read by the backend saFallback and the proxy handleRun)',
    platformSite: { merge: `${SERVER}:173 (created-by-user-id: the session ServiceAccount's annotation makes its BOT_TOKEN the owner)`, head: `${SERVER}:191 (created-by-user-id: the session ServiceAccount's annotation makes its BOT_TOKEN the owner; under SSO sso.go:92)` },
    scenario: scenario('r6-annotation-maps-bot-to-owner'),
    atHead: 'Unchanged in legacy mode; under SSO the TokenReview fallback maps it the same way and then impersonates the owner. The non-owner\'s BOT_TOKEN fallback still 403s, which now ends the turn.'
  },
  {
    id: 'r7-bot-not-bound-to-session',
    title: 'Bot classification not bound to the session',
    hop: 'backend',
    allows: "Any unannotated ServiceAccount that can get the session CR gets the owner's and the active user's credentials.",
    source: 'docs/platform/flaws.md#r7-bot-not-bound-to-session',
    invariant: "only this session's own ServiceAccount is this session's bot",
    site: 'src/main/backend/rbac.ts: decideCredentialAccess (bot branch)',
    platformSite: { merge: `${RC}:122 (isBotToken: no check that the ServiceAccount is this session's)`, head: `${RC}:122 (isBotToken: no check that the ServiceAccount is this session's)` },
    scenario: scenario('r7-bot-not-bound-to-session'),
    atHead: 'Unchanged in legacy mode; under SSO an unannotated ServiceAccount is a plain user, never the bot.'
  },
  {
    id: 'r8-ssr-failure-fails-open',
    title: 'SelfSubjectReview failure fails open',
    hop: 'backend',
    allows: "When SelfSubjectReview fails, a direct caller without X-Forwarded-User is treated as BOT and gets the owner's credentials.",
    source: 'docs/platform/flaws.md#r8-ssr-failure-fails-open',
    invariant: 'an unidentified caller gets no credentials',
    site: 'src/main/backend/resolve-user.ts: ssrFailed',
    platformSite: { merge: `${RC}:84 (X-Forwarded-User: without it, a failed SelfSubjectReview is a bot)`, head: `${RC}:84 (X-Forwarded-User: without it, a failed SelfSubjectReview is a bot)` },
    scenario: scenario('r8-ssr-failure-fails-open'),
    atHead: 'Unchanged in legacy mode; under SSO a token that fails both JWT and TokenReview is a 401 before the handler.'
  },
  {
    id: 'r9-x-forwarded-user-trusted',
    title: 'X-Forwarded-User trusted from any caller',
    hop: 'backend',
    allows: "A direct caller sends X-Forwarded-User: victim plus X-Runner-Current-User: victim and receives the victim's credentials.",
    source: 'docs/platform/flaws.md#r9-x-forwarded-user-trusted',
    invariant: 'only the front door may assert X-Forwarded-User',
    site: 'src/main/backend/identity-middleware.ts: resolveRequestIdentity',
    platformSite: { merge: `${SERVER}:134 (X-Forwarded-User: believed from any caller)`, head: `${SERVER}:157 (X-Forwarded-User: believed from any caller in legacy mode)` },
    scenario: scenario('r9-x-forwarded-user-trusted'),
    atHead: 'Unchanged in legacy mode; under SSO a Bearer token disables the headers.'
  },
  {
    id: 'r9b-backend-host-allowlist-broad',
    title: 'BACKEND_API_URL allowlist too broad',
    hop: 'runner',
    allows: 'An in-cluster collector (*.svc.cluster.local) set through spec.environmentVariables receives the editors\' caller tokens.',
    source: 'docs/platform/flaws.md#r9b-backend-host-allowlist-broad',
    invariant: 'the runner sends tokens only to the backend service',
    site: 'src/main/runner/fetch-client.ts: hostAllowed',
    platformSite: { merge: `${AUTH}:112 (parsed.hostname.endswith: any name ending .svc.cluster.local, localhost, 127.0.0.1)`, head: `${AUTH}:141 (parsed.hostname.endswith: any name ending .svc too, beside .svc.cluster.local at :140)` },
    scenario: scenario('r9b-backend-host-allowlist-broad'),
    atHead: 'Wider: any *.svc name is accepted too (1aa8b4283).'
  },
  {
    id: 'r10-identity-normalization-mismatch',
    title: 'Identity normalization differs between middleware and SSR',
    hop: 'backend',
    allows: 'Users whose names contain @, spaces and similar get 403 with their own caller token (fails closed, breaks per-user credentials).',
    source: 'docs/platform/flaws.md#r10-identity-normalization-mismatch',
    invariant: "a user with any valid username gets their own credentials",
    site: 'src/main/backend/resolve-user.ts: resolveAuthenticatedUser',
    platformSite: { merge: `${RC}:73 (strings.ReplaceAll: only the colons; the middleware runs sanitizeUserID, server.go:137)`, head: `${RC}:73 (strings.ReplaceAll: only the colons; the middleware runs SanitizeUserID, server.go:158)` },
    scenario: scenario('r10-identity-normalization-mismatch'),
    atHead: 'The 403, the BOT_TOKEN fallback and its 403 now raise PermissionError, so such a collaborator cannot run any turn.'
  },
  {
    id: 'r11-no-caller-token-owner-fallback',
    title: 'No caller token: the owner\'s credentials',
    hop: 'runner',
    allows: "A sender seen only through X-Forwarded-Access-Token (a browser session) gets the owner's credentials, the original bug.",
    source: 'docs/platform/flaws.md#r11-no-caller-token-owner-fallback',
    invariant: "a non-owner's turn never gets the owner's credentials",
    site: 'src/main/proxy/runner-stream.ts: runIdentity',
    platformSite: { merge: `${PROXY}:349 (Authorization: the caller token comes only from this header; a browser session sends none)`, head: `${PROXY}:368 (Authorization: the caller token comes only from this header; a browser session sends none)` },
    scenario: scenario('r11-no-caller-token-owner-fallback'),
    atHead: 'The first BOT_TOKEN request still names nobody; only the refresh-retry after a 401/403 adds X-Runner-Current-User.'
  },
  {
    id: 'r12-mcp-credentials-owner-only',
    title: 'MCP credentials are always the owner\'s',
    hop: 'backend',
    allows: "Non-owner turns get the owner's MCP credentials; an empty userID is allowed.",
    source: 'docs/platform/flaws.md#r12-mcp-credentials-owner-only',
    invariant: "MCP credentials of a turn are the sender's",
    site: 'src/main/backend/credentials/mcp.ts: serveMcp',
    platformSite: { merge: `${MCP}:224 (authenticatedUserID: only the owner or an empty userID pass, and :230 serves the owner's)`, head: `${MCP}:224 (authenticatedUserID: only the owner or an empty userID pass, and :230 serves the owner's)` },
    scenario: scenario('r12-mcp-credentials-owner-only'),
    atHead: 'Unchanged handler; a refused caller token now falls back to the BOT_TOKEN, which gets the owner\'s MCP credentials.'
  },
  {
    id: 'r13-github-project-token-fallback',
    title: 'Project-wide GITHUB_TOKEN for senders without GitHub',
    hop: 'backend',
    allows: 'A sender without personal GitHub credentials silently gets the shared project token.',
    source: 'docs/platform/flaws.md#r13-github-project-token-fallback',
    invariant: "a non-owner without GitHub credentials gets none, never a shared token",
    site: 'src/main/backend/credentials/github.ts: getGitHubToken',
    platformSite: { merge: `${GIT}:124 (GITHUB_TOKEN: the project's shared token for a sender without their own)`, head: `${GIT}:124 (GITHUB_TOKEN: the project's shared token for a sender without their own)` },
    scenario: scenario('r13-github-project-token-fallback')
  },
  {
    id: 'r14-other-bridges-ignore-sender',
    title: 'Gemini and LangGraph bridges ignore the sender',
    hop: 'runner',
    allows: "Sessions on other runners use the owner's credentials, the 60 s cache, and never clear.",
    source: 'docs/platform/flaws.md#r14-other-bridges-ignore-sender',
    invariant: "every runner honours the sender",
    site: 'src/main/runner/runner.ts: Runner.constructor (bridge choice)',
    platformSite: { merge: `${GEMINI}:77 (kwargs: the sender and the caller token are dropped)`, head: `${GEMINI}:78 (kwargs: the sender and the caller token are dropped)` },
    scenario: scenario('r14-other-bridges-ignore-sender'),
    atHead: 'The gRPC transport runs every turn with no user too: that is h11.'
  },
  {
    id: 'r15-git-identity-persists',
    title: "The previous sender's git identity persists",
    hop: 'runner',
    allows: 'GIT_USER_NAME/GIT_USER_EMAIL and the global git identity of one sender outlive their turn (at HEAD also the Google files).',
    source: 'docs/platform/flaws.md#r15-git-identity-persists (the part that applies at MERGE)',
    invariant: "nothing of a sender's identity outlives their turn",
    site: 'src/main/runner/credentials-env.ts: clearRuntimeCredentials',
    platformSite: { merge: `${AUTH}:375 (USER_GOOGLE_EMAIL: the clear's list ends without GIT_USER_NAME and GIT_USER_EMAIL; ~/.gitconfig is never reset)`, head: `${AUTH}:653 (KUBECONFIG: the clear's list ends without GIT_USER_NAME and GIT_USER_EMAIL; the Google files are kept at :677)` },
    scenario: scenario('r15-git-identity-persists'),
    atHead: 'Wider: the clear also keeps every Google credentials file on purpose (issue #1222), one per user who ever sent a turn, and the Gerrit config until the next populate.'
  },
  {
    id: 'r17-google-refresh-failure-401',
    title: 'A failed Google refresh answers 401',
    hop: 'backend',
    allows: 'The runner takes the 401 for an expired caller token and falls back to BOT_TOKEN, which 403s for non-owners.',
    source: 'docs/platform/flaws.md#r17-google-refresh-failure-401',
    invariant: 'the runner falls back to BOT_TOKEN only when the caller token itself was refused',
    site: 'src/main/backend/credentials/google.ts: serveGoogle',
    platformSite: { merge: `${RC}:247 (StatusUnauthorized: a failed Google refresh answers 401)`, head: `${RC}:247 (StatusUnauthorized: a failed Google refresh answers 401)` },
    scenario: scenario('r17-google-refresh-failure-401'),
    atHead: 'Worse: the 401 now raises PermissionError on the caller and the BOT_TOKEN path, so the user\'s every turn ends RUN_ERROR until Google is disconnected.'
  },
  {
    id: 'r18-cleanup-maps-bare-session-key',
    title: 'Stale-sweep maps keyed by bare session name',
    hop: 'proxy',
    allows: 'An active-user entry for one project is orphaned by a same-named session in another project, and never pruned.',
    source: 'docs/platform/flaws.md#r18-cleanup-maps-bare-session-key',
    invariant: "the stale sweep tracks each project's session on its own",
    site: 'src/main/proxy/agui-proxy.ts: sessionMapKey',
    platformSite: { merge: `${PROXY}:99 (sessionProjectMap.Load: keyed by the bare session name)`, head: `${PROXY}:111 (sessionProjectMap.Load: keyed by the bare session name)` },
    scenario: scenario('r18-cleanup-maps-bare-session-key')
  },
  {
    id: 'r19-user-ids-in-logs',
    title: 'User IDs still logged',
    hop: 'proxy',
    allows: 'The proxy connect line, Run user context, the RBAC violation line and handler failures carry user IDs.',
    source: 'docs/platform/flaws.md#r19-user-ids-in-logs',
    invariant: 'no log line carries a user ID',
    site: 'src/main/trace/logged-user.ts: loggedUser',
    platformSite: { merge: `${PROXY}:377 (logSuffix: the connect line names the user)`, head: `${PROXY}:396 (logSuffix: the connect line names the user)` },
    scenario: scenario('r19-user-ids-in-logs')
  },
  {
    id: 'r20-caller-token-in-runner',
    title: "The caller's full OAuth token reaches the runner pod",
    hop: 'proxy',
    allows: "The sender's cluster-wide bearer token sits in the agent's process for the whole turn, usable on any API.",
    source: 'docs/platform/flaws.md#r20-caller-token-in-runner',
    invariant: "the runner never holds the sender's OAuth token, only a run-bound credential-read token",
    site: 'src/main/proxy/runner-stream.ts: runIdentity',
    platformSite: { merge: `${PROXY}:799 (X-Caller-Token: the sender's full bearer token goes to the runner)`, head: `${PROXY}:842 (X-Caller-Token: the sender's full bearer token goes to the runner)` },
    scenario: scenario('r20-caller-token-in-runner'),
    atHead: 'Under SSO it is the 5-minute access JWT; in control-plane mode it also goes to the api-server\'s token endpoint.'
  },
  {
    id: 'h1-files-read-by-lingering-processes',
    title: "A process left running by one sender's turn reads the next sender's credentials",
    hop: 'runner',
    allows:
      "A process started in bob's turn (a backgrounded shell command, a background subagent) keeps running; during alice's later turn it reads the files populate wrote for her, or runs git or gh, which read them: at HEAD /tmp/.ambient_github_token and the other token files, at the merge the Google credentials file.",
    source: 'docs/platform/flaws.md#h1-files-read-by-lingering-processes (a12620028, 865dd9d2a; HEAD auth.py:41-43, 557-579, 615, 757-833)',
    invariant: "nothing a sender's turn left running can use a later sender's credentials",
    site: 'src/main/runner/claude-bridge.ts: ClaudeBridge.cleanup',
    platformSite: { merge: `${BRIDGE}:211 (clear_runtime_credentials: clears the env and the Google file; stops no process the turn started)`, head: `${BRIDGE}:339 (clear_runtime_credentials: clears the env and the token files; stops no process the turn started)` },
    scenario: scenario('h1-files-read-by-lingering-processes')
  },
  {
    id: 'h2-custom-mcp-expands-credentials',
    title: "Custom MCP servers are expanded with whoever's credentials are in the env",
    hop: 'runner',
    allows: "An editor sets a session or project custom MCP server whose url, headers, args or env reference ${GITHUB_TOKEN}, ${JIRA_API_TOKEN}, ${CODERABBIT_API_KEY}, …; the next first run or user change expands the sender's tokens into it, and the CLI sends them to the editor's endpoint.",
    source: 'docs/platform/flaws.md#h2-custom-mcp-expands-credentials (09cf5f11c; HEAD platform/config.py:73-119, bridges/claude/mcp.py:67)',
    invariant: "a custom MCP server is expanded with no credential: no one's token reaches an endpoint an editor chose",
    site: 'src/main/runner/mcp-config.ts: customServerEnv',
    platformSite: { head: `${RUNNER}/platform/config.py:117 (expand_env_vars: the custom servers merged at :82 and :100 expand from the whole env)` },
    scenario: scenario('h2-custom-mcp-expands-credentials')
  },
  {
    id: 'h3-sso-impersonates-creator',
    title: "SSO impersonation gives in-pod tokens the owner's Kubernetes identity",
    hop: 'backend',
    allows: "In an SSO world the backend runs every Kubernetes call of a session's BOT token (or an API key) as the user who created it, with that user's RBAC in every project, not the account's narrow Role.",
    source: 'docs/platform/flaws.md#h3-sso-impersonates-creator (fb5b57c31; HEAD sso.go:84-121, middleware.go:109-113)',
    invariant: "a ServiceAccount's token acts with the account's own Kubernetes rights, never its creator's",
    site: 'src/main/backend/sso-identity.ts: ssoUserClient',
    platformSite: { head: `components/backend/handlers/sso.go:93 (username = uid: the creator replaces the ServiceAccount, impersonated at middleware.go:113)` },
    scenario: scenario('h3-sso-impersonates-creator')
  },
  {
    id: 'h4-session-sa-reads-every-secret',
    title: "A session's ServiceAccount reads every Secret of its project",
    hop: 'operator',
    allows: "The agent in any session reads ambient-runner-token-<other session> from the Kubernetes API with its own pod's BOT token: that session's BOT token, which the backend takes for that session's bot (with R6, for its owner), so the agent fetches the other owner's credentials through that session's endpoints; and its agui-token.",
    source: 'docs/platform/flaws.md#h4-session-sa-reads-every-secret (HEAD operator/internal/handlers/sessions.go:2612-2617)',
    invariant: "a session's agent cannot read another session's runner token",
    site: 'src/main/operator/operator.ts: sessionRole',
    platformSite: { head: `${OPERATOR}:2615 (secrets: get, no resourceNames)` },
    scenario: scenario('h4-session-sa-reads-every-secret')
  },
  {
    id: 'h5-gerrit-instances-not-unwrapped',
    title: 'Gerrit credentials do not arrive on the backend path',
    hop: 'runner',
    allows: 'The backend answers {"instances": [...]}; the runner takes the whole object as one instance, so the Gerrit MCP server gets a host with no name, URL or auth and the user\'s Gerrit never works.',
    source: 'docs/platform/flaws.md#h5-gerrit-instances-not-unwrapped (b9931359e; HEAD auth.py:332-347 against runtime_credentials.go:430)',
    invariant: 'a turn can use its sender\'s Gerrit instances',
    site: 'src/main/runner/populate-head.ts: populateAtHead',
    platformSite: { head: `${AUTH}:344 (isinstance: any non-empty dict, {"instances": [...]} included, becomes one instance)` },
    scenario: scenario('h5-gerrit-instances-not-unwrapped')
  },
  {
    id: 'h6-first-run-ignores-user-change',
    title: 'A user change is ignored while the first run is unfinished',
    hop: 'runner',
    allows: "When a session's first turn ends abnormally after its worker started, the next sender's turn is still a first run: it rebuilds the MCP config but keeps the worker, whose CLI still holds the previous sender's tokens in its env.",
    source: 'docs/platform/flaws.md#h6-first-run-ignores-user-change (1bd2057d8; HEAD claude/bridge.py:226-240, 269-271, 341)',
    invariant: "a sender's turn never runs in a worker spawned with another sender's credentials",
    site: 'src/main/runner/claude-bridge.ts: ClaudeBridge.initializeRun',
    platformSite: { head: `${BRIDGE}:226 (self._first_run: ahead of the user-change elif at :230, and destroys no worker)` },
    scenario: scenario('h6-first-run-ignores-user-change')
  },
  {
    id: 'h7-cp-token-for-any-caller',
    title: "The control plane's token server gives its API token to anyone with the public key",
    hop: 'control-plane',
    allows:
      "Any process that reaches the token server and encrypts any string of 8 characters or more with the public key (in every control-plane runner pod's env) gets the control plane's own API token, a global caller of the api-server: it reads every credential there, those bound to other sessions and projects included.",
    source: 'docs/platform/flaws.md#h7-cp-token-for-any-caller (HEAD ambient-control-plane/internal/tokenserver/handler.go:27-66, 81-83; ambient-api-server/pkg/rbac/middleware.go)',
    invariant: "a pod's token reads only the credentials bound to its own session",
    site: 'src/main/controlplane/token-server.ts: startTokenServer',
    platformSite: { head: `components/ambient-control-plane/internal/tokenserver/handler.go:47 (isValidSessionID: eight characters without whitespace; no session is looked up)` },
    scenario: scenario('h7-cp-token-for-any-caller')
  },
  {
    id: 'h8-cp-credentials-per-binding',
    title: 'A control-plane session uses its bound credentials whoever sends',
    hop: 'control-plane',
    allows:
      "In a session the control plane created, each provider's credential is fixed when the pod is made (the binding's, often the owner's): the runner falls back to the control plane's token when the sender's own token is refused, and the api-server answers with the bound credential, so every sender works with the owner's GitHub, GitLab, Jira and kubeconfig. With credential sidecars the runner never holds them: each sidecar fetched its credential once, and every sender's tool call acts with it.",
    source: 'docs/platform/flaws.md#h8-cp-credentials-per-binding (HEAD kube_reconciler.go:822-957, auth.py:113-123, credential-sidecars/entrypoint/main.go:73-123)',
    invariant: "a turn uses its sender's credentials, never someone else's",
    site: 'src/main/flaws/policies.ts: cpCredentialsPerBinding (read by credentialToken of the api-server and sidecarServers of the runner)',
    platformSite: { head: `components/ambient-api-server/plugins/credentials/handler.go:179 (h.credential.Get: the bound credential by id; X-Runner-Current-User is never read)` },
    scenario: scenario('h8-cp-credentials-per-binding')
  },
  {
    id: 'h9-event-redaction-misses-secrets',
    title: 'AG-UI events reach the browser with secrets in them',
    hop: 'runner',
    allows:
      "Whatever the agent prints (an env dump, a token file, a credential response) goes to every browser of the session and into its persisted event log. The merge redacts nothing; HEAD's middleware scrubs only a fixed list of env values read at the start of the stream, in a few event types, so MESSAGES_SNAPSHOT carries every tool result unchanged, and CODERABBIT_API_KEY, Google and Gerrit tokens, the caller token and the mounted BOT token pass in any event.",
    source: 'docs/platform/flaws.md#h9-event-redaction-misses-secrets (adc3403b3; HEAD middleware/secret_redaction.py:45-118, platform/utils.py:137-162)',
    invariant: 'no secret reaches the browser or the event log in an AG-UI event',
    site: 'src/main/runner/event-redaction.ts: eventRedaction',
    platformSite: { merge: `${BRIDGE}:171 (tracing_middleware: the stream is wrapped for tracing only; nothing redacts it)`, head: `${RUNNER}/middleware/secret_redaction.py:45 (_SECRET_ENV_VARS: eleven env names read at stream start; four kinds of event scrubbed at :90-116)` },
    scenario: scenario('h9-event-redaction-misses-secrets')
  },
  {
    id: 'h10-refused-provider-fails-turn',
    title: "One provider's 401/403 fails the whole turn",
    hop: 'runner',
    allows: "A single refused provider (a revoked Google grant, a BOT fallback the backend refuses) raises PermissionError before the agent runs: the sender cannot work at all, not even with the credentials that did come back.",
    source: 'docs/platform/flaws.md#h10-refused-provider-fails-turn (52bcd7e06; HEAD auth.py:629-633, claude/bridge.py:217, 254)',
    invariant: 'a refused credential costs the turn that credential, not the turn',
    site: 'src/main/runner/credentials-env.ts: populateForTurn',
    platformSite: { head: `${AUTH}:629 (auth_failures: one refused provider raises PermissionError for the whole turn)` },
    scenario: scenario('h10-refused-provider-fails-turn')
  },
  {
    id: 'h11-grpc-turns-without-user',
    title: 'A turn sent over gRPC runs with no user',
    hop: 'runner',
    allows:
      "In a session the control plane created, a message pushed to the api-server reaches the runner's gRPC listener, which runs the turn with no user and no caller token: whoever pushed it, the runner fetches with the control plane's token alone, and the api-server answers with the credential bound to the session.",
    source: 'docs/platform/flaws.md#h11-grpc-turns-without-user (R14 at HEAD: grpc_transport.py:290-346; ambient-api-server plugins/sessions/message_handler.go)',
    invariant: "a turn uses its sender's credentials, never someone else's",
    site: 'src/main/flaws/policies.ts: grpcTurnsCarrySender (read by pushMessage and GrpcListener.handle)',
    platformSite: { head: `${RUNNER}/bridges/claude/grpc_transport.py:346 (self._bridge.run: only input_data, no user, name or caller token)` },
    scenario: scenario('h11-grpc-turns-without-user')
  },
  {
    id: 'f1050-bot-token-frozen-at-start',
    title: 'The BOT token frozen in the env at pod start',
    hop: 'runner',
    allows: 'Once the operator rotates the session\'s BOT token, the runner keeps sending the expired one: in a long session every fetch that needs it fails (issue #1046).',
    source: 'docs/platform/flaws.md#f1050-bot-token-frozen-at-start (fixed by f62b4cac3, PR #1050)',
    invariant: 'a rotated BOT token reaches the running pod',
    site: 'src/main/runner/runner.ts: Runner.start',
    platformSite: { merge: `${OPERATOR}:1156 (BOT_TOKEN: env from the runner-token Secret, fixed when the pod starts)` },
    scenario: scenario('f1050-bot-token-frozen-at-start')
  },
  {
    id: 'f1068-git-uses-spawn-time-token',
    title: 'git uses the token the CLI was spawned with',
    hop: 'runner',
    allows: 'After a refresh, git inside the running CLI still pushes with the old GITHUB_TOKEN; once that expires, every git operation fails (issues #1067, #1025).',
    source: 'docs/platform/flaws.md#f1068-git-uses-spawn-time-token (fixed by 797d7bf86 and a12620028, PRs #1025 and #1068)',
    invariant: 'git acts with the sender\'s current token, not the one the CLI was spawned with',
    site: 'src/main/flaws/policies.ts: tokenFilesAndHelper (read by populateRuntimeCredentials and clearRuntimeCredentials)',
    platformSite: { merge: `${AUTH}:349 (GITHUB_TOKEN: env only, so git in a running CLI keeps the token it was spawned with)` },
    scenario: scenario('f1068-git-uses-spawn-time-token')
  },
  {
    id: 'f1185-gh-uses-spawn-time-token',
    title: 'gh uses the token the CLI was spawned with',
    hop: 'runner',
    allows: 'After a refresh, gh inside the running CLI still sends the old GITHUB_TOKEN and gets 401 once it expires (issue #1135).',
    source: 'docs/platform/flaws.md#f1185-gh-uses-spawn-time-token (fixed by 865dd9d2a, PR #1185)',
    invariant: 'gh acts with the sender\'s current token, not the one the CLI was spawned with',
    site: 'src/main/runner/credentials-env.ts: populateRuntimeCredentials',
    platformSite: { merge: `${AUTH}:349 (GITHUB_TOKEN: env only, so gh in a running CLI keeps the token it was spawned with)` },
    scenario: scenario('f1185-gh-uses-spawn-time-token')
  },
  {
    id: 'f1222-google-file-deleted-between-turns',
    title: 'The Google credentials file deleted at the end of every turn',
    hop: 'runner',
    allows:
      'Between turns workspace-mcp, which outlives the turn, finds no credentials file and starts an OAuth flow on localhost:8000 that no one can reach: Google Workspace stops working after the first turn (issue #1222).',
    source: 'docs/platform/flaws.md#f1222-google-file-deleted-between-turns (fixed by 9605012b0, PR #1234)',
    invariant: "the sender's Google credentials file stays for workspace-mcp between turns",
    site: 'src/main/flaws/policies.ts: googleFileKeptAtClear (read by clearRuntimeCredentials and Runner.holdings)',
    platformSite: { merge: `${AUTH}:391 (google_cred_file.unlink: the clear deletes the file workspace-mcp reads)` },
    scenario: scenario('f1222-google-file-deleted-between-turns')
  },
  {
    id: 'f1378-runner-accepts-any-pod',
    title: 'Any pod can POST to a session\'s runner',
    hop: 'runner',
    allows: 'A pod of another session (another owner\'s agent) POSTs a prompt to this session\'s runner, which runs it with this session\'s credentials.',
    source: 'docs/platform/flaws.md#f1378-runner-accepts-any-pod (fixed by 256d97d24, 0eaa12119 and 19840da88, PRs #1378, #1426, #1556)',
    invariant: 'only the backend can start a turn on a session\'s runner',
    site: 'src/main/flaws/policies.ts: sessionTokenGate (read by Operator.regenerateRunnerToken and withSessionToken)',
    platformSite: { merge: `${RUN}:55 (run_agent: no check before it of who calls POST /)` },
    scenario: scenario('f1378-runner-accepts-any-pod')
  }
]

export function flawById(id: string): Flaw | undefined {
  return FLAWS.find((f) => f.id === id)
}
