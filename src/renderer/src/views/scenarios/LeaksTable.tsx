import type { ScenarioRunView } from '../../../../shared/api'
import { UserBadge } from '../../components/UserBadge'

/** What the leak detector found, redacted: owner, provider, sink, where, fingerprint and length. */
export function LeaksTable({ leaks, testId, title = 'Leaks' }: { leaks: ScenarioRunView['leaks']; testId: string; title?: string }): React.JSX.Element | null {
  if (leaks.length === 0) return null
  return (
    <section className="ui-section" data-testid={testId}>
      <header className="ui-section-head">
        <h2>{title}</h2>
        <span className="muted">credentials found where they must not be; values never shown, only fingerprints</span>
      </header>
      <div className="ui-table-wrap">
        <table className="ui-table">
          <thead>
            <tr>
              <th>Invariant</th>
              <th>Whose</th>
              <th>Provider</th>
              <th>Sink</th>
              <th>Where</th>
              <th>In whose turn</th>
              <th>Fingerprint</th>
            </tr>
          </thead>
          <tbody>
            {leaks.map((l, i) => (
              <tr key={`${l.sink}-${l.where}-${i}`}>
                <td className="mono small nowrap">{l.invariant}</td>
                <td>
                  <UserBadge owner={l.owner} />
                </td>
                <td className="mono">{l.provider}</td>
                <td className="mono nowrap">{l.sink}</td>
                <td className="mono small">{l.where}</td>
                <td>{l.sender ? <UserBadge owner={l.sender} /> : <span className="muted" title="Found by the check at the end of the run">run end</span>}</td>
                <td className="mono small nowrap">
                  #{l.fingerprint} <span className="muted">· {l.length} chars</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  )
}
