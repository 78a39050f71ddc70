import { useState } from 'react'
import { useApp } from '../../store/app-store'
import { Toggle } from '../../components/Toggle'
import { UserBadge } from '../../components/UserBadge'
import { SectionCard } from '../../components/SectionCard'
import { Term } from '../../components/Term'
import type { GlossaryId } from '../../../../shared/glossary'

type GlobalFault = 'self-subject-review' | 'token-review' | 'access-review' | 'keychain-locked'

/** `term`: the glossary entry of the review a fault breaks, shown on its title. */
const GLOBAL_FAULTS: Array<{ fault: GlobalFault; title: string; effect: string; term?: GlossaryId }> = [
  { fault: 'self-subject-review', title: 'SelfSubjectReview fails', term: 'self-subject-review', effect: 'The backend cannot learn who a ServiceAccount token is; R8 decides whether that fails open.' },
  { fault: 'token-review', title: 'TokenReview fails', effect: 'The front door and backend cannot validate bearer tokens.' },
  { fault: 'access-review', title: 'Access reviews fail', term: 'ssar', effect: 'Project-list and session-update checks error out.' },
  { fault: 'keychain-locked', title: 'Keychain locked', effect: 'Every vault read fails, as if the keychain locked mid-run; turns must fail closed.' }
]

/** Faults to inject into the live engine: cluster reviews, the keychain, Google token refresh per user. */
export function FaultsPanel(): React.JSX.Element | null {
  const faults = useApp((s) => s.state?.faults)
  const users = useApp((s) => s.state?.world.users)
  const setFault = useApp((s) => s.setFault)
  const [busy, setBusy] = useState(false)
  if (!faults || !users) return null
  const active = new Set(faults)
  const toggle = async (input: Parameters<typeof setFault>[0]): Promise<void> => {
    setBusy(true)
    await setFault(input)
    setBusy(false)
  }
  return (
    <SectionCard title="Faults" note={`${active.size === 0 ? 'none injected' : `${active.size} injected`} · cleared when the engine restarts`} testId="world-faults">
      <div className="wv-faults">
        {GLOBAL_FAULTS.map((f) => (
          <div key={f.fault} className={`wv-fault ${active.has(f.fault) ? 'on' : ''}`}>
            <Toggle checked={active.has(f.fault)} disabled={busy} onChange={(on) => void toggle({ fault: f.fault, on })} label={f.title} testId={`fault-${f.fault}`} />
            <div>
              <div className="wv-fault-title">
                {f.term ? <Term id={f.term}>{f.title}</Term> : f.title} <code className="muted small">{f.fault}</code>
              </div>
              <div className="muted small">{f.effect}</div>
            </div>
          </div>
        ))}
        <div className={`wv-fault wv-fault-wide ${users.some((u) => active.has(`google-refresh:${u.id}`)) ? 'on' : ''}`}>
          <div className="wv-fault-body">
            <div className="wv-fault-title">
              Google token refresh fails <code className="muted small">google-refresh</code>
            </div>
            <div className="muted small">Per user: the fake Google token endpoint refuses the refresh; R17 turns that into a 401 for the whole fetch.</div>
            <div className="wv-fault-users">
              {users.map((u) => {
                const on = active.has(`google-refresh:${u.id}`)
                return (
                  <label key={u.id} className={`wv-fault-user ${on ? 'on' : ''}`}>
                    <input type="checkbox" checked={on} disabled={busy} onChange={(e) => void toggle({ fault: 'google-refresh', on: e.target.checked, user: u.id })} data-testid={`fault-google-refresh-${u.id}`} />
                    <UserBadge owner={u.id} />
                  </label>
                )
              })}
            </div>
          </div>
        </div>
      </div>
    </SectionCard>
  )
}
