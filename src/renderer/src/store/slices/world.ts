import { guarded, type Slice } from '../slice'
import type { WorldSlice } from '../types'

/** Acting on the live world (clock, tokens, faults, credentials), and the revocations this window did. */
export const worldSlice: Slice<WorldSlice> = (set, get) => ({
  revokedTokens: {},
  markRevoked(user, maskedToken) {
    set({ revokedTokens: { ...get().revokedTokens, [user]: maskedToken } })
  },
  async advanceClock(by) {
    if (await guarded(get, (a) => a.advanceClock({ by }))) await get().refreshState()
  },
  async tokenAction(user, action) {
    if (await guarded(get, (a) => a.tokenAction({ user, action }))) await get().refreshState()
  },
  async setFault(fault) {
    if (await guarded(get, (a) => a.setFault(fault))) await get().refreshState()
  },
  async credentialAction(user, slot, action) {
    if (await guarded(get, (a) => a.credentialAction({ user, slot, action }))) await get().refreshState()
  }
})
