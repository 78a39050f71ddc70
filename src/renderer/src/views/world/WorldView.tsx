import { useApp } from '../../store/app-store'
import { ClockCard } from './ClockCard'
import { EndpointsCard } from './EndpointsCard'
import { FaultsPanel } from './FaultsPanel'
import { PrincipalsTables } from './PrincipalsTables'
import { ProfilePanel } from './ProfilePanel'
import { SessionsTable } from './SessionsTable'
import { UsersTable } from './UsersTable'
import { VaultCard } from './VaultCard'

/** The simulated world of the live engine, and the switches that make it pre-fix, merged or hardened. */
export function WorldView(): React.JSX.Element | null {
  const live = useApp((s) => s.state?.live)
  if (!live) return null
  return (
    <div className="ui-view" data-testid="view-world">
      <header className="ui-head">
        <h1>World</h1>
        <span className="muted">the live engine&apos;s principals, credentials and switches</span>
        <span className="ui-head-spacer" />
        <span className="muted small mono" title="The live run's id">
          run {live.runId.slice(0, 8)}
        </span>
      </header>
      <div className="wv-body">
        <div className="wv-main">
          <div className="wv-cards">
            <VaultCard />
            <ClockCard />
            <EndpointsCard />
          </div>
          <UsersTable />
          <SessionsTable />
          <PrincipalsTables />
          <FaultsPanel />
        </div>
        <aside className="wv-side">
          {/* Keyed by run: a restart starts a new draft from what the engine now runs. */}
          <ProfilePanel key={live.runId} livePlatform={live.platform} liveProfile={live.profile} liveFlaws={live.flaws} />
        </aside>
      </div>
    </div>
  )
}
