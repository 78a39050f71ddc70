import type { FlawId } from '../../shared/flaw-ids'

/** The flaws switched on for a run. Each decision site asks `flaws.has(id)` and nothing else. */
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
