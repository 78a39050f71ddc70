import { Icon } from '../../components/Icon'
import { BREAKPOINT_KINDS, type BreakpointKind } from '../../../../shared/debugger-kinds'
import type { TraceEvent } from '../../../../shared/events'
import { describeEvent } from '../../../../shared/signature'
import { useApp } from '../../store/app-store'
import { plural } from '../../components/format'

const BREAKPOINT_LABELS: Record<BreakpointKind, { label: string; title: string }> = {
  'credential-denied': { label: 'Credential denied', title: 'Stop after the backend denies a credential fetch (an RBAC 403)' },
  'foreign-credential': { label: 'Foreign credential', title: "Stop after the backend serves a credential that is not the turn's expected owner's (e.g. the owner's, in an editor's turn)" },
  leak: { label: 'Leak', title: 'Stop after the leak detector finds a credential where it must not be' },
  cleanup: { label: 'Cleanup', title: 'Stop after the runner clears credentials from its env and files' }
}

/** The key hints shown in the bar; the handlers live in use-session-keys.ts. */
const SHORTCUTS: ReadonlyArray<[string[], string, string]> = [
  [['F8', 'Space'], 'pause', 'F8 or Space: pause, or continue when paused'],
  [['F10', 'N'], 'step', 'F10 or N: release the held event and stop at the next'],
  [['J', 'K'], 'event', 'J / K: next / previous event'],
  [['⇧J', '⇧K'], 'turn', 'Shift+J / Shift+K: next / previous turn'],
  [['Esc'], 'clear', 'Esc: clear the selection']
]

/** Pause, step and continue the live run at its hop gates; breakpoints on kinds of event. */
export function DebuggerBar(): React.JSX.Element {
  const dbg = useApp((s) => s.debugger)
  const debugAction = useApp((s) => s.debugAction)
  const setBreakpoints = useApp((s) => s.setBreakpoints)
  const isLive = useApp((s) => s.viewedIsLive)
  const revealEvent = useApp((s) => s.revealEvent)
  const viewRun = useApp((s) => s.viewRun)
  const liveRunId = useApp((s) => s.state?.live.runId ?? null)
  const held = dbg.held[0] ?? null

  const toggle = (kind: BreakpointKind, on: boolean): void => {
    void setBreakpoints(on ? [...dbg.breakpoints, kind] : dbg.breakpoints.filter((k) => k !== kind))
  }

  return (
    <div className="sv-debugger" data-testid="debugger-bar">
      <div className="sv-debugger-row">
        <div className="sv-btn-group" role="group" aria-label="Run control">
          <button className="btn sv-dbg-btn" onClick={() => void debugAction('pause')} disabled={!isLive || dbg.paused} title="Pause before the next hop event (F8 or Space)" data-testid="debugger-pause">
            <Icon name="pause" size={12} /> Pause
          </button>
          <button className="btn sv-dbg-btn" onClick={() => void debugAction('step')} disabled={!isLive || !dbg.paused || dbg.held.length === 0} title="Release the held event; stop at the next one (F10 or N)" data-testid="debugger-step">
            <Icon name="step" size={12} /> Step
          </button>
          <button className="btn sv-dbg-btn" onClick={() => void debugAction('resume')} disabled={!isLive || !dbg.paused} title="Release everything and run on (F8 or Space)" data-testid="debugger-continue">
            <Icon name="play" size={12} /> Continue
          </button>
        </div>
        <span className={!isLive ? 'sv-run-state saved' : dbg.paused ? 'sv-run-state paused' : 'sv-run-state'} data-testid="debugger-state">
          {!isLive ? 'saved run' : dbg.paused ? (held ? 'paused' : 'paused · waiting for a hop') : 'running'}
        </span>
        <span className="sv-divider" />
        <span className="sv-label">Break on</span>
        {BREAKPOINT_KINDS.map((kind) => (
          <label key={kind} className={isLive ? 'sv-check' : 'sv-check sv-disabled'} title={BREAKPOINT_LABELS[kind].title}>
            <input type="checkbox" checked={dbg.breakpoints.includes(kind)} disabled={!isLive} onChange={(e) => toggle(kind, e.target.checked)} data-testid={`breakpoint-${kind}`} />
            {BREAKPOINT_LABELS[kind].label}
          </label>
        ))}
        <span className="sv-spacer" />
        <span className="sv-shortcuts" data-testid="debugger-shortcuts">
          {SHORTCUTS.map(([keys, what, title]) => (
            <span key={title} className="sv-shortcut" title={title}>
              {keys.map((k) => (
                <kbd key={k}>{k}</kbd>
              ))}{' '}
              {what}
            </span>
          ))}
        </span>
      </div>
      {!isLive && (
        <div className="sv-debugger-note" data-testid="debugger-saved">
          Viewing a saved run: read-only, nothing to step.
          {liveRunId && (
            <button className="sv-link" onClick={() => void viewRun(liveRunId, true)} data-testid="back-to-live">
              Back to the live run
            </button>
          )}
        </div>
      )}
      {isLive && dbg.paused && <HeldStrip held={held} waiting={Math.max(0, dbg.held.length - 1)} stoppedBy={dbg.stoppedBy} onReveal={revealEvent} />}
    </div>
  )
}

function HeldStrip({ held, waiting, stoppedBy, onReveal }: { held: TraceEvent | null; waiting: number; stoppedBy: TraceEvent | null; onReveal: (event: TraceEvent) => void }): React.JSX.Element {
  return (
    <div className="sv-held-strip" data-testid="debugger-held">
      {stoppedBy && (
        <button className="sv-held-part sv-stopped-by" onClick={() => onReveal(stoppedBy)} title="Show the event whose breakpoint stopped the run" data-testid="debugger-stopped-by">
          <span className="sv-held-tag sv-held-tag-bad">breakpoint</span> #{stoppedBy.seq} {describeEvent(stoppedBy)}
        </button>
      )}
      {held ? (
        <button className="sv-held-part" onClick={() => onReveal(held)} title="Show the held event" data-testid="debugger-held-event">
          <span className="sv-held-tag">held before</span> #{held.seq} <span className="sv-held-hop">{held.hop}</span> {describeEvent(held)}
        </button>
      ) : (
        <span className="sv-held-part muted">Paused: the next hop event of any turn will be held here. Send a turn to step through it.</span>
      )}
      {waiting > 0 && <span className="sv-held-more">{plural(waiting, 'more event')} waiting</span>}
    </div>
  )
}
