import { FLAWS, type Flaw } from '../../../shared/flaws'
import type { FlawId } from '../../../shared/flaw-ids'
import type { GlossaryId } from '../../../shared/glossary'

export { shortFlawId } from '../../../shared/flaw-ids'

/** One section of docs/platform/flaws.md: raised during the PR, residual, new at HEAD, or fixed after the merge. */
export interface FlawGroup {
  key: 'pr' | 'r' | 'h' | 'f'
  section: string
  /** The glossary term that says what the id prefix means. */
  term: GlossaryId
  title: string
  flaws: readonly Flaw[]
}

export const FLAW_GROUPS: readonly FlawGroup[] = [
  { key: 'pr', section: 'pr1–pr23', term: 'flaws-pr', title: 'Raised and fixed during PR #989', flaws: FLAWS.filter((f) => f.id.startsWith('pr')) },
  { key: 'r', section: 'r1–r20', term: 'flaws-r', title: 'Residual in the merged code', flaws: FLAWS.filter((f) => /^r\d/.test(f.id)) },
  { key: 'h', section: 'h1–h11', term: 'flaws-h', title: 'New at HEAD', flaws: FLAWS.filter((f) => /^h\d/.test(f.id)) },
  { key: 'f', section: 'f-flaws', term: 'flaws-f', title: 'Bugs of the merge fixed after it', flaws: FLAWS.filter((f) => /^f\d/.test(f.id)) }
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
