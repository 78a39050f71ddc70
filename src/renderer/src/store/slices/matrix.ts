import { guarded, type Slice } from '../slice'
import type { MatrixSlice } from '../types'

/** The authorization matrix's last result and the Matrix view's choices (kept across view switches). */
export const matrixSlice: Slice<MatrixSlice> = (set, get) => ({
  matrix: null,
  matrixBusy: false,
  matrixUi: { session: null, turn: null, onlyFindings: false, selected: null, ranAgainst: null },
  setMatrixUi(patch) {
    set({ matrixUi: { ...get().matrixUi, ...patch } })
  },
  async runMatrix(project, session, turn) {
    set({ matrixBusy: true })
    const matrix = await guarded(get, (a) => a.matrix(turn ? { project, session, turn } : { project, session }))
    set({ matrixBusy: false, ...(matrix ? { matrix } : {}) })
    return matrix
  }
})
