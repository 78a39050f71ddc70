import type { MatrixCell, MatrixResult, WorldSummary } from '../../../../shared/api'
import { DataTable, type Column } from '../../components/DataTable'
import { SectionCard } from '../../components/SectionCard'
import { UserBadge } from '../../components/UserBadge'
import { cellKey, headerUser, isFinding } from './matrix-selectors'

const ownerOr = (owner: string | null): React.ReactNode => (owner ? <UserBadge owner={owner} /> : <span className="muted">nothing</span>)

function columns(world: WorldSummary | undefined): ReadonlyArray<Column<MatrixCell>> {
  return [
    { head: 'Verdict', cell: (c) => <span className={`mx-verdict mx-v-${c.verdict}`}>{c.verdict === 'violation' ? 'Violation' : 'Broken'}</span> },
    { head: 'Principal', className: 'mono', cell: (c) => c.principal },
    { head: 'Provider', className: 'mono', cell: (c) => c.slot },
    {
      head: 'X-Runner-Current-User',
      cell: (c) => {
        const header = headerUser(world, c.header)
        return header ? <UserBadge owner={header} /> : <span className="muted">none</span>
      }
    },
    { head: 'Status', className: 'mono', cell: (c) => c.status },
    { head: 'Got', cell: (c) => ownerOr(c.owner) },
    { head: 'Expected', cell: (c) => ownerOr(c.expected) },
    { head: 'Decided by', cell: (c) => (c.row !== null ? `row ${c.row}: ${c.reason}` : c.reason) }
  ]
}

/** Every violation and broken cell as a sentence-like row, worst first; a row selects its cell. */
export function FindingsTable({ matrix, world, selected, onSelect }: { matrix: MatrixResult; world: WorldSummary | undefined; selected: string | null; onSelect: (key: string) => void }): React.JSX.Element {
  const findings = matrix.cells.filter(isFinding).sort((a, b) => (a.verdict === b.verdict ? 0 : a.verdict === 'violation' ? -1 : 1))
  const key = (c: MatrixCell): string => cellKey(c.principal, c.slot, c.header)
  return (
    <SectionCard
      title="Findings"
      note={findings.length === 0 ? 'none: every cell is what the secure design expects' : 'cells where what came back differs from what the secure design expects'}
      testId="matrix-findings"
    >
      {findings.length > 0 && (
        <DataTable
          columns={columns(world)}
          rows={findings}
          rowKey={key}
          rowProps={(c) => ({ className: selected === key(c) ? 'selected' : '', onClick: () => onSelect(key(c)), 'data-testid': `matrix-finding-${c.principal}-${c.slot}-${c.header}` })}
          className="ui-table mx-findings"
          wrap
        />
      )}
    </SectionCard>
  )
}
