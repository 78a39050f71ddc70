import type { MatrixResult, WorldSummary } from '../../../../shared/api'
import { UserBadge } from '../../components/UserBadge'
import { cellKey, headerUser, isFinding } from './matrix-selectors'

/** Every violation and broken cell as a sentence-like row, worst first; a row selects its cell. */
export function FindingsTable({ matrix, world, selected, onSelect }: { matrix: MatrixResult; world: WorldSummary | undefined; selected: string | null; onSelect: (key: string) => void }): React.JSX.Element {
  const findings = matrix.cells.filter(isFinding).sort((a, b) => (a.verdict === b.verdict ? 0 : a.verdict === 'violation' ? -1 : 1))
  return (
    <section className="ui-section" data-testid="matrix-findings">
      <header className="ui-section-head">
        <h2>Findings</h2>
        <span className="muted">{findings.length === 0 ? 'none: every cell is what the secure design expects' : 'cells where what came back differs from what the secure design expects'}</span>
      </header>
      {findings.length > 0 && (
        <div className="ui-table-wrap">
          <table className="ui-table mx-findings">
            <thead>
              <tr>
                <th>Verdict</th>
                <th>Principal</th>
                <th>Provider</th>
                <th>X-Runner-Current-User</th>
                <th>Status</th>
                <th>Got</th>
                <th>Expected</th>
                <th>Decided by</th>
              </tr>
            </thead>
            <tbody>
              {findings.map((c) => {
                const key = cellKey(c.principal, c.slot, c.header)
                const header = headerUser(world, c.header)
                return (
                  <tr key={key} className={selected === key ? 'selected' : ''} onClick={() => onSelect(key)} data-testid={`matrix-finding-${c.principal}-${c.slot}-${c.header}`}>
                    <td>
                      <span className={`mx-verdict mx-v-${c.verdict}`}>{c.verdict === 'violation' ? 'Violation' : 'Broken'}</span>
                    </td>
                    <td className="mono">{c.principal}</td>
                    <td className="mono">{c.slot}</td>
                    <td>{header ? <UserBadge owner={header} /> : <span className="muted">none</span>}</td>
                    <td className="mono">{c.status}</td>
                    <td>{c.owner ? <UserBadge owner={c.owner} /> : <span className="muted">nothing</span>}</td>
                    <td>{c.expected ? <UserBadge owner={c.expected} /> : <span className="muted">nothing</span>}</td>
                    <td>{c.row !== null ? `row ${c.row}: ${c.reason}` : c.reason}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}
