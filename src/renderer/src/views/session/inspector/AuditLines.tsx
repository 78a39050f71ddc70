import type { TraceEvent } from '../../../../../shared/events'
import { LANES, laneOf } from '../format'
import { plural } from '../../../components/format'
import { Section } from './FieldTable'

/** The turn's CREDENTIAL_ACCESS audit lines and its log lines, as the backend, proxy and runner wrote them (masked). */
export function AuditLines({ events, onSelect }: { events: readonly TraceEvent[]; onSelect: (seq: number) => void }): React.JSX.Element {
  const audit = events.filter((e) => e.kind === 'audit')
  const logs = events.filter((e) => e.kind === 'log')
  return (
    <>
      <Section title="Audit lines" aside={plural(audit.length, 'line')} testId="inspector-audit">
        {audit.length === 0 ? (
          <p className="muted">No audit line in this turn.</p>
        ) : (
          <table className="sv-grid sv-lines">
            <tbody>
              {audit.map((e) => (
                <tr key={e.seq} onClick={() => onSelect(e.seq)} className="sv-clickable" data-testid="audit-line">
                  <td className="mono muted sv-seq-cell">#{e.seq}</td>
                  <td className="sv-mono-wrap">{e.kind === 'audit' ? e.text : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      <Section title="Log lines" aside={plural(logs.length, 'line')} testId="inspector-logs">
        {logs.length === 0 ? (
          <p className="muted">No log line in this turn.</p>
        ) : (
          <table className="sv-grid sv-lines">
            <tbody>
              {logs.map((e) =>
                e.kind === 'log' ? (
                  <tr key={e.seq} onClick={() => onSelect(e.seq)} className="sv-clickable">
                    <td className="mono muted sv-seq-cell">#{e.seq}</td>
                    <td className="muted sv-hop-cell">{LANES[laneOf(e.hop)]?.label}</td>
                    <td>
                      <span className={`sv-tag log-${e.level}`}>{e.level}</span>
                    </td>
                    <td className="sv-mono-wrap">{e.text}</td>
                  </tr>
                ) : null
              )}
            </tbody>
          </table>
        )}
      </Section>
    </>
  )
}
