import type { FetchKind } from '../../shared/providers'
import { type Fetched, fetchCredential } from './fetch-client'
import { GIT_CONFIG_FILE, GIT_CREDENTIAL_HELPER, type RunnerPod } from './pod'

/** What populate shares at both versions: the gathered fetches, the git identity, the helper and the gh wrapper. */

export const PLACEHOLDER_EMAIL = 'user@example.com'
const DEFAULT_GIT_NAME = 'Ambient Code Bot'
const DEFAULT_GIT_EMAIL = 'bot@ambient-code.local'

export const str = (value: unknown): string => (typeof value === 'string' ? value : '')

/** The authorized-user file workspace-mcp reads, from Google's answer and the pod's OAuth client. */
export function googleCredentialsJson(pod: RunnerPod, google: Record<string, unknown>, expiry: string): string {
  return JSON.stringify(
    {
      token: str(google.accessToken),
      refresh_token: str(google.refreshToken),
      token_uri: 'https://oauth2.googleapis.com/token',
      client_id: pod.env.get('GOOGLE_OAUTH_CLIENT_ID') ?? '',
      client_secret: pod.env.get('GOOGLE_OAUTH_CLIENT_SECRET') ?? '',
      scopes: Array.isArray(google.scopes) ? google.scopes : [],
      expiry
    },
    null,
    2
  )
}

/** A fetch's answer as the dict the platform's `.get` reads: a list (HEAD's Gerrit shape) has no keys. */
export const dict = (value: Fetched | Error | undefined): Record<string, unknown> => (value === undefined || value instanceof Error || Array.isArray(value) ? {} : value)

/**
 * Runs the fetches as concurrent flows, as `asyncio.gather(..., return_exceptions=True)` does:
 * results in a fixed order, an exception in its slot's place.
 */
export async function fetchAll(pod: RunnerPod, slots: readonly FetchKind[]): Promise<Array<Fetched | Error>> {
  const { scheduler } = pod.sim
  const one = async (slot: FetchKind): Promise<Fetched | Error> => {
    try {
      return await fetchCredential(pod, slot)
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error))
    }
  }
  return scheduler.block(Promise.all(slots.map((slot) => scheduler.spawn(`fetch ${slot}`, () => one(slot)))))
}

/** What one populate wrote, for the trace. */
export interface Written {
  keys: string[]
  files: string[]
}

/** `configure_git_identity`: GIT_USER_* and the global git config, with the bot's identity by default. */
export async function configureGitIdentity(pod: RunnerPod, name: string, email: string, out: Written): Promise<void> {
  const finalName = name.trim() || DEFAULT_GIT_NAME
  const finalEmail = email.trim() || DEFAULT_GIT_EMAIL
  for (const [key, value] of [['GIT_USER_NAME', finalName], ['GIT_USER_EMAIL', finalEmail]] as const) {
    pod.env.set(key, value)
    out.keys.push(key)
  }
  try {
    await pod.workspace.write(GIT_CONFIG_FILE, `${(await gitConfigWithout(pod, 'user')).trimEnd()}\n[user]\n\tname = ${finalName}\n\temail = ${finalEmail}\n`.trimStart())
    out.files.push(GIT_CONFIG_FILE)
  } catch (error) {
    pod.log('warning', `git config --global failed: ${error instanceof Error ? error.message : String(error)}`)
  }
}

/** The global git config without one section, so `git config --global` edits keep the others (the credential helper). */
export async function gitConfigWithout(pod: RunnerPod, section: string): Promise<string> {
  const text = (await pod.workspace.read(GIT_CONFIG_FILE)) ?? ''
  return text.replace(new RegExp(`\\[${section}\\]\\n(\\t[^\\n]*\\n)*`, 'g'), '')
}

/** What the helper answers git with: the token file first, then the env (docs/platform/runner.md#the-git-credential-helper-and-the-gh-wrapper). */
const HELPER_SCRIPT = `#!/bin/sh
# Ambient git credential helper: tokens from /tmp/.ambient_*_token, else the env.
`

/** `install_git_credential_helper`, once per process: the script, and git's global credential.helper. */
export async function installCredentialHelper(pod: RunnerPod, out: Written): Promise<void> {
  if (pod.installed.credentialHelper) return
  await pod.workspace.write(GIT_CREDENTIAL_HELPER, HELPER_SCRIPT, 0o755)
  const rest = (await gitConfigWithout(pod, 'credential')).trimEnd()
  await pod.workspace.write(GIT_CONFIG_FILE, `${rest ? `${rest}\n` : ''}[credential]\n\thelper = ${GIT_CREDENTIAL_HELPER}\n`)
  pod.installed.credentialHelper = true
  out.files.push(GIT_CREDENTIAL_HELPER)
}

/** `install_gh_wrapper`, once per process: a private directory with a `gh` script, prepended to PATH. */
export function installGhWrapper(pod: RunnerPod, out: Written): void {
  if (pod.installed.ghWrapperDir !== null) return
  // mkdtemp's name; from its own stream, so it shifts no other value.
  const dir = `/tmp/ambient-gh-${pod.sim.random.fork(`gh-wrapper/${pod.project}/${pod.session}`).string(8, 'abcdefghijklmnopqrstuvwxyz0123456789')}`
  pod.installed.ghWrapperDir = dir
  pod.env.set('PATH', `${dir}:${pod.env.get('PATH') ?? ''}`)
  out.keys.push('PATH')
}
