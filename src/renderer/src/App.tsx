import { platformLabel } from '../../shared/platform-versions'
import { ConfigName } from './components/ConfigName'
import { configOf } from './components/flaw-config'
import { HeldBanner } from './components/HeldBanner'
import { StoreBanner } from './components/StoreBanner'
import { useApp } from './store/app-store'
import type { ViewName } from './store/types'
import { SessionView } from './views/session/SessionView'
import { WorldView } from './views/world/WorldView'
import { MatrixView } from './views/matrix/MatrixView'
import { ScenariosView } from './views/scenarios/ScenariosView'
import { RunsView } from './views/runs/RunsView'
import { ExploreView } from './views/explore/ExploreView'
import { CompareView } from './views/compare/CompareView'
import { HelpView } from './views/help/HelpView'

const NAV: Array<{ view: ViewName; label: string; hint: string }> = [
  { view: 'session', label: 'Session', hint: 'Send turns, step through hops, inspect' },
  { view: 'world', label: 'World', hint: 'Users, keychain, sessions, platform version, profile and flaws' },
  { view: 'matrix', label: 'Matrix', hint: 'Principals × providers × headers' },
  { view: 'scenarios', label: 'Scenarios', hint: 'Run and diff scenario files' },
  { view: 'explore', label: 'Explore', hint: 'Every interleaving of a scenario’s concurrent steps; the shortest that fails' },
  { view: 'runs', label: 'Runs', hint: 'History, reopen, replay, export, open a bundle or JUnit report' },
  { view: 'compare', label: 'Compare', hint: 'Two runs side by side: whose credential differs first' },
  { view: 'help', label: 'Help', hint: 'What the words on screen mean: flaws, profiles, sinks, RBAC letters' }
]

/** The app frame: navigation, the live platform version and profile, the error banner, and the current view. */
export function App(): React.JSX.Element {
  const fatal = useApp((s) => s.fatal)
  const state = useApp((s) => s.state)
  const view = useApp((s) => s.view)
  const setView = useApp((s) => s.setView)
  const error = useApp((s) => s.error)
  const setError = useApp((s) => s.setError)
  const openNotice = useApp((s) => s.openNotice)
  const setOpenNotice = useApp((s) => s.setOpenNotice)
  if (fatal) {
    return (
      <div className="fatal" data-app-state="error">
        <h1>credscope</h1>
        <p>{fatal}</p>
      </div>
    )
  }
  if (!state) {
    return (
      <div className="loading" data-app-state="loading">
        Connecting to the engine…
      </div>
    )
  }
  return (
    <div className="app" data-app-state="ready">
      <nav className="nav" aria-label="Views">
        <div className="brand">credscope</div>
        {NAV.map((item) => (
          <button key={item.view} className={view === item.view ? 'nav-item active' : 'nav-item'} onClick={() => setView(item.view)} title={item.hint} data-testid={`nav-${item.view}`}>
            {item.label}
          </button>
        ))}
        <div className="nav-foot">
          <div className="profile-pill" data-testid="live-profile" title={`${platformLabel(state.live.platform)}\n${state.live.flaws.join('\n') || 'no flaws'}`}>
            <ConfigName config={configOf(state.live.platform, state.live.profile, state.live.flaws)} exact={false} />
            <span className="muted">
              {' · '}
              {state.live.flaws.length === 0 ? 'no flaws' : `${state.live.flaws.length} flaw${state.live.flaws.length === 1 ? '' : 's'}`}
            </span>
          </div>
          <div className="muted small">vault: {state.world.vault.backend}</div>
          <div className="muted small">clock: {state.world.now.replace('T', ' ').slice(0, 19)}</div>
        </div>
      </nav>
      <main className="main">
        <StoreBanner />
        <HeldBanner />
        {error && (
          <div className="banner error" role="alert">
            <span>{error}</span>
            <button onClick={() => setError(null)} aria-label="Dismiss">×</button>
          </div>
        )}
        {openNotice && (
          <div className="banner info" role="status">
            <span data-testid="open-notice">{openNotice}</span>
            <button onClick={() => setOpenNotice(null)} aria-label="Dismiss">×</button>
          </div>
        )}
        {view === 'session' && <SessionView />}
        {view === 'world' && <WorldView />}
        {view === 'matrix' && <MatrixView />}
        {view === 'scenarios' && <ScenariosView />}
        {view === 'explore' && <ExploreView />}
        {view === 'runs' && <RunsView />}
        {view === 'compare' && <CompareView />}
        {view === 'help' && <HelpView />}
      </main>
    </div>
  )
}
