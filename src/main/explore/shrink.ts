import type { Deviation } from './choices'
import type { ScheduleRun } from './explore'
import { explored } from './reduction'

/** How many runs shrinking may spend on one counterexample. */
export const MAX_SHRINK_RUNS = 200

/**
 * Shrinks a failing schedule, as fast-check shrinks an interleaving: try the default schedule,
 * then drop halves of the deviations and then single ones while the run still fails, then move
 * each remaining one to the earliest choice point where its flow could run and the run still
 * fails. Each candidate is a real run.
 */
export async function shrink(failing: ScheduleRun, run: (schedule: Deviation[]) => Promise<ScheduleRun>): Promise<{ best: ScheduleRun; runs: number }> {
  let best = failing
  let runs = 0
  const tryOne = async (schedule: Deviation[]): Promise<boolean> => {
    if (runs >= MAX_SHRINK_RUNS) return false
    runs += 1
    const candidate = await run(schedule)
    if (candidate.result.passed) return false
    best = candidate
    return true
  }
  // The default schedule first, then halves of the deviations (delta debugging), then one at a time.
  if (best.schedule.length > 0) await tryOne([])
  for (let half = Math.floor(best.schedule.length / 2); half >= 1 && best.schedule.length > 1; half = Math.floor(half / 2)) {
    while (best.schedule.length > half && ((await tryOne(best.schedule.slice(half))) || (await tryOne(best.schedule.slice(0, best.schedule.length - half))))) {
      // Each success keeps the shorter schedule; try the same cut again.
    }
  }
  let dropped = true
  while (dropped) {
    dropped = false
    for (let i = 0; i < best.schedule.length; i++) {
      if (await tryOne(best.schedule.filter((_, j) => j !== i))) {
        dropped = true
        break
      }
    }
  }
  for (let i = 0; i < best.schedule.length; i++) {
    const deviation = best.schedule[i]
    if (!deviation) continue
    const after = best.schedule[i - 1]?.at ?? -1
    for (const record of best.records) {
      if (record.at <= after || record.at >= deviation.at) continue
      if (!explored(record) || !record.ready.includes(deviation.flow) || record.chosen === deviation.flow) continue
      if (await tryOne(best.schedule.map((d, j) => (j === i ? { at: record.at, flow: deviation.flow } : d)))) break
    }
  }
  return { best, runs }
}
