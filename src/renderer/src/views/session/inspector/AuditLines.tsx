import type { EventOf, TraceEvent } from '../../../../../shared/events'
import { DataTable, type Column } from '../../../components/DataTable'
import { plural } from '../../../components/format'
import { LANES, laneOf } from '../format'
import { Section } from './FieldTable'

const seqColumn: Column<TraceEvent> = { head: '#', className: 'mono muted sv-seq-cell', cell: (e) => `#${e.seq}` }

const AUDIT_COLUMNS: ReadonlyArray<Column<EventOf<'audit'>>> = [seqColumn, { head: 'line', className: 'sv-mono-wrap', cell: (e) => e.text }]

const LOG_COLUMNS: ReadonlyArray<Column<EventOf<'log'>>> = [
  seqColumn,
  { head: 'hop', className: 'muted sv-hop-cell', cell: (e) => LANES[laneOf(e.hop)]?.label },
  { head: 'level', cell: (e) => <span className={`sv-tag log-${e.level}`}>{e.level}</span> },
  { head: 'line', className: 'sv-mono-wrap', cell: (e) => e.text }
]

/** The turn's CREDENTIAL_ACCESS audit lines and its log lines, as the backend, proxy and runner wrote them (masked). */
export function AuditLines({ events, onSelect }: { events: readonly TraceEvent[]; onSelect: (seq: number) => void }): React.JSX.Element {
  const audit = events.filter((e): e is EventOf<'audit'> => e.kind === 'audit')
  const logs = events.filter((e): e is EventOf<'log'> => e.kind === 'log')
  return (
    <>
      <Section title="Audit lines" aside={plural(audit.length, 'line')} testId="inspector-audit">
        {audit.length === 0 ? (
          <p className="muted">No audit line in this turn.</p>
        ) : (
          <DataTable
            columns={AUDIT_COLUMNS}
            rows={audit}
            rowKey={(e) => String(e.seq)}
            rowProps={(e) => ({ onClick: () => onSelect(e.seq), className: 'sv-clickable', 'data-testid': 'audit-line' })}
            className="sv-grid sv-lines"
            head={false}
          />
        )}
      </Section>
      <Section title="Log lines" aside={plural(logs.length, 'line')} testId="inspector-logs">
        {logs.length === 0 ? (
          <p className="muted">No log line in this turn.</p>
        ) : (
          <DataTable
            columns={LOG_COLUMNS}
            rows={logs}
            rowKey={(e) => String(e.seq)}
            rowProps={(e) => ({ onClick: () => onSelect(e.seq), className: 'sv-clickable' })}
            className="sv-grid sv-lines"
            head={false}
          />
        )}
      </Section>
    </>
  )
}
