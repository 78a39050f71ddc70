import type { ScenarioDiffView, ScenarioRunView } from '../../../../shared/api'
import { plural } from '../../components/format'
import { StatusBadge } from '../../components/StatusBadge'
import { UserBadge } from '../../components/UserBadge'
import { LeaksTable } from './LeaksTable'
import { StepRow } from './StepList'
import { runConfigLabel } from './scenario-labels'
import { useScenarioActions } from './use-scenario-actions'

/** Two runs of one scenario side by side, with where their traces first part and whose credential differs. */
export function DiffResult({ diff }: { diff: ScenarioDiffView }): React.JSX.Element {
  const { openTurn } = useScenarioActions()
  const { a, b, divergence } = diff
  const steps = Math.max(a.steps.length, b.steps.length)
  const firstDiffering = Array.from({ length: steps }, (_, i) => i).find((i) => a.steps[i]?.passed !== b.steps[i]?.passed) ?? null
  const open = (runId: string, turn: string): void => void openTurn(runId, turn)
  return (
    <div className="sc-diff" data-testid="scenario-diff-result">
      <Divergence diff={diff} />
      <div className="sc-diff-grid">
        <SideHead side="A" result={a} />
        <SideHead side="B" result={b} />
        {Array.from({ length: steps }, (_, i) => (
          <DiffRow key={i} index={i} a={a} b={b} marked={firstDiffering === i} onOpenTurn={open} />
        ))}
      </div>
      {firstDiffering === null && <p className="muted small">Every step has the same outcome under A and B{divergence.index !== null ? '; the traces still differ, see above' : ''}.</p>}
      <LeaksTable leaks={a.leaks} testId="scenario-diff-leaks-a" title={`Leaks under A (${a.leaks.length})`} />
      <LeaksTable leaks={b.leaks} testId="scenario-diff-leaks-b" title={`Leaks under B (${b.leaks.length})`} />
    </div>
  )
}

function DiffRow({ index, a, b, marked, onOpenTurn }: { index: number; a: ScenarioRunView; b: ScenarioRunView; marked: boolean; onOpenTurn: (runId: string, turn: string) => void }): React.JSX.Element {
  const sa = a.steps[index]
  const sb = b.steps[index]
  return (
    <>
      <ol className="sc-steps sc-diff-cell">{sa ? <StepRow runId={a.runId} step={sa} onOpenTurn={onOpenTurn} marked={marked} testId={`diff-a-step-${index}`} /> : <li className="muted small">no such step</li>}</ol>
      <ol className="sc-steps sc-diff-cell">{sb ? <StepRow runId={b.runId} step={sb} onOpenTurn={onOpenTurn} marked={marked} testId={`diff-b-step-${index}`} /> : <li className="muted small">no such step</li>}</ol>
    </>
  )
}

function SideHead({ side, result }: { side: 'A' | 'B'; result: ScenarioRunView }): React.JSX.Element {
  const failed = result.steps.filter((s) => !s.passed).length
  return (
    <div className={`sc-side-head side-${side.toLowerCase()}`} data-testid={`scenario-diff-${side.toLowerCase()}`}>
      <span className="sc-side-letter">{side}</span>
      <strong>{runConfigLabel(result)}</strong>
      <span className="muted small">{plural(result.flaws.length, 'flaw')}</span>
      <span className="ui-head-spacer" />
      <span className="muted small">
        {result.steps.length - failed}/{result.steps.length} steps · {result.leaks.length} leaks
      </span>
      <StatusBadge status={result.passed ? 'passed' : 'failed'} testId={`scenario-diff-${side.toLowerCase()}-status`} />
    </div>
  )
}

/** The owner named at the start of a credential-use text (`alice (mcp:docs credential served)`). */
function ownerOf(text: string): string | null {
  if (text === 'none') return null
  return text.split(' (')[0] ?? null
}

function Divergence({ diff }: { diff: ScenarioDiffView }): React.JSX.Element {
  const d = diff.divergence
  if (d.index === null) {
    return (
      <div className="ui-callout info sc-divergence" data-testid="scenario-divergence" data-index="">
        <strong>No divergence.</strong> Both runs emitted the same {d.compared} events, in the same order.
      </div>
    )
  }
  return (
    <section className="sc-divergence-box" data-testid="scenario-divergence" data-index={d.index}>
      {d.credential ? (
        <div className="sc-div-cred" data-testid="scenario-credential-difference">
          <span className="muted">Whose credential differs first:</span>
          <strong>{d.credential.what}</strong>
          <span className="sc-side-letter">A</span>
          <CredOwner text={d.credential.a} />
          <span className="sc-side-letter">B</span>
          <CredOwner text={d.credential.b} />
        </div>
      ) : (
        <div className="sc-div-cred muted">No credential was used or left behind differently: the runs part, but every credential went to the same owner.</div>
      )}
      <header>
        <span className="sc-diverge-tag">first divergence</span>
        <span>
          event <strong>{d.index}</strong> of {d.compared} compared
        </span>
        {d.hop && (
          <span>
            · hop <strong>{d.hop}</strong>
          </span>
        )}
      </header>
      <div className="sc-div-lines">
        <span className="sc-side-letter">A</span>
        <code className="sc-div-text">{d.a}</code>
        <span className="sc-side-letter">B</span>
        <code className="sc-div-text">{d.b}</code>
      </div>
    </section>
  )
}

function CredOwner({ text }: { text: string }): React.JSX.Element {
  const owner = ownerOf(text)
  return owner ? <UserBadge owner={owner} title={text} /> : <span className="muted">none</span>
}
