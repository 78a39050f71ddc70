import type { Sender } from '../../../../shared/events'
import { Icon } from '../../components/Icon'
import { ownerColor, UserBadge } from '../../components/UserBadge'

/** Who sent a turn: a user's pill, an API key (in its creator's colour), or the scheduler. */
export function SenderBadge({ sender, senderId, expectedOwner }: { sender: Sender | null; senderId: string; expectedOwner: string | null }): React.JSX.Element {
  if (!sender) return <UserBadge owner={null} title="no sender" />
  switch (sender.kind) {
    case 'user':
      return <UserBadge owner={sender.userId} title={`user ${sender.userId} (userID ${senderId || 'empty'})`} />
    case 'apikey': {
      const color = expectedOwner ? ownerColor(expectedOwner) : '#475569'
      return (
        <span className="badge sv-sender-alt" style={{ borderColor: color, color }} title={`API key ${sender.key}, acting for ${expectedOwner ?? 'its creator'}`}>
          <Icon name="key" size={11} />
          {sender.key}
        </span>
      )
    }
    case 'scheduled':
      return (
        <span className="badge sv-sender-alt sv-sender-scheduled" title={`scheduled run (${sender.schedule}); the session owner ${expectedOwner ?? ''} is expected`}>
          <Icon name="clock" size={11} />
          scheduled
        </span>
      )
  }
}

/** A credential owner with the slots of theirs a turn was served; outlined red when they are not the turn's. */
export function OwnerChip({ owner, slots, foreign }: { owner: string; slots: readonly string[]; foreign: boolean }): React.JSX.Element {
  const color = ownerColor(owner)
  return (
    <span
      className={foreign ? 'sv-chip sv-chip-foreign' : 'sv-chip'}
      style={{ borderColor: foreign ? undefined : `${color}55`, background: `${color}12` }}
      title={`${owner}'s ${slots.join(', ')}${foreign ? ' — not the turn owner’s' : ''}`}
      data-owner={owner}
      data-foreign={foreign ? 'true' : undefined}
    >
      <span className="sv-chip-dot" style={{ background: color }} />
      <span className="sv-chip-owner" style={{ color }}>{owner.replace(/^sa:[^/]+\//, 'sa ').replace(/^platform:/, '')}</span>
      <span className="sv-chip-slots">{slots.join(' ')}</span>
    </span>
  )
}
