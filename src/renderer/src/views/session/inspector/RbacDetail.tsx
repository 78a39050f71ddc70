import type { EventOf } from '../../../../../shared/events'
import { RBAC_INPUTS, RBAC_ROWS } from '../rbac-rows'
import { Section } from './FieldTable'

/** Why the backend allowed or refused a credential fetch: the inputs of docs/platform/rbac.md#enforcecredentialrbac and the row they matched. */
export function RbacDetail({ event }: { event: EventOf<'rbac'> }): React.JSX.Element {
  const inputs: Array<[string, string, string]> = [
    ['A', event.authUser || '""', event.isBot ? 'bot caller (a ServiceAccount, or no X-Forwarded-User and SSR failed)' : event.authUser ? 'user caller' : 'resolution failed: empty userID'],
    ['H', event.header ?? '(absent)', event.header === null ? 'no X-Runner-Current-User' : event.header === event.owner ? 'H = O' : 'H ≠ O'],
    ['O', event.owner, 'the session owner'],
    ['E', event.effective, event.effective === event.header ? 'E = H' : event.effective === event.owner ? (event.header ? 'E = O, although H is present' : 'E = O (no header)') : 'neither H nor O'],
    ['M', event.active ?? '(none)', 'the active-user map for this session']
  ]
  const meaning = new Map(RBAC_INPUTS.map((i) => [i.letter, i.meaning]))
  const matched = RBAC_ROWS.find((r) => r.row === event.row) ?? null
  return (
    <>
      <Section title="Decision" testId="inspector-rbac">
        <div className={event.allow ? 'sv-verdict allow' : 'sv-verdict deny'}>
          <span className="sv-verdict-main">
            {event.row === null ? 'Before the table' : `Row ${event.row}`} · {event.allow ? 'allow' : 'deny'} · {event.status}
          </span>
          <span className="sv-verdict-slot">{event.slot}</span>
        </div>
        <p className="sv-why">
          <span className="sv-label">why</span> {event.reason}
        </p>
        <table className="sv-grid sv-inputs" data-testid="inspector-rbac-inputs">
          <thead>
            <tr>
              <th>Input</th>
              <th>Value</th>
              <th>Here</th>
            </tr>
          </thead>
          <tbody>
            {inputs.map(([letter, value, note]) => (
              <tr key={letter}>
                <td title={meaning.get(letter)}>
                  <strong>{letter}</strong>
                </td>
                <td className="sv-mono-wrap">{value}</td>
                <td className="muted">{note}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
      <Section title="enforceCredentialRBAC: the eleven rows" aside={event.row === null ? 'not decided by the table' : undefined} testId="inspector-rbac-table">
        {event.row === null && <p className="muted sv-note">This request was decided before the table: {event.reason}.</p>}
        {matched && matched.allow !== event.allow && (
          <p className="sv-alert sv-alert-info">
            The merged platform’s row {matched.row} would {matched.allow ? 'allow' : 'deny'} here; this profile {event.allow ? 'allows' : 'denies'} it: {event.reason}.
          </p>
        )}
        <table className="sv-grid sv-rbac-table">
          <thead>
            <tr>
              <th>#</th>
              <th>Classification</th>
              <th>Header H</th>
              <th>Condition</th>
              <th>Result</th>
            </tr>
          </thead>
          <tbody>
            {RBAC_ROWS.map((r) => (
              <tr key={r.row} className={r.row === event.row ? (event.allow ? 'matched allow' : 'matched deny') : ''} data-testid={r.row === event.row ? 'inspector-rbac-matched' : undefined}>
                <td>{r.row}</td>
                <td>{r.classification}</td>
                <td>{r.header}</td>
                <td>{r.condition}</td>
                <td className={r.allow ? 'ok' : 'bad'}>{r.result}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Section>
    </>
  )
}
