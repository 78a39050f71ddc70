const PALETTE = ['#2563eb', '#16a34a', '#9333ea', '#dc2626', '#d97706', '#0891b2', '#db2777', '#4d7c0f', '#7c3aed', '#0f766e']
const FIXED: Record<string, string> = { alice: '#2563eb', bob: '#16a34a', carol: '#9333ea', mallory: '#dc2626' }

/** A stable colour per owner, so whose credential it is can be seen at a glance. */
export function ownerColor(owner: string): string {
  if (FIXED[owner]) return FIXED[owner]
  if (owner.startsWith('project:')) return '#b45309'
  if (owner.startsWith('sa:') || owner === 'bot') return '#475569'
  let hash = 0
  for (const ch of owner) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0
  return PALETTE[hash % PALETTE.length] ?? '#475569'
}

/** An owner's name as a coloured pill; `null` shows as nobody. */
export function UserBadge({ owner, title }: { owner: string | null; title?: string }): React.JSX.Element {
  if (owner === null) return <span className="badge badge-none" title={title}>nobody</span>
  return (
    <span className="badge" style={{ borderColor: ownerColor(owner), color: ownerColor(owner) }} title={title}>
      <span className="dot" style={{ background: ownerColor(owner) }} />
      {owner}
    </span>
  )
}
