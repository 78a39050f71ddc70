import type { ScenarioStepView } from '../../../../shared/api'
import { Icon } from '../../components/Icon'
import { countLines, splitFailure } from './failure-text'

interface Props {
  runId: string
  steps: readonly ScenarioStepView[]
  onOpenTurn: (runId: string, turn: string) => void
  /** The index of a step to mark (the first one two configs disagree on). */
  marked?: number | null
  testIdPrefix: string
}

/** A scenario's steps: pass or fail, each failure with its evidence, and a way into each turn. */
export function StepList({ runId, steps, onOpenTurn, marked = null, testIdPrefix }: Props): React.JSX.Element {
  return (
    <ol className="sc-steps" data-testid={`${testIdPrefix}-steps`}>
      {steps.map((step) => (
        <StepRow key={step.index} runId={runId} step={step} onOpenTurn={onOpenTurn} marked={marked === step.index} testId={`${testIdPrefix}-step-${step.index}`} />
      ))}
    </ol>
  )
}

export function StepRow({
  runId,
  step,
  onOpenTurn,
  marked,
  testId
}: {
  runId: string
  step: ScenarioStepView
  onOpenTurn: (runId: string, turn: string) => void
  marked: boolean
  testId: string
}): React.JSX.Element {
  return (
    <li className={`sc-step ${step.passed ? 'passed' : 'failed'} ${marked ? 'marked' : ''}`} data-testid={testId} data-passed={step.passed}>
      <span className="sc-step-icon" title={step.passed ? 'passed' : 'failed'}>
        <Icon name={step.passed ? 'check' : 'cross'} size={13} />
      </span>
      <div className="sc-step-main">
        <div className="sc-step-line">
          <span className="sc-step-n">{step.index + 1}</span>
          <span className="sc-step-label">
            {step.label} <span className="sc-step-meta">
              {step.kind} · line {step.line}
            </span>{' '}
            {marked && <span className="sc-diverge-tag">first difference</span>}
          </span>
        </div>
        {step.failures.length > 0 && (
          <ul className="sc-failures">
            {countLines(step.failures).map(({ line, count }) => {
              const parts = splitFailure(line)
              return (
                <li key={line}>
                  {parts.key && <code className="sc-fail-key">{parts.key}</code>}
                  <span>{parts.message}</span>
                  {parts.evidence && <span className="sc-evidence"> ({parts.evidence})</span>}
                  {count > 1 && <span className="sc-times" title="The same failure was reported more than once"> ×{count}</span>}
                </li>
              )
            })}
          </ul>
        )}
      </div>
      {step.turns.length > 0 && (
        <div className="sc-step-actions">
          {step.turns.map((turn, i) => (
            <button key={turn} type="button" className="btn-mini sc-open-turn" onClick={() => onOpenTurn(runId, turn)} title={`Open turn ${turn} in the Session view`} data-testid={`${testId}-open-turn${step.turns.length > 1 ? `-${i}` : ''}`}>
              <Icon name="open" size={11} /> {step.turns.length > 1 ? `turn ${i + 1}` : 'open turn'}
            </button>
          ))}
        </div>
      )}
    </li>
  )
}
