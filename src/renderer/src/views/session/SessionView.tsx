import { Composer } from './Composer'
import { DebuggerBar } from './DebuggerBar'
import { Inspector } from './Inspector'
import { SequenceDiagram } from './SequenceDiagram'
import { TurnHeader } from './TurnHeader'
import { TurnTimeline } from './TurnTimeline'
import { useSessionKeys } from './use-session-keys'
import { SplitHandle } from './SplitHandle'
import { useApp } from '../../store/app-store'
import { useRef } from 'react'
import './session.css'

/**
 * The Session view: send turns as anyone, watch each one hop by hop, step through it at the
 * gates, and inspect every request, decision and credential it touched.
 */
export function SessionView(): React.JSX.Element {
  useSessionKeys()
  const share = useApp((s) => s.diagramShare)
  const split = useRef<HTMLDivElement>(null)
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
          <div className="sv-split" ref={split} style={{ gridTemplateRows: `minmax(0, ${share}fr) 7px minmax(0, ${1 - share}fr)` }}>
            <SequenceDiagram />
            <SplitHandle container={split} />
            <Inspector />
          </div>
        </div>
      </div>
    </div>
  )
}
