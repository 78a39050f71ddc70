import type { ChoicePoint } from '../sim/scheduler'
import type { Random } from '../sim/random'
import { RecordingChooser } from './choices'

/**
 * Probabilistic concurrency testing (Burckhardt et al., ASPLOS 2010): every flow gets a random
 * priority when it is first seen and the highest-priority ready flow runs; at `depth - 1` random
 * choice points the flow that would run drops below every other. A bug that needs d ordering
 * constraints is found in a run with probability at least 1/(n·k^(d-1)).
 */
export class PctChooser extends RecordingChooser {
  private readonly priority = new Map<number, number>()
  private readonly changeAt: Set<number>
  private lowest = 0

  constructor(
    private readonly random: Random,
    depth: number,
    /** How many choice points a run is expected to have (the default run's count). */
    length: number
  ) {
    super()
    this.changeAt = new Set(Array.from({ length: Math.max(0, depth - 1) }, () => this.random.int(Math.max(1, length))))
  }

  protected pick(at: number, point: ChoicePoint): number {
    for (const flow of point.ready) if (!this.priority.has(flow)) this.priority.set(flow, 1 + this.random.next())
    const best = (): number => point.ready.reduce((a, b) => ((this.priority.get(b) ?? 0) > (this.priority.get(a) ?? 0) ? b : a))
    if (this.changeAt.has(at)) this.priority.set(best(), (this.lowest -= 1))
    return best()
  }
}
