import { create } from 'zustand'
import type { MatrixResult } from '../../../../shared/api'

/** The Matrix view's own choices, kept across view switches (the result itself is in the app store). */
interface MatrixUi {
  session: string | null
  turn: string | null
  onlyFindings: boolean
  selected: string | null
  /** The live configuration a matrix ran against, captured when it was run, with the result it belongs to. */
  ranAgainst: { matrix: MatrixResult; config: string } | null
  set: (patch: Partial<Omit<MatrixUi, 'set'>>) => void
}

export const useMatrixUi = create<MatrixUi>()((set) => ({
  session: null,
  turn: null,
  onlyFindings: false,
  selected: null,
  ranAgainst: null,
  set: (patch) => set(patch)
}))
