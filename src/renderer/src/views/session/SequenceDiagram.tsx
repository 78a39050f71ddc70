import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useMemo, useRef } from 'react'
import { exchangesOf } from '../../../../shared/sequence'
import { useApp } from '../../store/app-store'
import { selectShownEvents, selectTurnView } from '../../store/session-selectors'
import { statusText } from './format'
import { LANE_HEADER, LaneLabels, Lifelines } from './Lanes'
import { rowHeight, SequenceRow, type RowContext } from './SequenceRow'


/**
 * The selected turn as a live sequence diagram: one column per hop, one row per event, arrows
 * for HTTP with the headers that carry identity, markers for decisions, credentials, tools and
 * leaks. The event the debugger holds is highlighted; a click selects an event for the inspector.
 */
export function SequenceDiagram(): React.JSX.Element {
  const view = useApp(selectTurnView)
  const events = useApp(selectShownEvents)
  const selectedSeq = useApp((s) => s.selectedSeq)
  const selectEvent = useApp((s) => s.selectEvent)
  const held = useApp((s) => s.debugger.held)
  const world = useApp((s) => s.state?.world ?? null)
  const scroller = useRef<HTMLDivElement>(null)
  const atBottom = useRef(true)

  const ctx = useMemo<RowContext>(() => ({ expectedOwner: view.summary?.expectedOwner ?? null, world, ...exchangesOf(view.events) }), [view.events, view.summary?.expectedOwner, world])

  const virtualizer = useVirtualizer({
    count: events.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => (events[i] ? rowHeight(events[i]) : 26),
    overscan: 16,
    scrollMargin: LANE_HEADER,
    // The lane header is sticky: scrolling to a row must not tuck it underneath.
    scrollPaddingStart: LANE_HEADER
  })
  // Heights depend on the event at each index; a new event list means new heights.
  useEffect(() => virtualizer.measure(), [events, virtualizer])

  // The selection (a click, J/K, a step) stays in view; a running turn grows at the bottom.
  const selectedIndex = selectedSeq === null ? -1 : events.findIndex((e) => e.seq === selectedSeq)
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' })
  }, [selectedIndex, virtualizer])
  useEffect(() => {
    if (view.running && atBottom.current && events.length > 0 && selectedIndex < 0) virtualizer.scrollToIndex(events.length - 1, { align: 'end' })
  }, [events.length, view.running, selectedIndex, virtualizer])

  const heldNext = held[0]?.seq ?? null
  const stoppedBy = useApp((s) => s.debugger.stoppedBy?.seq ?? null)
  const heldAll = useMemo(() => new Set(held.map((h) => h.seq)), [held])

  return (
    <section className="sv-seq" aria-label="Sequence diagram" data-testid="sequence-diagram">
      <div
        className="sv-seq-scroll"
        ref={scroller}
        onScroll={(e) => {
          const el = e.currentTarget
          atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40
        }}
      >
        <LaneLabels />
        {events.length === 0 ? (
          <DiagramEmpty kind={view.kind} loading={view.loading} />
        ) : (
          <div className="sv-seq-canvas" style={{ height: virtualizer.getTotalSize() }}>
            <Lifelines />
            {virtualizer.getVirtualItems().map((item) => {
              const event = events[item.index]
              if (!event) return null
              return (
                <SequenceRow
                  key={event.seq}
                  event={event}
                  top={item.start - LANE_HEADER}
                  height={item.size}
                  selected={event.seq === selectedSeq}
                  held={event.seq === heldNext ? 'next' : heldAll.has(event.seq) ? 'waiting' : null}
                  stoppedBy={event.seq === stoppedBy}
                  ctx={ctx}
                  onSelect={selectEvent}
                />
              )
            })}
          </div>
        )}
        {view.kind === 'attempt' && view.attempt && <AttemptFooter status={view.attempt.status} sender={view.attempt.sender} httpStatus={view.attempt.httpStatus} body={view.attempt.body} />}
      </div>
    </section>
  )
}

function DiagramEmpty({ kind, loading }: { kind: 'turn' | 'attempt' | 'none'; loading: boolean }): React.JSX.Element {
  if (loading) return <div className="sv-seq-empty">Loading the turn’s events…</div>
  if (kind === 'attempt') return <div className="sv-seq-empty">Waiting for the first hop…</div>
  return (
    <div className="sv-seq-empty" data-testid="sequence-empty">
      <p>Select a turn in the timeline, or send one.</p>
      <p className="muted">
        Every hop of the turn appears here as it happens: the sender’s request through the front door, the backend’s RBAC decisions, the proxy, the runner’s credential fetches and
        cleanup, the providers, and the harness’s leak checks.
      </p>
    </div>
  )
}

/** Under a send that has not become a turn: still on its way, or refused at /agui/run. */
function AttemptFooter({ status, sender, httpStatus, body }: { status: 'sending' | 'refused'; sender: string; httpStatus: number | null; body: string | null }): React.JSX.Element {
  if (status === 'sending') return <div className="sv-attempt">Sending as {sender}… the proxy has not named the turn yet.</div>
  let message = body ?? ''
  try {
    const parsed = JSON.parse(message) as { error?: unknown }
    if (typeof parsed.error === 'string') message = parsed.error
  } catch {
    // The body as it came.
  }
  return (
    <div className="sv-attempt refused" data-testid="attempt-refused">
      <strong>Refused:</strong> POST /agui/run as {sender} answered <strong>{httpStatus === null ? '—' : statusText(httpStatus)}</strong>
      {message && <span className="muted"> · {message}</span>}. No turn started, so no credentials were fetched.
    </div>
  )
}
