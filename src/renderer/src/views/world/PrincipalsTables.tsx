import { useApp } from '../../store/app-store'
import { UserBadge } from '../../components/UserBadge'

/** The principals that are not people: API keys (acting for their creator), other ServiceAccounts, schedules. */
export function PrincipalsTables(): React.JSX.Element | null {
  const apiKeys = useApp((s) => s.state?.world.apiKeys)
  const serviceAccounts = useApp((s) => s.state?.world.serviceAccounts)
  const schedules = useApp((s) => s.state?.world.schedules)
  if (!apiKeys || !serviceAccounts || !schedules) return null
  return (
    <section className="ui-section" data-testid="world-principals">
      <header className="ui-section-head">
        <h2>API keys, ServiceAccounts and schedules</h2>
      </header>
      <div className="ui-table-wrap">
        <table className="ui-table">
          <thead>
            <tr>
              <th>Principal</th>
              <th>Project</th>
              <th>Acts for</th>
              <th>Role</th>
              <th>ServiceAccount / annotations</th>
              <th>Token</th>
            </tr>
          </thead>
          <tbody>
            {apiKeys.map((k) => (
              <tr key={`key-${k.project}-${k.name}`} data-testid={`apikey-row-${k.name}`}>
                <td>
                  <span className="ui-kind">API key</span> <span className="mono">{k.name}</span>
                </td>
                <td className="mono">{k.project}</td>
                <td>
                  <UserBadge owner={k.creator} /> <span className="muted small">creator</span>
                </td>
                <td>{k.role}</td>
                <td className="mono">{k.serviceAccount}</td>
                <td className="mono">{k.token}</td>
              </tr>
            ))}
            {serviceAccounts.map((sa) => (
              <tr key={`sa-${sa.project}-${sa.name}`} data-testid={`sa-row-${sa.name}`}>
                <td>
                  <span className="ui-kind">ServiceAccount</span> <span className="mono">{sa.name}</span>
                </td>
                <td className="mono">{sa.project}</td>
                <td className="muted">nobody</td>
                <td>{sa.role}</td>
                <td>
                  {Object.entries(sa.annotations).length === 0 && <span className="muted">no annotations</span>}
                  {Object.entries(sa.annotations).map(([k, v]) => (
                    <div key={k} className="mono small">
                      {k}: {v}
                    </div>
                  ))}
                </td>
                <td className="mono">{sa.token}</td>
              </tr>
            ))}
            {schedules.map((s) => (
              <tr key={`schedule-${s.project}-${s.name}`} data-testid={`schedule-row-${s.name}`}>
                <td>
                  <span className="ui-kind">Schedule</span> <span className="mono">{s.name}</span>
                </td>
                <td className="mono">{s.project}</td>
                <td className="muted" title="Scheduled runs have no sender: they may only use the session's own identity">
                  no sender
                </td>
                <td className="muted">—</td>
                <td className="mono muted">session {s.session}</td>
                <td className="muted">—</td>
              </tr>
            ))}
            {serviceAccounts.length === 0 && (
              <tr>
                <td colSpan={6} className="muted small">
                  No standalone ServiceAccounts in this world besides the session and API-key ones.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  )
}
