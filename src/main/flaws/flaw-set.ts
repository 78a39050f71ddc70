import type { FlawId } from '../../shared/flaw-ids'

/** The flaws switched on for a run. Each flaw is asked for at one site (a hop, or flaws/policies.ts when it has several effects). */
export class FlawSet {
  private readonly ids: ReadonlySet<FlawId>

  constructor(ids: Iterable<FlawId>) {
    this.ids = new Set(ids)
  }

  has(id: FlawId): boolean {
    return this.ids.has(id)
  }

  list(): FlawId[] {
    return [...this.ids].sort()
  }
}
