import type { HopContext } from '../sim/hop-context'
import type { RunnerContext } from './context'
import type { Env } from './env'
import type { Workspace } from './workspace'

/** What the runner's modules share: the pod's env, files and context, and the trace. */
export interface RunnerPod {
  readonly sim: HopContext
  readonly project: string
  readonly session: string
  readonly env: Env
  readonly workspace: Workspace
  readonly context: RunnerContext
  log(level: 'debug' | 'info' | 'warning' | 'error', text: string): void
}

export const GOOGLE_CREDENTIALS_FILE = '/workspace/.google_workspace_mcp/credentials/credentials.json'
export const GOOGLE_CREDENTIALS_DIR = '/workspace/.google_workspace_mcp/credentials'
export const DEFAULT_MCP_CONFIG_FILE = '/app/ambient-runner/.mcp.json'
export const GIT_CONFIG_FILE = '/root/.gitconfig'
