import { isForeignCredential } from '../../../../shared/owners'
import { ReportButton } from '../../components/ReportButton'
import { UserBadge } from '../../components/UserBadge'
import { Term } from '../../components/Term'
import { useApp } from '../../store/app-store'
import { selectTurnView } from '../../store/session-selectors'
import { Owner } from './EventMark'
import { clockTime, virtualSpan } from './format'
import { plural } from '../../components/format'
import { SenderBadge } from './SenderBadge'
import { TurnStatus } from './TurnTimeline'

/** The shown turn at a glance: who sent it where, whose credentials it should use, how it ended, as whom its tools acted. */
export function TurnHeader(): React.JSX.Element {
  const view = useApp(selectTurnView)
  const compact = useApp((s) => s.compactDiagram)
  const setCompact = useApp((s) => s.setCompactDiagram)
  const heldTurn = useApp((s) => s.debugger.held[0]?.turn ?? null)
  const runId = useApp((s) => s.viewedRunId)
  const summary = view.summary
  const toggle = (
    <label className="sv-check sv-compact" title="Hide logs, audit lines, runner steps, project checks and pod snapshots (they stay in the inspector)">
      <input type="checkbox" checked={compact} onChange={(e) => setCompact(e.target.checked)} data-testid="diagram-compact" />
      compact
    </label>
  )
  if (view.kind === 'attempt' && view.attempt) {
    return (
      <header className="sv-turn-head" data-testid="turn-header">
        <div className="sv-head-line">
          <span className="sv-head-title">{view.attempt.status === 'refused' ? 'Refused send' : 'New turn'}</span>
          <UserBadge owner={view.attempt.sender.startsWith('API key') || view.attempt.sender === 'scheduled' ? null : view.attempt.sender} title={view.attempt.sender} />
          <span className="muted">{view.attempt.status === 'refused' ? 'never became a turn' : 'on its way to the proxy'}</span>
          <span className="sv-spacer" />
          {toggle}
        </div>
      </header>
    )
  }
  if (!summary) {
    return (
      <header className="sv-turn-head" data-testid="turn-header">
        <div className="sv-head-line">
          <span className="sv-head-title muted">No turn selected</span>
          <span className="sv-spacer" />
          {toggle}
        </div>
      </header>
    )
  }
  const duration = summary.finishedAt === null ? null : summary.finishedAt - summary.startedAt
  // The ledger keeps each tool's line as written (mcp.docs.whoami); the summary only its name.
  const acted = (view.ledger?.actedAs ?? summary.actedAs.map((a) => ({ ...a, line: a.tool, startedBy: null }))).filter((a) => a.owner !== null)
  return (
    <header className="sv-turn-head" data-testid="turn-header" data-turn={summary.turn}>
      <div className="sv-head-line">
        <span className="sv-head-title">Turn {view.number ?? ''}</span>
        <SenderBadge sender={summary.sender} senderId={summary.senderId} expectedOwner={summary.expectedOwner} />
        <span className="muted">
          → {summary.project}/{summary.session} · thread {summary.thread}
        </span>
        <span className="sv-head-sep" />
        <span className="muted">
          <Term id="expected-owner">expects</Term>
        </span>{' '}
        {summary.expectedOwner ? <UserBadge owner={summary.expectedOwner} title="whose credentials the secure design uses for this turn" /> : <span className="muted">nobody’s</span>}
        <span className="sv-spacer" />
        {summary.leaks > 0 && <span className="sv-pill sv-pill-bad">{plural(summary.leaks, 'leak')}</span>}
        {summary.denied > 0 && <span className="sv-pill sv-pill-warn">{summary.denied} denied</span>}
        <TurnStatus status={summary.status} held={heldTurn === summary.turn} />
        <span className="muted" title="virtual time: when the turn started, and how long it took on the virtual clock">
          {clockTime(summary.startedAt)}
          {/* The virtual clock moves only when a turn sleeps or the clock is advanced, so 0 says nothing. */}
          {duration !== null && duration > 0 ? ` · took ${virtualSpan(duration)}` : ''}
        </span>
        {runId && <ReportButton runId={runId} turn={summary.turn} disabled={summary.finishedAt === null} testId="turn-report" what="this turn" />}
      </div>
      <div className="sv-head-line sv-head-sub">
        <span className="sv-label">tools acted as</span>
        {acted.length === 0 ? (
          <span className="muted">{summary.actedAs.length === 0 ? 'no tool calls' : 'nobody (no provider was called)'}</span>
        ) : (
          acted.map((a, i) => (
            <span key={`${a.tool}-${i}`} className={a.owner && isForeignCredential(a.owner, summary.expectedOwner) ? 'sv-acted foreign' : 'sv-acted'} data-testid="turn-acted-as">
              <code>{a.line.split(' ')[0] || a.tool}</code> → <Owner owner={a.owner ?? ''} expected={summary.expectedOwner} />
              {a.startedBy !== null && <span className="sv-flag">left running by {a.startedBy}</span>}
            </span>
          ))
        )}
        <span className="sv-spacer" />
        <span className="muted small" title="events in this view">
          {plural(view.events.length, 'event')}
        </span>
        {toggle}
      </div>
    </header>
  )
}
