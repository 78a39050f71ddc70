import { useEffect, useMemo, useRef } from 'react'
import type { TraceEvent } from '../../../../shared/events'
import { exchangesOf } from '../../../../shared/sequence'
import { useApp } from '../../store/app-store'
import { LaneLabels, Lifelines } from '../session/Lanes'
import { rowHeight, SequenceRow, type RowContext } from '../session/SequenceRow'


/**
 * One turn of a stored run drawn as the Session view draws it, without the live parts: a
 * comparison shows two of these side by side, each scrolled to the event that differs.
 */
export function TurnDiagram({ events, focusSeq, expectedOwner, testId }: { events: readonly TraceEvent[]; focusSeq: number | null; expectedOwner: string | null; testId: string }): React.JSX.Element {
  const world = useApp((s) => s.state?.world ?? null)
  const scroller = useRef<HTMLDivElement>(null)
  const ctx = useMemo<RowContext>(() => ({ expectedOwner, world, ...exchangesOf(events) }), [events, expectedOwner, world])
  const tops = useMemo(() => {
    let y = 0
    return events.map((e) => {
      const top = y
      y += rowHeight(e)
      return top
    })
  }, [events])
  const height = events.reduce((sum, e) => sum + rowHeight(e), 0)
  const focusIndex = focusSeq === null ? -1 : events.findIndex((e) => e.seq === focusSeq)
  useEffect(() => {
    const el = scroller.current
    const top = tops[focusIndex]
    if (el && top !== undefined) el.scrollTop = Math.max(0, top - el.clientHeight / 3)
  }, [focusIndex, tops])
  return (
    <section className="sv-seq cmp-diagram" aria-label="Sequence diagram" data-testid={testId}>
      <div className="sv-seq-scroll" ref={scroller}>
        <LaneLabels />
        {events.length === 0 ? (
          <div className="sv-seq-empty">This run has no turn here.</div>
        ) : (
          <div className="sv-seq-canvas" style={{ height }}>
            <Lifelines />
            {events.map((event, i) => (
              <SequenceRow key={event.seq} event={event} top={tops[i] ?? 0} height={rowHeight(event)} selected={event.seq === focusSeq} held={null} stoppedBy={false} ctx={ctx} onSelect={() => undefined} />
            ))}
          </div>
        )}
      </div>
    </section>
  )
}
