import type { RecordedSchedule } from '../../shared/explore-view'
import { ScriptedChooser } from './choices'
import { parseScheduleKey } from './schedule-key'

/** The chooser that enforces a recorded schedule (a bundle's or a stored run's); none for a run the seed ordered. */
export function chooserOf(schedule: RecordedSchedule | null | undefined): ScriptedChooser | undefined {
  const deviations = schedule ? parseScheduleKey(schedule.deviations) : null
  return deviations ? new ScriptedChooser(deviations) : undefined
}
