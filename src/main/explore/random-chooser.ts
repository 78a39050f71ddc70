import type { ChoicePoint } from '../sim/scheduler'
import type { Random } from '../sim/random'
import { RecordingChooser } from './choices'

/** A random walk: every choice point picks any ready flow with equal odds. */
export class RandomChooser extends RecordingChooser {
  constructor(private readonly random: Random) {
    super()
  }

  protected pick(_at: number, point: ChoicePoint): number {
    return point.ready[this.random.int(point.ready.length)] ?? point.ready[0] ?? 0
  }
}
