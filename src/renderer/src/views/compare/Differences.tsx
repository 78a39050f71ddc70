import type { Divergence, EventRef } from '../../../../shared/divergence'
import { useApp } from '../../store/app-store'

function Ref({ side, at }: { side: 'A' | 'B'; at: EventRef }): React.JSX.Element {
  return (
    <div className={`cmp-ref cmp-ref-${side.toLowerCase()}`}>
      <span className="cmp-side">{side}</span>
      <span className="mono muted">{at.index}</span>
      <span className="mono">{at.hop}</span>
      <span>{at.text}</span>
    </div>
  )
}

/** The first differing event, and every difference one click away; a click shows it side by side. */
export function Differences({ divergence: d }: { divergence: Divergence }): React.JSX.Element {
  const all = useApp((s) => s.compare.all)
  const setCompare = useApp((s) => s.setCompare)
  const focusDifference = useApp((s) => s.focusDifference)
  const count = d.differenceCount
  return (
    <section className="cmp-differences" data-testid="compare-differences">
      <div className="cmp-first">
        The first event that differs is event {d.index}, on the {d.hop}.{' '}
        <button type="button" className="linklike" onClick={() => setCompare({ all: !all })} aria-expanded={all} data-testid="compare-all">
          {all ? 'Hide the differences' : count === null ? 'All differences (too many to align)' : `All differences (${count})`}
        </button>
      </div>
      {all && (
        <ol className="cmp-list">
          {d.differences.map((difference, i) => (
            <li key={i}>
              <button type="button" className="cmp-item" onClick={() => void focusDifference(difference.a[0] ?? null, difference.b[0] ?? null)} data-testid={`compare-difference-${i + 1}`}>
                {difference.a.slice(0, 3).map((e) => <Ref key={`a${e.index}`} side="A" at={e} />)}
                {difference.b.slice(0, 3).map((e) => <Ref key={`b${e.index}`} side="B" at={e} />)}
                {difference.a.length + difference.b.length > 6 && <div className="muted small">… {difference.a.length + difference.b.length} events in this stretch</div>}
              </button>
            </li>
          ))}
          {count !== null && count > d.differences.length && <li className="muted">… and {count - d.differences.length} more</li>}
        </ol>
      )}
    </section>
  )
}
