import { isAbsolute, relative } from 'node:path'
import type { RunView, ScenarioRunView, WorldSummary } from '../../shared/api'
import { flawById } from '../../shared/flaws'
import { maskSecret } from '../../shared/mask'
import type { WorldView } from '../engine/world-view'
import type { ScenarioResult } from '../scenarios/results'
import type { RunRow } from '../store/rows'

/** A run as the app lists it; a built-in scenario is named from the library, not by where it is installed. */
export function runView(run: RunRow, scenariosDir: string): RunView {
  const inLibrary = run.scenario !== null && isAbsolute(run.scenario) && !relative(scenariosDir, run.scenario).startsWith('..')
  return {
    id: run.id,
    kind: run.kind,
    title: run.title,
    platform: run.platform,
    profile: run.profile,
    flaws: run.flaws,
    seed: run.seed,
    scenario: inLibrary && run.scenario ? relative(scenariosDir, run.scenario) : run.scenario,
    scenarioName: run.scenarioName,
    createdAt: run.createdAt,
    endedAt: run.endedAt,
    status: run.status,
    turnCount: run.turnCount,
    eventCount: run.eventCount
  }
}

export function scenarioView(result: ScenarioResult): ScenarioRunView {
  const invariant = result.demonstrates
    .map((id) => flawById(id))
    .filter((f) => f !== undefined)
    .map((f) => `${f.id}: ${f.invariant}`)
    .join('; ')
  return {
    runId: result.runId,
    file: result.file,
    scenario: result.scenario,
    title: result.title,
    platform: result.platform,
    profile: result.profile,
    flaws: result.flaws,
    seed: result.seed,
    passed: result.passed,
    error: result.error,
    invariant: invariant || null,
    steps: result.steps,
    leaks: result.leaks,
    durationMs: result.durationMs,
    source: result.source
  }
}

/** The world with every token masked: what the renderer may hold. */
export function maskWorld(view: WorldView, control: string): WorldSummary {
  return {
    ...view,
    urls: { ...view.urls, control },
    users: view.users.map((u) => ({ ...u, token: u.token ? maskSecret(u.token) : '' })),
    sessions: view.sessions.map(({ env: _env, runnerUrl: _runnerUrl, ...s }) => ({ ...s, botToken: s.botToken ? maskSecret(s.botToken) : '', aguiToken: s.aguiToken ? maskSecret(s.aguiToken) : '' })),
    apiKeys: view.apiKeys.map((k) => ({ ...k, token: maskSecret(k.token) })),
    serviceAccounts: view.serviceAccounts.map((sa) => ({ ...sa, token: maskSecret(sa.token) }))
  }
}
