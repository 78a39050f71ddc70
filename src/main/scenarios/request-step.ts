import type { TraceEvent } from '../../shared/events'
import type { Engine } from '../engine/engine'
import type { TurnOutcome } from '../engine/turn-client'
import { BACKEND_URL, FRONT_DOOR_URL } from '../net/hosts'
import { callHop } from '../net/hop-client'
import { expandShell } from '../runner/env'
import { hopOfHost } from '../runner/tools/hop-of-host'
import { apiKeySaName, sessionSaName } from '../world/identity'
import { bodyMatches, checkTurn, ownerMatches, parseBody } from './expectations'
import type { RequestSpec } from './schema'
import { resolveSession } from './session-ref'

export function requestLabel(request: RequestSpec): string {
  return `${request.method} ${request.path} as ${request.as} from ${request.from === 'runner' ? 'inside the runner' : `outside via the ${request.via === 'frontdoor' ? 'front door' : 'backend'}`}`
}

/** A request from outside as a principal, or from inside the runner pod with its env. */
export async function runRequest(engine: Engine, request: RequestSpec, events: TraceEvent[]): Promise<string[]> {
  const { project, session } = resolveSession(engine, request.session)
  const runner = engine.runner(project, session)
  const env = runner?.env ?? new Map<string, string>()
  const read = (file: string): Promise<string | null> => runner?.workspace.read(file) ?? Promise.resolve(null)
  // Only a request from inside the runner has an env and files; from outside, `$` is just a character.
  const expand = (text: string): Promise<string> => (request.from === 'runner' ? expandShell(text, env, read) : Promise.resolve(text))
  const path = request.path.startsWith('credentials/') ? `/api/projects/${project}/agentic-sessions/${session}/${request.path}` : request.path
  const headers: Record<string, string> = {}
  const token = principalToken(engine, request.as, project, session)
  if (token) headers.Authorization = `Bearer ${token}`
  for (const [name, value] of Object.entries(request.headers)) headers[name] = await expand(value)
  const base = request.via === 'frontdoor' ? FRONT_DOOR_URL : BACKEND_URL
  const expandedPath = await expand(path)
  const url = /^https?:\/\//.test(expandedPath) ? expandedPath : `${base}${expandedPath}`
  const from = request.from === 'runner' ? 'runner' : 'client'
  const to = request.via === 'frontdoor' ? 'frontdoor' : hopOfHost(new URL(url).hostname)
  const failures: string[] = []
  let response
  try {
    response = await callHop(engine.sim, from, to, { method: request.method, url, headers, body: request.body === undefined ? undefined : await expand(request.body) })
  } catch (error) {
    return [`request failed: ${error instanceof Error ? error.message : String(error)}`]
  }
  const { expect } = request
  // One line of the answer: an event stream's blank lines would break the report's layout.
  const shown = engine.sim.redactor.redact(response.body).replace(/\s*\n+\s*/g, ' ').slice(0, 200)
  if (expect.status !== undefined && response.status !== expect.status) failures.push(`status: expected ${expect.status}, got ${response.status} ${shown}`)
  if (expect.body) {
    const problem = bodyMatches(parseBody(response.body), expect.body)
    if (problem) failures.push(problem)
  }
  if (expect.credential !== undefined) {
    const refs = engine.sim.registry.scan(response.body).filter((r) => r.slot !== 'bearer')
    const owners = [...new Set(refs.map((r) => r.owner))]
    const wrong =
      expect.credential === 'none'
        ? owners.length > 0
        : expect.credential.startsWith('not ')
          ? owners.some((o) => !ownerMatches(expect.credential ?? '', o))
          : !owners.includes(expect.credential) || owners.length > 1
    if (wrong) {
      failures.push(
        `credential: expected ${expect.credential === 'none' ? 'no credential' : expect.credential.startsWith('not ') ? `anyone's credential but ${expect.credential.slice(4)}'s` : `${expect.credential}'s credential`}, the response carries ${refs.length > 0 ? refs.map((r) => `${r.owner}'s ${r.slot} ${r.field} (fingerprint ${r.fingerprint}, ${r.length} chars)`).join(', ') : 'none'}`
      )
    }
  }
  if (expect.turn) {
    const runId = response.status === 200 ? parseRunId(response.body) : null
    if (!runId) failures.push(`turn: the request started no turn (HTTP ${response.status})`)
    else {
      const info = await engine.waitForTurn(runId)
      const outcome: TurnOutcome = { status: response.status, body: response.body, turn: info }
      for (const f of await checkTurn(engine, expect.turn, outcome, events)) failures.push(`turn: ${f}`)
    }
  }
  return failures
}

function parseRunId(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as { runId?: unknown }
    return typeof parsed.runId === 'string' ? parsed.runId : null
  } catch {
    return null
  }
}

function principalToken(engine: Engine, as: string, project: string, session: string): string | null {
  if (as === 'none') return null
  if (as === 'bot') return engine.saToken(project, sessionSaName(session))
  if (as.startsWith('apikey:')) return engine.saToken(project, apiKeySaName(as.slice('apikey:'.length)))
  if (as.startsWith('sa:')) return engine.saToken(project, as.slice('sa:'.length))
  return engine.userToken(as)
}

