import { memo } from 'react'
import type { WorldSummary } from '../../../../shared/api'
import type { EventOf, TraceEvent } from '../../../../shared/events'
import { ownerColor } from '../../components/UserBadge'
import { isStreamRequest } from '../../../../shared/sequence'
import { EventMark } from './EventMark'
import { interestingHeaders, laneOf, LANES, shortPath, statusTone, whoseMasked } from './format'

/** Row heights, fixed per kind so the virtualiser needs no measuring. */
export const ROW = { request: 50, requestBare: 34, response: 34, mark: 26 } as const

export function rowHeight(event: TraceEvent): number {
  if (event.kind === 'http.request') return interestingHeaders(event.headers).length > 0 ? ROW.request : ROW.requestBare
  if (event.kind === 'http.response') return ROW.response
  return ROW.mark
}

/** The x of a lane's lifeline, as a CSS length inside a row (the gutter is `--g`). */
export function laneX(lane: number): string {
  return `calc(var(--g) + (100% - var(--g)) * ${(lane + 0.5) / LANES.length})`
}

function spanWidth(from: number, to: number): string {
  return `calc((100% - var(--g)) * ${Math.max(0.02, Math.abs(to - from) / LANES.length)})`
}

export interface RowContext {
  expectedOwner: string | null
  world: WorldSummary | null
  /** Each exchange's answer, so a request can be labelled `METHOD path → status`. */
  statusOf: ReadonlyMap<string, number>
  /** Each exchange's request, so an answer can name what it answers. */
  requestOf: ReadonlyMap<string, EventOf<'http.request'>>
}

interface Props {
  event: TraceEvent
  top: number
  height: number
  selected: boolean
  /** 'next' for the event a step releases, 'waiting' for others held behind it. */
  held: 'next' | 'waiting' | null
  /** The event whose breakpoint paused the run. */
  stoppedBy: boolean
  ctx: RowContext
  onSelect: (seq: number) => void
}

/** One event of the sequence diagram: an arrow between lanes for HTTP, a marker on its lane otherwise. */
export const SequenceRow = memo(function SequenceRow({ event, top, height, selected, held, stoppedBy, ctx, onSelect }: Props): React.JSX.Element {
  const tone = event.kind === 'leak' ? 'leak' : ''
  const classes = ['sv-seq-row', `k-${event.kind.replace('.', '-')}`, selected ? 'selected' : '', held ? `held-${held}` : '', stoppedBy ? 'stopped-by' : '', tone, event.turn === null ? 'lead-in' : '']
    .filter(Boolean)
    .join(' ')
  return (
    <div
      className={classes}
      style={{ transform: `translateY(${top}px)`, height }}
      onClick={() => onSelect(event.seq)}
      role="row"
      aria-selected={selected}
      data-testid="sequence-row"
      data-seq={event.seq}
      data-kind={event.kind}
      data-held={held ?? undefined}
    >
      <div className="sv-seq-gutter" title={`event #${event.seq}${event.turn === null ? ' · before the proxy named the turn' : ''}`}>
        {held === 'next' ? <span className="sv-held-icon" aria-label="held here">❚❚</span> : held === 'waiting' ? <span className="sv-held-icon waiting">❚❚</span> : null}
        {stoppedBy && <span className="sv-break-icon" title="this event's breakpoint paused the run" />}
        <span className="sv-seq-no">{event.seq}</span>
      </div>
      {event.kind === 'http.request' ? <RequestArrow event={event} ctx={ctx} /> : event.kind === 'http.response' ? <ResponseArrow event={event} ctx={ctx} /> : <MarkOnLane event={event} ctx={ctx} />}
    </div>
  )
})

function RequestArrow({ event, ctx }: { event: EventOf<'http.request'>; ctx: RowContext }): React.JSX.Element {
  const from = laneOf(event.from)
  const to = laneOf(event.to)
  const lo = Math.min(from, to)
  const status = ctx.statusOf.get(event.exchange)
  const headers = interestingHeaders(event.headers)
  return (
    <>
      <div className="sv-seq-label" style={{ left: `calc(${laneX(lo)} + 8px)` }}>
        <span className="sv-method">{event.method}</span> <span className="sv-path">{shortPath(event.url)}</span>
        <span className="sv-to"> → </span>
        {status !== undefined ? (
          <span className={`sv-code ${statusTone(status)}`}>{status}</span>
        ) : isStreamRequest(event) ? (
          <span className="muted">event stream</span>
        ) : (
          <span className="muted">…</span>
        )}
      </div>
      <div className={`sv-arrow ${to >= from ? 'to-right' : 'to-left'}`} style={{ left: laneX(lo), width: spanWidth(from, to) }} />
      {headers.length > 0 && (
        <div className="sv-seq-headers" style={{ left: `calc(${laneX(lo)} + 8px)` }}>
          {headers.map(([name, value]) => {
            const whose = whoseMasked(value, ctx.world)
            return (
              <span key={name} className="sv-hdr" title={whose ? `${name}: ${value}\n${whose.what}` : `${name}: ${value}`}>
                <span className="sv-hdr-name">{name}:</span> <span className="sv-hdr-value">{value}</span>
                {whose && <span className="sv-hdr-whose" style={{ color: ownerColor(whose.owner) }}>({whose.owner.replace(/^sa:[^/]+\//, '')})</span>}
              </span>
            )
          })}
        </div>
      )}
    </>
  )
}

function ResponseArrow({ event, ctx }: { event: EventOf<'http.response'>; ctx: RowContext }): React.JSX.Element {
  const from = laneOf(event.from)
  const to = laneOf(event.to)
  const lo = Math.min(from, to)
  const request = ctx.requestOf.get(event.exchange)
  return (
    <>
      <div className="sv-seq-label" style={{ left: `calc(${laneX(lo)} + 8px)` }}>
        <span className={`sv-code ${statusTone(event.status)}`}>{event.status}</span>
        {request && <span className="muted"> ← {request.method} {shortPath(request.url)}</span>}
        {event.body && <span className="sv-body-peek"> {bodyPeek(event.body)}</span>}
      </div>
      <div className={`sv-arrow ret ${to >= from ? 'to-right' : 'to-left'}`} style={{ left: laneX(lo), width: spanWidth(from, to) }} />
    </>
  )
}

/** The first fields of a JSON answer, `key=value`, masked as they came. */
function bodyPeek(body: string): string {
  try {
    const parsed = JSON.parse(body) as unknown
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
      return Object.entries(parsed as Record<string, unknown>)
        .slice(0, 4)
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
        .join('  ')
    }
  } catch {
    // Not JSON: show its start.
  }
  return body.slice(0, 80)
}

function MarkOnLane({ event, ctx }: { event: TraceEvent; ctx: RowContext }): React.JSX.Element {
  const lane = laneOf(event.hop)
  // The runner and the lanes right of it put their text to the left of the marker, where the
  // diagram is wide and, during the runner's part of a turn, empty.
  const leftward = lane >= laneOf('runner')
  return (
    <>
      <span className="sv-mark-dot" style={{ left: laneX(lane) }} />
      <div className={leftward ? 'sv-mark-text leftward' : 'sv-mark-text'} style={leftward ? { left: 'var(--g)', right: `calc(100% - ${laneX(lane)} + 10px)` } : { left: `calc(${laneX(lane)} + 10px)` }}>
        <EventMark event={event} expectedOwner={ctx.expectedOwner} />
      </div>
    </>
  )
}
