import { isForeignCredential } from '../../../../shared/owners'
import { useVirtualizer } from '@tanstack/react-virtual'
import { memo, useEffect, useMemo, useRef } from 'react'
import type { TurnSummary } from '../../../../shared/api'
import { useApp } from '../../store/app-store'
import { selectTimeline } from '../../store/session-selectors'
import { servedByOwner } from './format'
import { plural } from '../../components/format'
import { OwnerChip, SenderBadge } from './SenderBadge'

const ROW_HEIGHT = 50

/** Every turn of the viewed run, one row each; virtualised so a 10,000-turn run scrolls like ten. */
export function TurnTimeline(): React.JSX.Element {
  const timeline = useApp(selectTimeline)
  const selected = useApp((s) => s.selectedTurn)
  const selectTurn = useApp((s) => s.selectTurn)
  const followLive = useApp((s) => s.followLive)
  const followLatest = useApp((s) => s.followLatest)
  const isLive = useApp((s) => s.viewedIsLive)
  const heldTurn = useApp((s) => s.debugger.held[0]?.turn ?? null)
  const scroller = useRef<HTMLDivElement>(null)
  const atBottom = useRef(true)
  const virtualizer = useVirtualizer({ count: timeline.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 })

  // A new turn keeps the list pinned to the bottom, as a log does, unless the user scrolled up.
  useEffect(() => {
    if (timeline.length > 0 && atBottom.current) virtualizer.scrollToIndex(timeline.length - 1, { align: 'end' })
  }, [timeline.length, virtualizer])

  // The selection (a click, a key, a breakpoint elsewhere) is always in view. Keyed on its index,
  // not the list: scrolling on every live update forced a layout per update and stalled the page.
  const selectedIndex = useMemo(() => {
    if (selected === null) return -1
    for (let i = timeline.length - 1; i >= 0; i--) if (timeline[i]?.turn === selected) return i
    return -1
  }, [selected, timeline])
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' })
  }, [selectedIndex, virtualizer])

  const leaks = timeline.reduce((n, t) => n + (t.leaks > 0 ? 1 : 0), 0)
  return (
    <section className="sv-timeline" aria-label="Turns">
      <div className="sv-pane-title">
        <span>
          Turns <span className="muted">{timeline.length.toLocaleString()}</span>
          {leaks > 0 && <span className="sv-count-bad" title="turns with at least one leak"> · {leaks.toLocaleString()} with leaks</span>}
        </span>
        {isLive && (
          <button className={followLive ? 'sv-link sv-following' : 'sv-link'} onClick={followLatest} title="Follow the live run: select each turn as it starts (L)" data-testid="timeline-follow">
            {followLive ? '● following live' : 'follow live'} <kbd>L</kbd>
          </button>
        )}
      </div>
      <div
        className="sv-timeline-scroll"
        ref={scroller}
        onScroll={(e) => {
          const el = e.currentTarget
          atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < ROW_HEIGHT
        }}
        role="listbox"
        aria-label="Turn timeline"
        data-testid="turn-timeline"
      >
        {timeline.length === 0 ? (
          <div className="sv-empty-list">
            {isLive ? 'No turns yet. Send one above: pick who sends it, and the tools the agent calls.' : 'This run has no turns.'}
          </div>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => {
              const turn = timeline[item.index]
              if (!turn) return null
              return (
                <TurnRow
                  key={turn.turn}
                  turn={turn}
                  number={item.index + 1}
                  top={item.start}
                  selected={turn.turn === selected}
                  held={turn.turn === heldTurn}
                  onSelect={selectTurn}
                />
              )
            })}
          </div>
        )}
      </div>
    </section>
  )
}

interface TurnRowProps {
  turn: TurnSummary
  number: number
  top: number
  selected: boolean
  held: boolean
  onSelect: (turn: string) => Promise<void>
}

/** One turn: who sent it, where, how it ended, whose credentials it was served, leaks and denials. */
const TurnRow = memo(function TurnRow({ turn, number, top, selected, held, onSelect }: TurnRowProps): React.JSX.Element {
  // A foreign owner's chip comes first, so a narrow row never hides it.
  const groups = servedByOwner(turn).sort((a, b) => Number(isForeignCredential(b.owner, turn.expectedOwner)) - Number(isForeignCredential(a.owner, turn.expectedOwner)))
  const foreign = groups.filter((g) => isForeignCredential(g.owner, turn.expectedOwner))
  const actedForeign = turn.actedAs.filter((a) => a.owner !== null && isForeignCredential(a.owner, turn.expectedOwner))
  const flagged = foreign.length > 0 || actedForeign.length > 0
  const classes = ['sv-turn', selected ? 'selected' : '', flagged ? 'flagged' : '', held ? 'held' : ''].filter(Boolean).join(' ')
  return (
    <div
      className={classes}
      style={{ transform: `translateY(${top}px)`, height: ROW_HEIGHT }}
      onClick={() => void onSelect(turn.turn)}
      role="option"
      aria-selected={selected}
      title={flagged ? `Served ${foreign.map((g) => `${g.owner}'s ${g.slots.join(', ')}`).join('; ') || 'nothing foreign'}${actedForeign.length > 0 ? `; tools acted as ${actedForeign.map((a) => a.owner).join(', ')}` : ''} in a turn that should use ${turn.expectedOwner ?? 'nobody'}'s` : undefined}
      data-testid="timeline-row"
      data-turn={turn.turn}
      data-flagged={flagged ? 'true' : undefined}
      data-status={turn.status}
    >
      <div className="sv-turn-line">
        <span className="sv-turn-no">{number}</span>
        <SenderBadge sender={turn.sender} senderId={turn.senderId} expectedOwner={turn.expectedOwner} />
        <span className="sv-turn-thread" title={`${turn.project}/${turn.session}, thread ${turn.thread}`}>
          {turn.thread}
        </span>
        <span className="sv-turn-counts">
          {turn.leaks > 0 && (
            <span className="sv-pill sv-pill-bad" title={`${plural(turn.leaks, 'leak')} found after this turn`} data-testid="timeline-leaks">
              {plural(turn.leaks, 'leak')}
            </span>
          )}
          {turn.denied > 0 && (
            <span className="sv-pill sv-pill-warn" title={`${plural(turn.denied, 'credential fetch', 'credential fetches')} denied by the backend`} data-testid="timeline-denied">
              {turn.denied} denied
            </span>
          )}
          <TurnStatus status={turn.status} held={held} />
        </span>
      </div>
      <div className="sv-turn-chips">
        {groups.length === 0 ? (
          <span className="muted small">{turn.status === 'running' ? 'fetching credentials…' : 'no credentials served'}</span>
        ) : (
          groups.map((g) => <OwnerChip key={g.owner} owner={g.owner} slots={g.slots} foreign={isForeignCredential(g.owner, turn.expectedOwner)} />)
        )}
      </div>
    </div>
  )
})

/** A turn's status as an icon and a word. */
export function TurnStatus({ status, held }: { status: string; held: boolean }): React.JSX.Element {
  if (held) return <span className="sv-status sv-status-held">❚❚ paused</span>
  switch (status) {
    case 'running':
      return <span className="sv-status sv-status-running">● running</span>
    case 'finished':
      return <span className="sv-status sv-status-ok">✓ finished</span>
    case 'error':
      return <span className="sv-status sv-status-bad">✕ error</span>
    default:
      return <span className="sv-status">{status}</span>
  }
}
