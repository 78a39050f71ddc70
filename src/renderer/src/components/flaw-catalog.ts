import { FLAWS, type Flaw } from '../../../shared/flaws'
import type { FlawId } from '../../../shared/flaw-ids'

/** The short handle of a flaw (`pr2`, `r9b`), as docs/platform/flaws.md uses it, for chips and narrow columns. */
export function shortFlawId(id: string): string {
  return id.split('-')[0] ?? id
}

/** One section of docs/platform/flaws.md: the flaws raised during the PR, or the residual ones. */
export interface FlawGroup {
  key: 'pr' | 'r'
  section: string
  title: string
  flaws: readonly Flaw[]
}

export const FLAW_GROUPS: readonly FlawGroup[] = [
  { key: 'pr', section: 'pr1–pr23', title: 'Raised and fixed during PR #989', flaws: FLAWS.filter((f) => f.id.startsWith('pr')) },
  { key: 'r', section: 'r1–r20', title: 'Residual in the merged code', flaws: FLAWS.filter((f) => /^r\d/.test(f.id)) }
]

const BY_ID = new Map<string, Flaw>(FLAWS.map((f) => [f.id, f]))

/** The catalog entry of a flaw, or undefined for an id the catalog does not know. */
export function flawById(id: string): Flaw | undefined {
  return BY_ID.get(id)
}

/** The flaw a demonstration scenario file belongs to (`flaws/r12-….yaml` → r12-…). */
export function flawOfScenarioFile(file: string): FlawId | null {
  const found = FLAWS.find((f) => f.scenario === file)
  return found ? found.id : null
}
