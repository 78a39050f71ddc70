import type { ScenarioRunView } from '../../../../shared/api'
import { useApp } from '../../store/app-store'
import { StatusBadge } from '../../components/StatusBadge'
import { Icon } from '../../components/Icon'
import { flawOfScenarioFile } from '../../components/flaw-catalog'
import { formatSpan, plural } from '../../components/format'
import { LeaksTable } from './LeaksTable'
import { StepList } from './StepList'
import { shortScenarioFile } from './scenario-labels'
import { ConfigName } from '../../components/ConfigName'
import { Term } from '../../components/Term'
import { configOf } from '../../components/flaw-config'
import { useScenarioActions } from './use-scenario-actions'

/** One run of a scenario: verdict, config, the invariant it broke, its steps and leaks. */
export function ScenarioResult({ result }: { result: ScenarioRunView }): React.JSX.Element {
  const { openTurn } = useScenarioActions()
  const viewRun = useApp((s) => s.viewRun)
  const setView = useApp((s) => s.setView)
  const file = shortScenarioFile(result.file)
  const demonstrated = flawOfScenarioFile(file)
  const flawOn = demonstrated !== null && result.flaws.includes(demonstrated)
  const failedSteps = result.steps.filter((s) => !s.passed).length
  return (
    <div className="sc-result" data-testid="scenario-result" data-passed={result.passed}>
      <header className="sc-result-head">
        <StatusBadge status={result.passed ? 'passed' : 'failed'} testId="scenario-result-status" />
        <h2>{result.title}</h2>
        <span className="ui-head-spacer" />
        <button
          type="button"
          className="btn btn-small"
          onClick={() => {
            void viewRun(result.runId, false)
            setView('session')
          }}
          data-testid="scenario-open-run"
        >
          <Icon name="open" size={12} /> Open run
        </button>
      </header>
      <div className="sc-facts">
        <span>
          <span className="muted">file</span> <code>{file}</code>
        </span>
        <span>
          <span className="muted">config</span>{' '}
          <strong>
            <ConfigName config={configOf(result.platform, result.profile, result.flaws)} />
          </strong> <span className="muted">({plural(result.flaws.length, 'flaw')})</span>
        </span>
        <span>
          <span className="muted">seed</span> <code>{result.seed}</code>
        </span>
        <span>
          <span className="muted">steps</span> {result.steps.length - failedSteps}/{result.steps.length} passed
        </span>
        <span>
          <span className="muted">took</span> {formatSpan(result.durationMs)}
        </span>
        <span className="mono muted small" title={result.runId}>
          run {result.runId.slice(0, 8)}
        </span>
      </div>
      {result.error && (
        <div className="ui-callout bad sc-callout" data-testid="scenario-result-error">
          <strong>The scenario could not run to the end:</strong> <span className="mono">{result.error}</span>
        </div>
      )}
      {!result.passed && result.invariant && (
        <div className={`ui-callout ${flawOn ? 'info' : 'bad'} sc-callout`} data-testid="scenario-invariant">
          <div>
            <strong>Invariant broken:</strong> {result.invariant}
          </div>
          {flawOn && demonstrated && (
            <div className="small">
              Expected: <code>{demonstrated}</code> is on, and this scenario exists to catch it. It must pass with the flaw off (try <Term id="hardened" />).
            </div>
          )}
        </div>
      )}
      {result.passed && demonstrated && (
        <div className="ui-callout info sc-callout small">
          {flawOn ? (
            <>
              <code>{demonstrated}</code> is on, yet the scenario passed: the demonstration no longer catches its flaw.
            </>
          ) : (
            <>
              <code>{demonstrated}</code> is off and the invariant holds. Switch it on to see this scenario catch it.
            </>
          )}
        </div>
      )}
      <StepList runId={result.runId} steps={result.steps} onOpenTurn={(runId, turn) => void openTurn(runId, turn)} testIdPrefix="scenario" />
      <LeaksTable leaks={result.leaks} testId="scenario-leaks" />
    </div>
  )
}
