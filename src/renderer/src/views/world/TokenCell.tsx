import { useState } from 'react'
import type { WorldSummary } from '../../../../shared/api'
import { useApp } from '../../store/app-store'
import { expiryText } from './world-selectors'

type Action = 'expire' | 'revoke' | 'issue'

/** A user's OAuth bearer token, masked, with its life on the virtual clock and what can end it. */
export function TokenCell({ user, now }: { user: WorldSummary['users'][number]; now: string }): React.JSX.Element {
  const tokenAction = useApp((s) => s.tokenAction)
  const revokedToken = useApp((s) => s.revokedTokens[user.id])
  const markRevoked = useApp((s) => s.markRevoked)
  const [busy, setBusy] = useState(false)
  const act = async (action: Action): Promise<void> => {
    setBusy(true)
    await tokenAction(user.id, action)
    if (action === 'revoke') markRevoked(user.id, user.token)
    setBusy(false)
  }
  const expiry = expiryText(user.tokenExpiresAt, now)
  const revoked = revokedToken !== undefined && revokedToken === user.token
  const state = revoked ? 'revoked' : expiry.expired ? 'expired' : 'valid'
  return (
    <td className="wv-token" data-testid={`token-${user.id}`} data-token-state={state}>
      <div className="mono">{user.token || '—'}</div>
      <div className={`small ${state === 'valid' ? 'muted' : 'bad'}`} title={user.tokenExpiresAt ?? undefined}>
        {revoked ? 'revoked' : expiry.text}
      </div>
      <div className="wv-cred-actions">
        <button type="button" className="btn-mini" disabled={busy} onClick={() => void act('expire')} title="Expire this token now (TokenReview says expired)" data-testid={`token-expire-${user.id}`}>
          expire
        </button>
        <button type="button" className="btn-mini" disabled={busy} onClick={() => void act('revoke')} title="Revoke this token (TokenReview says unauthenticated)" data-testid={`token-revoke-${user.id}`}>
          revoke
        </button>
        <button type="button" className="btn-mini" disabled={busy} onClick={() => void act('issue')} title="Issue a fresh token with the world's token lifetime" data-testid={`token-issue-${user.id}`}>
          issue
        </button>
      </div>
    </td>
  )
}
