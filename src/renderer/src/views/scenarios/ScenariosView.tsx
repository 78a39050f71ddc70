import { useEffect } from 'react'
import { appStore, useApp } from '../../store/app-store'
import { DiffResult } from './DiffResult'
import { RunBar } from './RunBar'
import { ScenarioLibrary } from './ScenarioLibrary'
import { ScenarioResult } from './ScenarioResult'
import { ScenarioSummary } from './ScenarioSummary'
import { ScenariosIntro } from './ScenariosIntro'
import { shortScenarioFile } from './scenario-labels'

/** Run a built-in or opened scenario under a profile, or diff it under two; see every step's outcome. */
export function ScenariosView(): React.JSX.Element {
  const scenarios = useApp((s) => s.scenarios)
  const loadScenarios = useApp((s) => s.loadScenarios)
  const result = useApp((s) => s.scenarioResult)
  const diff = useApp((s) => s.scenarioDiff)
  const busy = useApp((s) => s.scenarioBusy)
  const choice = useApp((s) => s.scenarioForm.choice)
  const mode = useApp((s) => s.scenarioForm.mode)
  const runError = useApp((s) => s.scenarioForm.runError)
  const setForm = useApp((s) => s.setScenarioForm)

  // The library is read again whenever the view opens and the window regains focus: files edited on disk show as they are now.
  useEffect(() => {
    void loadScenarios()
    const reload = (): void => void loadScenarios()
    window.addEventListener('focus', reload)
    return () => window.removeEventListener('focus', reload)
  }, [loadScenarios])

  // A result that arrived from elsewhere (a replay, a flaw's "run its scenario") selects its scenario.
  const resultScenario = result?.scenario
  useEffect(() => {
    if (!resultScenario || appStore.getState().scenarioForm.choice) return
    const info = scenarios.find((s) => s.scenario === resultScenario)
    if (info) setForm({ choice: { kind: 'builtin', file: info.file } })
  }, [resultScenario, scenarios, setForm])

  const info = choice?.kind === 'builtin' ? (scenarios.find((s) => s.file === choice.file) ?? null) : null
  // Results stay in the store while another scenario is picked; show them only beside their own scenario.
  const matches = (scenario: string, file: string): boolean =>
    choice?.kind === 'builtin' ? info?.scenario === scenario : choice?.kind === 'opened' && (file === choice.name || shortScenarioFile(file) === choice.name)
  const shown = mode === 'run' && result && matches(result.scenario, result.file) ? result : null
  const shownDiff = mode === 'diff' && diff && matches(diff.a.scenario, diff.a.file) ? diff : null
  const other = mode === 'run' ? (result && !shown ? result : null) : diff && !shownDiff ? diff.a : null
  const selectOther = (): void => {
    if (!other) return
    const found = scenarios.find((s) => s.scenario === other.scenario)
    if (found) setForm({ choice: { kind: 'builtin', file: found.file }, runError: null })
  }
  return (
    <div className="ui-view" data-testid="view-scenarios">
      <header className="ui-head">
        <h1>Scenarios</h1>
        <span className="muted">scripted multi-user runs that assert the secure behaviour; each flaw has one that must catch it</span>
      </header>
      <div className="sc-body">
        <ScenarioLibrary />
        <div className="sc-main">
          <RunBar info={info} />
          <div className={`sc-content ${busy ? 'busy' : ''}`}>
            {choice ? <ScenarioSummary choice={choice} info={info} /> : <ScenariosIntro />}
            {runError && (
              <div className="ui-callout bad sc-callout sc-run-error" role="alert" data-testid="scenario-error">
                <span className="mono">{runError}</span>
              </div>
            )}
            {busy && <div className="sc-busy muted">Running over real loopback HTTP…</div>}
            {shown && <ScenarioResult result={shown} />}
            {shownDiff && <DiffResult diff={shownDiff} />}
            {!busy && !runError && choice && !shown && !shownDiff && other && (
              <p className="muted sc-pick">
                Not {mode === 'run' ? 'run' : 'diffed'} yet. The last {mode === 'run' ? 'result' : 'diff'} is of{' '}
                <button type="button" className="linklike sc-link" onClick={selectOther}>
                  {other.title}
                </button>
                .
              </p>
            )}
            {mode === 'diff' && !shownDiff && !busy && choice && !other && (
              <p className="muted sc-pick">Diff runs the scenario twice with the same seed, under A and under B, and shows where their traces first part and whose credential differs.</p>
            )}
          </div>
        </div>
      </div>
    </div>
  )
}
