import { create } from 'zustand'

/**
 * Revocations done from this window. The world summary shows a token's expiry but not whether it
 * was revoked, so the view remembers which masked token it revoked until a new one is issued.
 */
interface TokenMarks {
  revoked: Readonly<Record<string, string>>
  markRevoked: (user: string, maskedToken: string) => void
}

export const useTokenMarks = create<TokenMarks>()((set) => ({
  revoked: {},
  markRevoked: (user, maskedToken) => set((s) => ({ revoked: { ...s.revoked, [user]: maskedToken } }))
}))
