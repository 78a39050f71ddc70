import { useApp } from '../../store/app-store'
import { Icon } from '../../components/Icon'
import { Term } from '../../components/Term'

/** Where the users' credentials live: the OS keychain or process memory, and under which service. */
export function VaultCard(): React.JSX.Element | null {
  const vault = useApp((s) => s.state?.world.vault)
  const locked = useApp((s) => s.state?.faults.includes('keychain-locked') ?? false)
  if (!vault) return null
  const keychain = vault.backend === 'keychain'
  return (
    <section className={`ui-card wv-vault ${keychain ? 'keychain' : 'memory'}`} data-testid="world-vault" data-vault={vault.backend}>
      <div className="ui-card-label">Credential vault</div>
      <div className="wv-vault-name">
        <Icon name={keychain ? 'key' : 'chip'} size={18} />
        {keychain ? 'OS keychain' : 'In-memory vault'}
        {locked && (
          <span className="ui-status ui-status-warn" title="The keychain-locked fault is on: every read fails">
            locked
          </span>
        )}
      </div>
      <div className="wv-vault-meta">
        service <code>{vault.service}</code> · account <code>user/slot</code>
      </div>
      <p className="wv-note">
        {keychain ? (
          <>
            One <Term id="canary" /> per user and provider; values never leave the engine unmasked.
          </>
        ) : (
          <>
            Chosen with --vault memory: the <Term id="canary">canaries</Term> are held by the engine for this launch only, never on disk.
          </>
        )}
      </p>
    </section>
  )
}
