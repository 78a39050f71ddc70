import type { LaneView } from '../../../../shared/explore-view'
import { UserBadge } from '../../components/UserBadge'

/**
 * A schedule as lanes: one row per flow that handed control to another actor, one column per
 * hand-over; ● where a flow took control, ○ where it gave it up, and preempted columns marked.
 */
export function Lanes({ view }: { view: LaneView }): React.JSX.Element {
  if (view.lanes.length === 0) return <p className="muted">No flow handed control to another in this run.</p>
  return (
    <div className="ex-lanes" data-testid="explore-lanes">
      <table className="ex-lanes-grid">
        <thead>
          <tr>
            <th>flow</th>
            {view.handOvers.map((h, i) => (
              <th key={i} className={h.preemption ? 'ex-preempted' : undefined} title={h.after ? `after seq ${h.after.seq} (${h.after.kind})` : 'as the running flow waited or ended'}>
                {h.after ? h.after.seq : '·'}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {view.lanes.map((lane) => (
            <tr key={lane.flow} data-testid="explore-lane">
              <td className="ex-lane-name" title={lane.label}>
                <code>f{lane.flow}</code> {lane.turn ? <UserBadge owner={lane.turn.sender} /> : null} <span className="ex-lane-label">{lane.label}</span>
              </td>
              {view.handOvers.map((h, i) => (
                <td key={i} className={h.preemption ? 'ex-preempted' : undefined}>
                  {h.to === lane.flow ? '●' : h.from === lane.flow ? '○' : ''}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">
        {view.preemptions} preemption{view.preemptions === 1 ? '' : 's'} · {view.handOvers.length} hand-over{view.handOvers.length === 1 ? '' : 's'} between actors · {view.choicePoints} choice points in the run. Column heads are
        the seq of the event after which control changed hands, as the diagram numbers it.
      </p>
    </div>
  )
}
