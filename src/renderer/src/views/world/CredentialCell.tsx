import { useState } from 'react'
import type { CredentialSlot } from '../../../../shared/providers'
import { useApp } from '../../store/app-store'
import { Icon } from '../../components/Icon'
import { Term } from '../../components/Term'

type Action = 'add' | 'rotate' | 'delete'

/** One keychain entry: its masked value, fingerprint, and add / rotate / delete. */
export function CredentialCell({
  user,
  slot,
  entry,
  locked
}: {
  user: string
  slot: CredentialSlot
  entry: { masked: string; fingerprint: string } | null
  locked: boolean
}): React.JSX.Element {
  const credentialAction = useApp((s) => s.credentialAction)
  const [busy, setBusy] = useState<Action | null>(null)
  const act = async (action: Action): Promise<void> => {
    setBusy(action)
    await credentialAction(user, slot, action)
    setBusy(null)
  }
  const id = `${user}-${slot}`
  if (!entry && locked) {
    return (
      <td className="wv-cred locked" data-testid={`cred-${id}`} data-state="locked">
        <div className="warn">unreadable</div>
        <div className="muted small">keychain locked</div>
      </td>
    )
  }
  if (!entry) {
    return (
      <td className="wv-cred empty" data-testid={`cred-${id}`} data-state="missing">
        <div className="muted">not stored</div>
        <div className="wv-cred-actions">
          <button type="button" className="btn-mini" disabled={busy !== null} onClick={() => void act('add')} title={`Store a new ${slot} credential for ${user}`} data-testid={`cred-add-${id}`}>
            <Icon name="plus" size={11} /> add
          </button>
        </div>
      </td>
    )
  }
  return (
    <td className="wv-cred" data-testid={`cred-${id}`} data-state="stored">
      <div className="mono wv-cred-mask" title={`keychain account ${user}/${slot}`}>
        {entry.masked}
      </div>
      <div className="mono small muted">
        <Term id="fingerprint">#{entry.fingerprint}</Term>
      </div>
      <div className="wv-cred-actions">
        <button type="button" className="btn-mini" disabled={busy !== null} onClick={() => void act('rotate')} title={`Replace ${user}'s ${slot} credential with a new value`} aria-label={`Rotate ${user} ${slot}`} data-testid={`cred-rotate-${id}`}>
          <Icon name="rotate" size={11} /> <span className="wv-act-label">rotate</span>
        </button>
        <button type="button" className="btn-mini danger" disabled={busy !== null} onClick={() => void act('delete')} title={`Delete ${user}'s ${slot} entry from the vault`} aria-label={`Delete ${user} ${slot}`} data-testid={`cred-delete-${id}`}>
          <Icon name="trash" size={11} />
        </button>
      </div>
    </td>
  )
}
