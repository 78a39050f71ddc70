import { isForeignCredential } from '../../../../../shared/owners'
import type { Ledger, LedgerEntry } from '../../../../../shared/ledger'
import { DataTable, type Column } from '../../../components/DataTable'
import { UserBadge } from '../../../components/UserBadge'
import { Owner } from '../EventMark'
import { foreignFlag } from '../format'
import { plural } from '../../../components/format'
import { rbacRowText } from '../../../../../shared/rbac-rows'
import { Section } from './FieldTable'
import { DecisionBadge } from '../DecisionBadge'
import { HoldingText, SinkName } from '../../../components/SinkName'
import { Term } from '../../../components/Term'

function fetchedWith(entry: LedgerEntry): React.JSX.Element {
  const f = entry.fetchedWith
  if (!f) return <span className="muted">—</span>
  const token = f.auth === 'caller' ? <Term id="caller-token" /> : f.auth === 'bot' ? <Term id="bot-token" /> : 'no token'
  return (
    <span>
      <span className={f.auth === 'bot' ? 'warn' : undefined}>{token}</span>
      <span className="muted">{f.header ? ` as ${f.header}` : ' · no header'}</span>
      {f.fallback && (
        <span className="sv-flag sv-flag-warn">
          <Term id="fallback" />
        </span>
      )}
    </span>
  )
}

function decision(entry: LedgerEntry): React.JSX.Element {
  const d = entry.decision
  if (!d) return <span className="muted">—</span>
  const row = rbacRowText(d.row)
  return (
    <span>
      <DecisionBadge row={d.row} allow={d.allow} />
      <span className="muted small sv-block" title={row ? `row ${row.row}: ${row.classification}; H ${row.header}; ${row.condition} → ${row.result}\n${d.reason}` : d.reason}>
        {d.reason}
      </span>
    </span>
  )
}

type Acted = Ledger['actedAs'][number]
type Denied = Ledger['denied'][number]
type LeakRow = Ledger['leaks'][number]

function entryColumns(expected: string | null): ReadonlyArray<Column<LedgerEntry>> {
  return [
    {
      head: 'Credential',
      cell: (e) => (
        <>
          <strong>{e.slot}</strong>
          <span className="muted small mono sv-block">{e.fingerprints.join(' ')}</span>
        </>
      )
    },
    {
      head: 'Owner',
      cell: (e) => (
        <>
          <UserBadge owner={e.owner} />
          {isForeignCredential(e.owner, expected) && <span className="sv-flag">{foreignFlag(expected)}</span>}
        </>
      )
    },
    { head: 'Fetched with', cell: fetchedWith },
    { head: 'Decision', cell: decision },
    { head: 'Went to', cell: (e) => (e.wentTo.length === 0 ? <span className="muted">nowhere</span> : <ul className="sv-list">{e.wentTo.map((w) => <li key={w}>{w}</li>)}</ul>) },
    {
      head: 'Left in',
      cell: (e) =>
        e.leftIn.length === 0 ? (
          <span className="ok">nothing ✓</span>
        ) : (
          <ul className="sv-list">
            {/* A kept file stays on purpose (issue #1222, docs/platform/runner.md#populate-and-clear-at-head): told, not flagged. */}
            {e.leftIn.map((w) => (
              <li key={w} className={w.startsWith('kept-file ') ? 'muted' : 'bad'}>
                <HoldingText text={w} />
                {w.startsWith('kept-file ') && ', kept on purpose'}
              </li>
            ))}
          </ul>
        )
    }
  ]
}

function actedColumns(expected: string | null): ReadonlyArray<Column<Acted>> {
  return [
    { head: 'Line', className: 'mono', cell: (a) => (a.startedBy === null ? a.line : `${a.line} (left running by ${a.startedBy}’s turn)`) },
    { head: 'Acted as', cell: (a) => (a.owner ? <Owner owner={a.owner} expected={expected} /> : <span className="muted">nobody</span>) },
    { head: 'Outcome', className: (a) => (a.ok ? undefined : 'bad'), cell: (a) => a.summary }
  ]
}

const DENIED_COLUMNS: ReadonlyArray<Column<Denied>> = [
  { head: 'Slot', cell: (d) => d.slot },
  { head: 'Row', cell: (d) => d.row ?? '—' },
  { head: 'Status', className: 'bad', cell: (d) => d.status },
  { head: 'Reason', cell: (d) => d.reason }
]

const LEAK_COLUMNS: ReadonlyArray<Column<LeakRow>> = [
  { head: 'Invariant', cell: (l) => <Term id={l.invariant} /> },
  {
    head: 'Whose',
    cell: (l) => (
      <>
        <Owner owner={l.owner} expected={null} /> <span className="muted">{l.provider}</span>
      </>
    )
  },
  { head: 'Sink', cell: (l) => <SinkName sink={l.sink} /> },
  { head: 'Where', className: 'sv-mono-wrap', cell: (l) => l.where }
]

/** Per credential the turn touched: who fetched it with what, the row that let it through, where it went, what stayed. */
export function LedgerTable({ ledger }: { ledger: Ledger }): React.JSX.Element {
  const expected = ledger.expectedOwner
  return (
    <>
      <Section title="Credentials" aside={
          <>
            {plural(ledger.entries.length, 'credential')} · <Term id="expected-owner" /> {expected ?? 'none'}
          </>
        } testId="inspector-ledger">
        {ledger.entries.length === 0 ? (
          <p className="muted">No credential was served in this turn.</p>
        ) : (
          <DataTable
            columns={entryColumns(expected)}
            rows={ledger.entries}
            rowKey={(e) => `${e.slot}|${e.owner}`}
            rowProps={(e) => ({ className: isForeignCredential(e.owner, expected) ? 'sv-row-bad' : undefined, 'data-testid': 'ledger-row', 'data-owner': e.owner, 'data-slot': e.slot })}
            className="sv-grid sv-ledger"
          />
        )}
      </Section>
      {ledger.actedAs.length > 0 && (
        <Section title="Tools acted as" testId="inspector-ledger-tools">
          <DataTable
            columns={actedColumns(expected)}
            rows={ledger.actedAs}
            rowKey={(_a, i) => String(i)}
            rowProps={(a) => ({ className: a.owner && isForeignCredential(a.owner, expected) ? 'sv-row-bad' : undefined })}
            className="sv-grid"
          />
        </Section>
      )}
      {ledger.denied.length > 0 && (
        <Section title="Denied fetches" testId="inspector-ledger-denied">
          <DataTable columns={DENIED_COLUMNS} rows={ledger.denied} rowKey={(_d, i) => String(i)} className="sv-grid" />
        </Section>
      )}
      <Section title="Leaks" aside={ledger.leaks.length === 0 ? undefined : plural(ledger.leaks.length, 'finding')} testId="inspector-ledger-leaks">
        {ledger.leaks.length === 0 ? (
          <p className="ok">No credential where it must not be.</p>
        ) : (
          <DataTable columns={LEAK_COLUMNS} rows={ledger.leaks} rowKey={(_l, i) => String(i)} rowProps={(l) => ({ className: 'sv-row-bad', title: l.message })} className="sv-grid sv-leaks" />
        )}
      </Section>
    </>
  )
}
