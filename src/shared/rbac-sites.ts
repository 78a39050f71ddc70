import type { RbacRow } from './events'
import type { PlatformSites } from './platform-sites'

// enforceCredentialRBAC has four branches, not eleven rows (docs/platform/rbac.md#row-by-row): each
// row points at the condition that decides it. Lines 1-345 of the file are the same at both commits.
const RC = 'components/backend/handlers/runtime_credentials.go'
const both = (site: string): PlatformSites => ({ merge: `${RC}:${site}`, head: `${RC}:${site}` })

/** Where the platform decides each row of docs/platform/rbac.md#the-table, per version. */
export const RBAC_ROW_SITES: Readonly<Record<RbacRow, PlatformSites>> = {
  1: both('126 (effectiveUserID == ownerUserID: a bot asking for the owner, no header)'),
  2: both('126 (effectiveUserID == ownerUserID: a bot naming the owner)'),
  3: both('130 (effectiveUserID == activeUserStr: the active run user the proxy recorded)'),
  4: both('128 (sessionActiveUserMap.Load: no entry, a non-string, or another user)'),
  5: both('133 (authenticatedUserID == "": neither a bot nor a user)'),
  6: both('137 (authenticatedUserID == ownerUserID: E = O without a header)'),
  7: both('137 (authenticatedUserID == ownerUserID: E = O without a header)'),
  8: both('137 (authenticatedUserID == ownerUserID: the header names the owner)'),
  9: both('137 (authenticatedUserID == ownerUserID: the header names the owner)'),
  10: both('139 (authenticatedUserID == effectiveUserID: the header names someone else)'),
  11: both('139 (authenticatedUserID == effectiveUserID: the header names someone else)')
}
