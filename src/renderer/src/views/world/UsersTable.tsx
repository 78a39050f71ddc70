import type { WorldSummary } from '../../../../shared/api'
import { useApp } from '../../store/app-store'
import { DataTable, type Column } from '../../components/DataTable'
import { SectionCard } from '../../components/SectionCard'
import { UserBadge } from '../../components/UserBadge'
import { Term } from '../../components/Term'
import { CredentialCell } from './CredentialCell'
import { TokenCell } from './TokenCell'
import { slotsOf } from './world-selectors'

type User = WorldSummary['users'][number]

/** Users as the backend sees them, their bearer token, and one keychain entry per provider. */
export function UsersTable(): React.JSX.Element | null {
  const users = useApp((s) => s.state?.world.users)
  const now = useApp((s) => s.state?.world.now)
  // With the keychain-locked fault on, the engine cannot read any entry: say so, not "not stored".
  const locked = useApp((s) => s.state?.faults.includes('keychain-locked') ?? false)
  if (!users || !now) return null
  const slots = slotsOf(users)
  const columns: ReadonlyArray<Column<User>> = [
    { head: 'User' },
    { head: 'userID', title: 'The user ID the backend derives from the token (what X-Runner-Current-User names)' },
    { head: 'Bearer token' },
    ...slots.map((slot) => ({ head: slot, headClassName: 'wv-slot-head' }))
  ]
  return (
    <SectionCard
      title="Users and their keychain entries"
      note={
        <>
          <Term id="masked">masked values</Term> and <Term id="fingerprint">fingerprints</Term> of <Term id="canary">canaries</Term>; the engine alone holds the secrets
        </>
      }
      aside={locked && <span className="wv-locked-note">keychain locked by a fault: entries cannot be read</span>}
      testId="world-users"
    >
      <DataTable
        columns={columns}
        rows={users}
        rowKey={(user) => user.id}
        className="ui-table wv-users"
        wrap
        renderRow={(user) => (
          <tr data-testid={`user-row-${user.id}`}>
            <td className="wv-user">
              <UserBadge owner={user.id} />
              <div className="wv-user-name">{user.name}</div>
              <div className="muted small" title={user.email}>
                @{user.username}
              </div>
            </td>
            <td className="mono" data-testid={`user-id-${user.id}`}>
              {user.userID}
              {user.userID !== user.username && (
                <div className="small warn" title="The username and the derived user ID differ: R10 (normalization) matters here">
                  ≠ username
                </div>
              )}
            </td>
            <TokenCell user={user} now={now} />
            {slots.map((slot) => (
              <CredentialCell key={slot} user={user.id} slot={slot} entry={user.credentials.find((c) => c.slot === slot) ?? null} locked={locked} />
            ))}
          </tr>
        )}
      />
    </SectionCard>
  )
}
