import { useEffect } from 'react'
import { EXPLORE_STRATEGIES, type ExploreStrategy } from '../../../../shared/explore-view'
import { formatSpan } from '../../components/format'
import { useApp } from '../../store/app-store'
import { ConfigPicker } from '../scenarios/ConfigPicker'
import { ScenarioResult } from '../scenarios/ScenarioResult'
import { Lanes } from './Lanes'

const STRATEGY_HINTS: Record<ExploreStrategy, string> = {
  dfs: 'every schedule within the bound, fewest deviations first',
  pct: 'probabilistic: random priorities, N priority drops',
  random: 'every choice point picks any ready flow'
}

/** Explore: a scenario's concurrent steps under many schedules; the shrunk failing one as lanes and a diagram (docs/explore.md). */
export function ExploreView(): React.JSX.Element {
  const scenarios = useApp((s) => s.scenarios)
  const loadScenarios = useApp((s) => s.loadScenarios)
  const form = useApp((s) => s.exploreForm)
  const setForm = useApp((s) => s.setExploreForm)
  const busy = useApp((s) => s.exploreBusy)
  const progress = useApp((s) => s.exploreProgress)
  const result = useApp((s) => s.exploreResult)
  const run = useApp((s) => s.runExplore)
  const stop = useApp((s) => s.stopExplore)
  useEffect(() => {
    void loadScenarios()
  }, [loadScenarios])
  const found = result?.counterexample ?? null
  return (
    <div className="ui-view ex" data-testid="view-explore">
      <header className="ui-head">
        <h1>Explore</h1>
        <span className="muted">run a scenario's concurrent steps under many schedules and hand over the shortest one that fails</span>
      </header>
      <div className="toolbar ex-toolbar">
        <label>
          <span className="muted small">scenario</span>
          <select value={form.file} onChange={(e) => setForm({ file: e.target.value })} disabled={busy} data-testid="explore-scenario">
            {scenarios.map((s) => (
              <option key={s.file} value={s.file}>
                {s.file}
              </option>
            ))}
          </select>
        </label>
        <ConfigPicker config={form.config} onChange={(config) => setForm({ config })} testId="explore-config" />
        <label title={STRATEGY_HINTS[form.strategy]}>
          <span className="muted small">strategy</span>
          <select value={form.strategy} onChange={(e) => setForm({ strategy: e.target.value as ExploreStrategy })} disabled={busy} data-testid="explore-strategy">
            {EXPLORE_STRATEGIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <label title="dfs: at most this many deviations from the default schedule; pct: a bug of depth N+1">
          <span className="muted small">preemptions</span>
          <input type="number" min={0} max={10} value={form.preemptions} onChange={(e) => setForm({ preemptions: Math.max(0, Math.min(10, Number(e.target.value) || 0)) })} disabled={busy} className="ex-number" data-testid="explore-preemptions" />
        </label>
        <label title="a duration (60s, 5m) or a number of runs (500)">
          <span className="muted small">budget</span>
          <input value={form.budget} onChange={(e) => setForm({ budget: e.target.value })} disabled={busy} className="ex-budget" data-testid="explore-budget" />
        </label>
        {busy ? (
          <button type="button" className="btn" onClick={() => void stop()} data-testid="explore-stop">
            Stop
          </button>
        ) : (
          <button type="button" className="btn primary" onClick={() => void run()} disabled={!form.file} data-testid="explore-go">
            Explore
          </button>
        )}
      </div>
      {busy && (
        <div className="ui-callout info" role="status" data-testid="explore-progress">
          Exploring… <strong>{progress?.schedules ?? 0}</strong> schedules, {progress?.distinctTraces ?? 0} distinct traces, {formatSpan(progress?.elapsedMs ?? 0)}
        </div>
      )}
      {!busy && !result && (
        <div className="ui-empty">
          <h2>Find the interleaving</h2>
          <p>
            Pick a scenario with concurrent steps (a <code>parallel</code> step) and a configuration. <strong>dfs</strong> runs every schedule within the bound and proves none fails; <strong>pct</strong> and{' '}
            <strong>random</strong> sample. Every schedule is a real run of every hop, judged by the scenario's expectations.
          </p>
        </div>
      )}
      {result && (
        <div className="ex-result">
          <div className={`ui-callout ${found ? 'bad' : 'ex-pass'}`} data-testid="explore-summary" data-found={found !== null}>
            {found ? (
              <>
                <strong>A schedule fails</strong>: {found.deviations} deviation{found.deviations === 1 ? '' : 's'} from the default, {found.lanes.preemptions} preemption{found.lanes.preemptions === 1 ? '' : 's'} (<code>{found.schedule}</code>; found with {found.foundWith}, {found.shrinkRuns} shrinking runs).
              </>
            ) : (
              <>
                <strong>No schedule fails</strong>
                {result.exhausted ? ': every schedule within the bound ran.' : result.stopped ? ': stopped.' : ': the budget ran out first.'}
              </>
            )}{' '}
            <span className="muted">
              {result.schedules} schedules, {result.distinctTraces} distinct traces{result.space !== null ? `, space ${result.space}` : ''}, {formatSpan(result.durationMs)}.
            </span>
          </div>
          {found && (
            <>
              <h2 className="ex-h">Lanes</h2>
              <Lanes view={found.lanes} />
              <ScenarioResult result={found.result} />
            </>
          )}
        </div>
      )}
    </div>
  )
}
