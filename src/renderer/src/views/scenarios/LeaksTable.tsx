import type { ScenarioRunView } from '../../../../shared/api'
import { DataTable, type Column } from '../../components/DataTable'
import { SectionCard } from '../../components/SectionCard'
import { UserBadge } from '../../components/UserBadge'
import { SinkName } from '../../components/SinkName'
import { Term } from '../../components/Term'

type Leak = ScenarioRunView['leaks'][number]

const COLUMNS: ReadonlyArray<Column<Leak>> = [
  { head: 'Invariant', className: 'mono small nowrap', cell: (l) => <Term id={l.invariant} /> },
  { head: 'Whose', cell: (l) => <UserBadge owner={l.owner} /> },
  { head: 'Provider', className: 'mono', cell: (l) => l.provider },
  { head: 'Sink', className: 'mono nowrap', cell: (l) => <SinkName sink={l.sink} /> },
  { head: 'Where', className: 'mono small', cell: (l) => l.where },
  {
    head: 'In whose turn',
    cell: (l) =>
      l.sender ? (
        <UserBadge owner={l.sender} />
      ) : (
        <span className="muted" title="Found by the check at the end of the run">
          run end
        </span>
      )
  },
  {
    head: <Term id="fingerprint">Fingerprint</Term>,
    className: 'mono small',
    // The length may take a second line; the fingerprint never breaks.
    cell: (l) => (
      <>
        <span className="nowrap">#{l.fingerprint}</span> <span className="muted nowrap">· {l.length} chars</span>
      </>
    )
  }
]

/** What the leak detector found, redacted: owner, provider, sink, where, fingerprint and length. */
export function LeaksTable({ leaks, testId, title = 'Leaks' }: { leaks: ScenarioRunView['leaks']; testId: string; title?: string }): React.JSX.Element | null {
  if (leaks.length === 0) return null
  return (
    <SectionCard
      title={title}
      note={
        <>
          credentials found where they must not be; values never shown, only <Term id="fingerprint">fingerprints</Term>
        </>
      }
      testId={testId}
    >
      <DataTable columns={COLUMNS} rows={leaks} rowKey={(l, i) => `${l.sink}-${l.where}-${i}`} wrap />
    </SectionCard>
  )
}
