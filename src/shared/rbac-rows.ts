import type { RbacRow } from './events'

/** One row of `enforceCredentialRBAC`'s decision table (docs/platform/rbac.md#the-table), as the inspector and reports show it. */
export interface RbacRowText {
  row: RbacRow
  classification: string
  header: string
  condition: string
  result: string
  allow: boolean
}

/** The eleven rows of docs/platform/rbac.md#the-table, spelled out so the inspector and reports can point at the one that decided. */
export const RBAC_ROWS: readonly RbacRowText[] = [
  { row: 1, classification: 'bot (confirmed SA, or SelfSubjectReview failed with no X-Forwarded-User)', header: 'absent', condition: 'E = O', result: "allow, with O's credentials", allow: true },
  { row: 2, classification: 'bot', header: 'present, H = O', condition: 'E = O', result: "allow, with O's credentials", allow: true },
  { row: 3, classification: 'bot', header: 'present, H ≠ O', condition: 'M exists, is a string and equals H', result: "allow, with H's credentials", allow: true },
  { row: 4, classification: 'bot', header: 'present, H ≠ O', condition: 'M absent, not a string, or ≠ H', result: '403', allow: false },
  { row: 5, classification: 'not bot, A = "" (resolution failure)', header: 'any', condition: 'none', result: '403', allow: false },
  { row: 6, classification: 'user A', header: 'absent', condition: 'A = O', result: "allow, with O's credentials", allow: true },
  { row: 7, classification: 'user A', header: 'absent', condition: 'A ≠ O', result: '403 (a non-owner calling directly without the header)', allow: false },
  { row: 8, classification: 'user A', header: 'H = O', condition: 'A = O', result: 'allow', allow: true },
  { row: 9, classification: 'user A', header: 'H = O', condition: 'A ≠ O', result: '403', allow: false },
  { row: 10, classification: 'user A', header: 'H ≠ O', condition: 'A = H', result: "allow, with H's (= A's) credentials", allow: true },
  { row: 11, classification: 'user A', header: 'H ≠ O', condition: 'A ≠ H, including A = O', result: "403. The owner can't fetch another user's credentials.", allow: false }
]

/** What the letters of the table stand for (docs/platform/rbac.md#enforcecredentialrbac, inputs). */
export const RBAC_INPUTS: ReadonlyArray<{ letter: string; meaning: string }> = [
  { letter: 'A', meaning: 'the authenticated caller (userID from identity resolution)' },
  { letter: 'H', meaning: 'X-Runner-Current-User; an empty string counts as absent' },
  { letter: 'O', meaning: 'the session owner, read from the CR' },
  { letter: 'E', meaning: 'H if H is present, else O (getEffectiveUserID)' },
  { letter: 'M', meaning: 'sessionActiveUserMap["<project>/<session>"], used only for bot callers asking for a non-owner (row 3)' }
]

/** The row of the table a decision matched; null when it was decided before the table. */
export function rbacRowText(row: RbacRow | null): RbacRowText | null {
  return row === null ? null : (RBAC_ROWS.find((r) => r.row === row) ?? null)
}
