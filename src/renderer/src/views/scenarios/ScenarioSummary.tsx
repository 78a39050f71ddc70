import type { ScenarioInfo } from '../../../../shared/api'
import { flawById, shortFlawId } from '../../components/flaw-catalog'
import type { ScenarioChoice } from '../../store/types'

/** What the chosen scenario is about, before and while it runs. */
export function ScenarioSummary({ choice, info }: { choice: ScenarioChoice; info: ScenarioInfo | null }): React.JSX.Element {
  if (choice.kind === 'opened') {
    return (
      <div className="sc-summary" data-testid="scenario-summary">
        <div className="sc-summary-title">
          <code>{choice.name}</code> <span className="muted small">opened from disk, {choice.source.length} characters</span>
        </div>
      </div>
    )
  }
  return (
    <div className="sc-summary" data-testid="scenario-summary">
      <div className="sc-summary-title">
        <strong>{info?.title ?? choice.file}</strong> <code className="muted small">{choice.file}</code>
      </div>
      {info?.description && <p className="sc-summary-text">{info.description}</p>}
      {info && info.demonstrates.length > 0 && (
        <div className="sc-summary-flaws">
          <span className="muted small">demonstrates</span>
          {info.demonstrates.map((id) => (
            <span key={id} className="sc-chip" title={flawById(id)?.allows}>
              {shortFlawId(id)} · {flawById(id)?.title ?? id}
            </span>
          ))}
        </div>
      )}
    </div>
  )
}
