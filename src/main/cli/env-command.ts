import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { ReadyLine } from '../../shared/ready-line'
import { botTokenVariable, tokenVariable } from '../../shared/token-variables'
import type { WorldView } from '../engine/world-view'
import { defaultDbPath } from './paths'
import { UsageError } from './usage-error'

/** Where a running serve leaves its ready line: beside its run history (credscope env finds it there). */
export function readyFile(db: string): string {
  return join(dirname(db), 'serve.json')
}

export interface EnvFlags {
  ready?: string
  db?: string
  session?: string
}

/**
 * `credscope env`: shell `export` lines for the running serve's URLs and every principal's token,
 * read from its control API now, so `eval "$(credscope env)"` refreshes them after a restart. The
 * names are the ones the matrix's curl lines use.
 */
export async function envCommand(flags: EnvFlags, out: (text: string) => void): Promise<number> {
  const file = flags.ready ?? readyFile(flags.db ?? defaultDbPath())
  const ready = await readReady(file)
  let response: Response
  try {
    response = await fetch(`${ready.controlUrl}/world`, { headers: { Authorization: `Bearer ${ready.controlToken}` } })
  } catch {
    throw new UsageError(`no credscope serve answers at ${ready.controlUrl} (the ready line in ${file} is from one that has stopped)`)
  }
  if (!response.ok) throw new UsageError(`the serve at ${ready.controlUrl} refused the control token in ${file} (HTTP ${response.status})`)
  const world = (await response.json()) as WorldView
  const session = flags.session ? world.sessions.find((s) => `${s.project}/${s.name}` === flags.session || s.name === flags.session) : world.sessions[0]
  if (flags.session && !session) throw new UsageError(`no session "${flags.session}" in the served world (${world.sessions.map((s) => `${s.project}/${s.name}`).join(', ')})`)
  const lines: Array<[string, string, string]> = [
    ['CREDSCOPE_CONTROL', ready.controlUrl, 'the control API'],
    ['CREDSCOPE_TOKEN', ready.controlToken, 'its per-launch token'],
    ['FRONT', world.urls.frontDoor, 'the front door (OAuth proxy)'],
    ['BACKEND', world.urls.backend, 'the backend service, as a runner reaches it'],
    ...world.users.map((u): [string, string, string] => [tokenVariable(u.id) ?? '', u.token, `${u.id}'s ${world.identity === 'sso' ? 'SSO JWT' : 'OAuth token'}${u.tokenExpiresAt ? `, until ${u.tokenExpiresAt}` : ''}`]),
    ...(session ? [[tokenVariable('bot') ?? '', session.botToken, `the BOT_TOKEN of ${session.project}/${session.name}`] as [string, string, string]] : []),
    ...world.sessions.map((s): [string, string, string] => [botTokenVariable(s.project, s.name), s.botToken, `the BOT_TOKEN of ${s.project}/${s.name}`]),
    ...world.apiKeys.map((k): [string, string, string] => [tokenVariable(`apikey:${k.name}`) ?? '', k.token, `API key ${k.name}, which acts as ${k.creator}`]),
    ...world.serviceAccounts.map((a): [string, string, string] => [tokenVariable(`sa:${a.name}`) ?? '', a.token, `ServiceAccount ${a.project}/${a.name}`])
  ]
  out(`# credscope serve (${world.platform} · ${world.profile}, run ${world.runId.slice(0, 8)}), tokens as of ${world.now}; eval "$(credscope env)" again after a restart\n`)
  for (const [name, value, what] of lines) if (value) out(`export ${name}=${shellQuote(value)}  # ${what}\n`)
  return 0
}

async function readReady(file: string): Promise<ReadyLine> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch {
    throw new UsageError(`no ready line at ${file}: start credscope serve first, or name its ready line with --ready FILE`)
  }
  try {
    const line = JSON.parse(text.trim().split('\n')[0] ?? '') as Partial<ReadyLine>
    if (line.ready === true && typeof line.controlUrl === 'string' && typeof line.controlToken === 'string') return line as ReadyLine
  } catch {
    // Not JSON: told below.
  }
  throw new UsageError(`${file} does not hold credscope serve's ready line`)
}

/** A POSIX shell word: single quotes, a quote inside closed and reopened. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`
}
