import { describeEvent } from '../../../shared/signature'
import { useApp } from '../store/app-store'

const SHOWN = 3

/**
 * Held requests, in every view: a breakpoint can hold a request that is not a turn's (curl, the
 * matrix), and nothing else would show it. Continue releases them all; Show opens the debugger.
 */
export function HeldBanner(): React.JSX.Element | null {
  const dbg = useApp((s) => s.debugger)
  const view = useApp((s) => s.view)
  const setView = useApp((s) => s.setView)
  const debugAction = useApp((s) => s.debugAction)
  // The session view has the full debugger bar; everywhere else this is the only sign of a hold.
  if (!dbg.paused || dbg.held.length === 0 || view === 'session') return null
  const count = dbg.held.length
  return (
    <div className="banner held" role="status" data-testid="held-banner">
      <span>
        <strong>
          Paused: {count} request{count === 1 ? '' : 's'} held
        </strong>
        {dbg.stoppedBy ? ` by a breakpoint (#${dbg.stoppedBy.seq} ${describeEvent(dbg.stoppedBy)})` : ''}
        <ul className="held-list">
          {dbg.held.slice(0, SHOWN).map((event) => (
            <li key={event.seq}>
              #{event.seq} <span className="muted">{event.hop}</span> {describeEvent(event)}
              {event.turn ? '' : <span className="muted"> (not a turn: a request from outside)</span>}
            </li>
          ))}
          {count > SHOWN && <li className="muted">and {count - SHOWN} more</li>}
        </ul>
      </span>
      <span className="held-actions">
        <button className="btn" onClick={() => setView('session')} data-testid="held-show">
          Show
        </button>
        <button className="btn primary" onClick={() => void debugAction('resume')} data-testid="held-continue">
          Continue
        </button>
      </span>
    </div>
  )
}
