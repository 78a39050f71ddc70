import type { HopContext } from '../sim/hop-context'
import type { RunnerContext } from './context'
import type { BackgroundJobs } from './background-jobs'
import type { Env } from './env'
import type { HeldSecrets } from './held-secrets'
import type { Workspace } from './workspace'

/** What the runner's modules share: the pod's env, files and context, and the trace. */
export interface RunnerPod {
  readonly sim: HopContext
  readonly project: string
  readonly session: string
  readonly env: Env
  readonly workspace: Workspace
  readonly context: RunnerContext
  /** What the runner process installed once and keeps (HEAD's git credential helper and gh wrapper). */
  readonly installed: { credentialHelper: boolean; ghWrapperDir: string | null }
  /** Every secret value the process was given or fetched: what hardened redaction scrubs from events. */
  readonly heldSecrets: HeldSecrets
  /** The processes turns left running in the pod. */
  readonly background: BackgroundJobs
  /** `_cp_fetched_token`: the control plane's token, once a control-plane pod fetched it; `get_bot_token` prefers it. */
  readonly cpToken: { value: string }
  log(level: 'debug' | 'info' | 'warning' | 'error', text: string): void
}

export const GOOGLE_CREDENTIALS_FILE = '/workspace/.google_workspace_mcp/credentials/credentials.json'
export const GOOGLE_CREDENTIALS_DIR = '/workspace/.google_workspace_mcp/credentials'
export const DEFAULT_MCP_CONFIG_FILE = '/app/ambient-runner/.mcp.json'
export const GIT_CONFIG_FILE = '/root/.gitconfig'

/** HEAD's per-turn token files, read by the git credential helper and the gh wrapper (docs/platform/runner.md#populate-and-clear-at-head). */
export const GITHUB_TOKEN_FILE = '/tmp/.ambient_github_token'
export const GITLAB_TOKEN_FILE = '/tmp/.ambient_gitlab_token'
export const KUBECONFIG_FILE = '/tmp/.ambient_kubeconfig'
export const GIT_CREDENTIAL_HELPER = '/tmp/git-credential-ambient'
export const GERRIT_CONFIG_DIR = '/tmp/gerrit-mcp'
export const GERRIT_CONFIG_FILE = '/tmp/gerrit-mcp/gerrit_config.json'
/** Where the operator mounts the session's BOT token at HEAD (docs/platform/runner.md#the-bot-token-at-head). */
export const BOT_TOKEN_FILE = '/var/run/secrets/ambient/bot-token'

/** HEAD's Google credentials file: named by the user's email, `credentials.json` without one. */
export function googleCredentialsFile(email: string): string {
  return `${GOOGLE_CREDENTIALS_DIR}/${email && email !== 'user@example.com' ? `${email}.json` : 'credentials.json'}`
}
