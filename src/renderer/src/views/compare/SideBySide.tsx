import type { RunView } from '../../../../shared/api'
import type { EventRef } from '../../../../shared/divergence'
import type { CompareFocus } from '../../store/types'
import { TurnDiagram } from './TurnDiagram'

function Column({ side, run, at, events }: { side: 'a' | 'b'; run: RunView; at: EventRef | null; events: CompareFocus['eventsA'] }): React.JSX.Element {
  const started = events.find((e) => e.kind === 'turn.started')
  const expectedOwner = started?.kind === 'turn.started' ? started.expectedOwner : null
  return (
    <div className="cmp-column">
      <div className="cmp-column-head">
        <span className="cmp-side">{side.toUpperCase()}</span>
        <span className="cmp-column-title" title={run.title}>{run.title}</span>
        <span className="muted small">{at ? `event ${at.index}${at.turnNumber !== null ? ` · turn ${at.turnNumber}` : ''}` : 'no such event in this run'}</span>
      </div>
      <TurnDiagram events={events} focusSeq={at?.seq ?? null} expectedOwner={expectedOwner} testId={`compare-diagram-${side}`} />
    </div>
  )
}

/** The two runs' diagrams of the turn that differs, each at the differing event. */
export function SideBySide({ a, b, focus }: { a: RunView; b: RunView; focus: CompareFocus }): React.JSX.Element {
  return (
    <section className="cmp-sides" data-testid="compare-side-by-side">
      <Column side="a" run={a} at={focus.a} events={focus.eventsA} />
      <Column side="b" run={b} at={focus.b} events={focus.eventsB} />
    </section>
  )
}
