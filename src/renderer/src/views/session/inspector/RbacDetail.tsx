import type { EventOf } from '../../../../../shared/events'
import { DataTable, type Column } from '../../../components/DataTable'
import { RBAC_ROWS, rbacRowText, type RbacRowText } from '../../../../../shared/rbac-rows'
import { Section } from './FieldTable'
import { RbacRowTerm } from '../DecisionBadge'
import { Term } from '../../../components/Term'
import { TermText } from '../../../components/TermText'
import { rbacLetterTerm } from '../../../../../shared/glossary'
import { RbacRowSite } from './RbacRowSite'

function inputColumns(): ReadonlyArray<Column<[string, string, string]>> {
  return [
    { head: 'Input', cell: ([letter]) => <strong>{letterTerm(letter)}</strong> },
    { head: 'Value', className: 'sv-mono-wrap', cell: ([, value]) => value },
    { head: 'Here', className: 'muted', cell: ([, , note]) => note }
  ]
}

/** An input letter as a glossary term, so its meaning is one hover or focus away. */
function letterTerm(letter: string): React.ReactNode {
  const id = rbacLetterTerm(letter)
  return id ? <Term id={id}>{letter}</Term> : letter
}

const ROW_COLUMNS: ReadonlyArray<Column<RbacRowText>> = [
  { head: '#', cell: (r) => r.row },
  { head: 'Classification', cell: (r) => r.classification },
  { head: 'Header H', cell: (r) => r.header },
  { head: 'Condition', cell: (r) => r.condition },
  { head: 'Result', className: (r) => (r.allow ? 'ok' : 'bad'), cell: (r) => r.result }
]

/** Why the backend allowed or refused a credential fetch: the inputs of docs/platform/rbac.md#enforcecredentialrbac and the row they matched. */
export function RbacDetail({ event }: { event: EventOf<'rbac'> }): React.JSX.Element {
  const inputs: Array<[string, string, string]> = [
    ['A', event.authUser || '""', event.isBot ? 'bot caller (a ServiceAccount, or no X-Forwarded-User and the SelfSubjectReview failed)' : event.authUser ? 'user caller' : 'resolution failed: empty userID'],
    ['H', event.header ?? '(absent)', event.header === null ? 'no X-Runner-Current-User' : event.header === event.owner ? 'H = O' : 'H ≠ O'],
    ['O', event.owner, 'the session owner'],
    ['E', event.effective, event.effective === event.header ? 'E = H' : event.effective === event.owner ? (event.header ? 'E = O, although H is present' : 'E = O (no header)') : 'neither H nor O'],
    ['M', event.active ?? '(none)', 'the active-user map for this session']
  ]
  const matched = rbacRowText(event.row)
  return (
    <>
      <Section title="Decision" testId="inspector-rbac">
        <div className={event.allow ? 'sv-verdict allow' : 'sv-verdict deny'}>
          <span className="sv-verdict-main">
            <RbacRowTerm row={event.row} /> · {event.allow ? 'allow' : 'deny'} · {event.status}
          </span>
          <span className="sv-verdict-slot">{event.slot}</span>
        </div>
        <p className="sv-why">
          <span className="sv-label">why</span> <TermText text={event.reason} />
        </p>
        <RbacRowSite event={event} />
        <DataTable columns={inputColumns()} rows={inputs} rowKey={([letter]) => letter} className="sv-grid sv-inputs" testId="inspector-rbac-inputs" />
      </Section>
      <Section title="enforceCredentialRBAC: the eleven rows" aside={event.row === null ? 'not decided by the table' : undefined} testId="inspector-rbac-table">
        {event.row === null && <p className="muted sv-note">No row of the table decided this request; it was decided outside the table: {event.reason}.</p>}
        {matched && matched.allow !== event.allow && (
          <p className="sv-alert sv-alert-info">
            The platform’s row {matched.row} would {matched.allow ? 'allow' : 'deny'} here; this profile {event.allow ? 'allows' : 'denies'} it: {event.reason}.
          </p>
        )}
        <DataTable
          columns={ROW_COLUMNS}
          rows={RBAC_ROWS}
          rowKey={(r) => String(r.row)}
          rowProps={(r) => ({ className: r.row === event.row ? (event.allow ? 'matched allow' : 'matched deny') : '', 'data-testid': r.row === event.row ? 'inspector-rbac-matched' : undefined })}
          className="sv-grid sv-rbac-table"
        />
      </Section>
    </>
  )
}
