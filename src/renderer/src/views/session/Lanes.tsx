import { LANES } from './format'
import { laneX } from './SequenceRow'

/** The height of the sticky row of lane labels above a sequence diagram. */
export const LANE_HEADER = 30

/** The lane labels of a sequence diagram, one per hop, sticky above its rows. */
export function LaneLabels(): React.JSX.Element {
  return (
    <div className="sv-seq-head" style={{ height: LANE_HEADER }}>
      {LANES.map((lane, i) => (
        <span key={lane.hop} className="sv-lane-label" style={{ left: laneX(i) }} title={lane.title}>
          {lane.label}
        </span>
      ))}
    </div>
  )
}

/** The dashed lifeline of every hop, behind a diagram's rows. */
export function Lifelines(): React.JSX.Element {
  return (
    <>
      {LANES.map((lane, i) => (
        <span key={lane.hop} className="sv-lifeline" style={{ left: laneX(i) }} />
      ))}
    </>
  )
}
