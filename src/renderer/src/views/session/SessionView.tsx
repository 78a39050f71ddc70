import { Composer } from './Composer'
import { DebuggerBar } from './DebuggerBar'
import { Inspector } from './Inspector'
import { SequenceDiagram } from './SequenceDiagram'
import { TurnHeader } from './TurnHeader'
import { TurnTimeline } from './TurnTimeline'
import { useSessionKeys } from './use-session-keys'
import './session.css'

/**
 * The Session view: send turns as anyone, watch each one hop by hop, step through it at the
 * gates, and inspect every request, decision and credential it touched.
 */
export function SessionView(): React.JSX.Element {
  useSessionKeys()
  return (
    <div className="sv" data-testid="view-session">
      <DebuggerBar />
      <div className="sv-body">
        <aside className="sv-side">
          <Composer />
          <TurnTimeline />
        </aside>
        <div className="sv-center">
          <TurnHeader />
          <div className="sv-split">
            <SequenceDiagram />
            <Inspector />
          </div>
        </div>
      </div>
    </div>
  )
}
