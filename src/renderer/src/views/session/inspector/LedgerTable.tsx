import { isForeignCredential } from '../../../../../shared/owners'
import type { Ledger, LedgerEntry } from '../../../../../shared/ledger'
import { UserBadge } from '../../../components/UserBadge'
import { Owner } from '../EventMark'
import { foreignFlag } from '../format'
import { plural } from '../../../components/format'
import { RBAC_ROWS } from '../rbac-rows'
import { Section } from './FieldTable'

function fetchedWith(entry: LedgerEntry): React.JSX.Element {
  const f = entry.fetchedWith
  if (!f) return <span className="muted">—</span>
  const token = f.auth === 'caller' ? 'caller token' : f.auth === 'bot' ? 'BOT_TOKEN' : 'no token'
  return (
    <span>
      <span className={f.auth === 'bot' ? 'warn' : undefined}>{token}</span>
      <span className="muted">{f.header ? ` as ${f.header}` : ' · no header'}</span>
      {f.fallback && <span className="sv-flag sv-flag-warn">fallback</span>}
    </span>
  )
}

function decision(entry: LedgerEntry): React.JSX.Element {
  const d = entry.decision
  if (!d) return <span className="muted">—</span>
  const row = d.row === null ? null : RBAC_ROWS.find((r) => r.row === d.row)
  return (
    <span title={row ? `row ${row.row}: ${row.classification}; H ${row.header}; ${row.condition} → ${row.result}\n${d.reason}` : d.reason}>
      <span className={d.allow ? 'sv-decision allow' : 'sv-decision deny'}>
        {d.row === null ? 'no row' : `row ${d.row}`} · {d.allow ? 'allow' : 'deny'}
      </span>
      <span className="muted small sv-block">{d.reason}</span>
    </span>
  )
}

/** Per credential the turn touched: who fetched it with what, the row that let it through, where it went, what stayed. */
export function LedgerTable({ ledger }: { ledger: Ledger }): React.JSX.Element {
  return (
    <>
      <Section title="Credentials" aside={`${plural(ledger.entries.length, 'credential')} · expected owner ${ledger.expectedOwner ?? 'none'}`} testId="inspector-ledger">
        {ledger.entries.length === 0 ? (
          <p className="muted">No credential was served in this turn.</p>
        ) : (
          <table className="sv-grid sv-ledger">
            <thead>
              <tr>
                <th>Credential</th>
                <th>Owner</th>
                <th>Fetched with</th>
                <th>Decision</th>
                <th>Went to</th>
                <th>Left in</th>
              </tr>
            </thead>
            <tbody>
              {ledger.entries.map((e) => (
                <tr key={`${e.slot}|${e.owner}`} className={isForeignCredential(e.owner, ledger.expectedOwner) ? 'sv-row-bad' : undefined} data-testid="ledger-row" data-owner={e.owner} data-slot={e.slot}>
                  <td>
                    <strong>{e.slot}</strong>
                    <span className="muted small mono sv-block">{e.fingerprints.join(' ')}</span>
                  </td>
                  <td>
                    <UserBadge owner={e.owner} />
                    {isForeignCredential(e.owner, ledger.expectedOwner) && <span className="sv-flag">{foreignFlag(ledger.expectedOwner)}</span>}
                  </td>
                  <td>{fetchedWith(e)}</td>
                  <td>{decision(e)}</td>
                  <td>{e.wentTo.length === 0 ? <span className="muted">nowhere</span> : <ul className="sv-list">{e.wentTo.map((w) => <li key={w}>{w}</li>)}</ul>}</td>
                  <td>{e.leftIn.length === 0 ? <span className="ok">nothing ✓</span> : <ul className="sv-list bad">{e.leftIn.map((w) => <li key={w}>{w}</li>)}</ul>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      {ledger.actedAs.length > 0 && (
        <Section title="Tools acted as" testId="inspector-ledger-tools">
          <table className="sv-grid">
            <thead>
              <tr>
                <th>Line</th>
                <th>Acted as</th>
                <th>Outcome</th>
              </tr>
            </thead>
            <tbody>
              {ledger.actedAs.map((a, i) => (
                <tr key={i} className={a.owner && isForeignCredential(a.owner, ledger.expectedOwner) ? 'sv-row-bad' : undefined}>
                  <td className="mono">{a.line}</td>
                  <td>{a.owner ? <Owner owner={a.owner} expected={ledger.expectedOwner} /> : <span className="muted">nobody</span>}</td>
                  <td className={a.ok ? undefined : 'bad'}>{a.summary}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      )}
      {ledger.denied.length > 0 && (
        <Section title="Denied fetches" testId="inspector-ledger-denied">
          <table className="sv-grid">
            <thead>
              <tr>
                <th>Slot</th>
                <th>Row</th>
                <th>Status</th>
                <th>Reason</th>
              </tr>
            </thead>
            <tbody>
              {ledger.denied.map((d, i) => (
                <tr key={i}>
                  <td>{d.slot}</td>
                  <td>{d.row ?? '—'}</td>
                  <td className="bad">{d.status}</td>
                  <td>{d.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      )}
      <Section title="Leaks" aside={ledger.leaks.length === 0 ? undefined : plural(ledger.leaks.length, 'finding')} testId="inspector-ledger-leaks">
        {ledger.leaks.length === 0 ? (
          <p className="ok">No credential where it must not be.</p>
        ) : (
          <table className="sv-grid sv-leaks">
            <thead>
              <tr>
                <th>Invariant</th>
                <th>Whose</th>
                <th>Sink</th>
                <th>Where</th>
              </tr>
            </thead>
            <tbody>
              {ledger.leaks.map((l, i) => (
                <tr key={i} className="sv-row-bad" title={l.message}>
                  <td>{l.invariant}</td>
                  <td>
                    <Owner owner={l.owner} expected={null} /> <span className="muted">{l.provider}</span>
                  </td>
                  <td>{l.sink}</td>
                  <td className="sv-mono-wrap">{l.where}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </>
  )
}
