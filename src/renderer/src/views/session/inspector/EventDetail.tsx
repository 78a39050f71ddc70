import { isForeignCredential } from '../../../../../shared/owners'
import type { WorldSummary } from '../../../../../shared/api'
import type { EventOf, TraceEvent } from '../../../../../shared/events'
import { describeEvent } from '../../../../../shared/signature'
import { UserBadge } from '../../../components/UserBadge'
import { clockTime, LANES, laneOf, toolLabel, whoseMasked, foreignFlag } from '../format'
import { FieldTable, Section, WhoseTag } from './FieldTable'
import { HttpDetail } from './HttpDetail'
import { RbacDetail } from './RbacDetail'

const META = new Set(['seq', 'runId', 'at', 'hop', 'turn', 'kind'])

/** The selected event, laid out for its kind. */
export function EventDetail({ event, events, expectedOwner, world }: { event: TraceEvent; events: readonly TraceEvent[]; expectedOwner: string | null; world: WorldSummary | null }): React.JSX.Element {
  return (
    <div data-testid="inspector-event" data-seq={event.seq} data-kind={event.kind}>
      <div className="sv-event-head">
        <span className="sv-event-kind">{event.kind}</span>
        <span className="muted">
          #{event.seq} · {LANES[laneOf(event.hop)]?.label ?? event.hop} · {clockTime(event.at)}
          {event.turn === null ? ' · before the proxy named the turn' : ''}
        </span>
      </div>
      <p className="sv-event-line">{describeEvent(event)}</p>
      <KindDetail event={event} events={events} expectedOwner={expectedOwner} world={world} />
    </div>
  )
}

function KindDetail({ event, events, expectedOwner, world }: { event: TraceEvent; events: readonly TraceEvent[]; expectedOwner: string | null; world: WorldSummary | null }): React.JSX.Element {
  switch (event.kind) {
    case 'http.request':
    case 'http.response':
      return <HttpDetail event={event} events={events} world={world} />
    case 'rbac':
      return <RbacDetail event={event} />
    case 'credential.served':
      return <ServedDetail event={event} expectedOwner={expectedOwner} />
    case 'pod':
      return <PodDetail event={event} world={world} />
    case 'snapshot':
      return <SnapshotDetail event={event} expectedOwner={expectedOwner} />
    case 'leak':
      return (
        <Section title="Leak" testId="inspector-leak">
          <p className="sv-leak-msg">{event.finding.message}</p>
          <FieldTable
            rows={[
              ['invariant', event.finding.invariant],
              ['owner', event.finding.owner],
              ['provider', event.finding.provider],
              ['sink', event.finding.sink],
              ['where', event.finding.where],
              ['fingerprint', `${event.finding.fingerprint} (${event.finding.length} chars)`],
              ['turn sender', event.finding.sender]
            ]}
          />
        </Section>
      )
    case 'tool.result':
      return (
        <Section title="Tool result" testId="inspector-tool">
          <FieldTable
            rows={[
              ['tool', toolLabel(event.tool, event.slot)],
              ['outcome', event.ok ? 'ok' : 'failed'],
              ['acted as', event.actedAs ?? 'nobody'],
              ['credential slot', event.slot],
              ['summary', event.summary]
            ]}
          />
          {event.actedAs && isForeignCredential(event.actedAs, expectedOwner) && (
            <p className="sv-alert">
              The provider saw <strong>{event.actedAs}</strong> in a turn that should act as <strong>{expectedOwner}</strong>.
            </p>
          )}
        </Section>
      )
    default:
      return (
        <Section title="Fields" testId="inspector-fields">
          <FieldTable rows={Object.entries(event).filter(([k]) => !META.has(k))} />
        </Section>
      )
  }
}

function ServedDetail({ event, expectedOwner }: { event: EventOf<'credential.served'>; expectedOwner: string | null }): React.JSX.Element {
  return (
    <Section title="Credential served" testId="inspector-served">
      <div className="sv-served-head">
        <UserBadge owner={event.owner} /> <span>’s {event.slot}</span> <span className="muted">from {event.source}</span>
        {isForeignCredential(event.owner, expectedOwner) && <span className="sv-flag">{foreignFlag(expectedOwner)}</span>}
      </div>
      <table className="sv-grid">
        <thead>
          <tr>
            <th>Field</th>
            <th>Owner</th>
            <th>Fingerprint</th>
            <th>Length</th>
          </tr>
        </thead>
        <tbody>
          {event.credentials.map((c) => (
            <tr key={`${c.field}-${c.fingerprint}`}>
              <td className="mono">{c.field}</td>
              <td>
                <WhoseTag whose={{ owner: c.owner, what: `${c.owner}'s ${c.slot}` }} />
              </td>
              <td className="mono">{c.fingerprint}</td>
              <td>{c.length}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small sv-note">Fingerprints are hash prefixes: the value itself never leaves the engine.</p>
    </Section>
  )
}

function PodDetail({ event, world }: { event: EventOf<'pod'>; world: WorldSummary | null }): React.JSX.Element {
  return (
    <>
      <Section title={`Runner env at ${event.label}`} aside={`${Object.keys(event.env).length} keys`} testId="inspector-pod-env">
        <table className="sv-grid">
          <tbody>
            {Object.entries(event.env)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, v]) => (
                <tr key={k}>
                  <td className="mono">{k}</td>
                  <td className="sv-mono-wrap">{v}</td>
                  <td>{v.includes('…') ? <WhoseTag whose={whoseMasked(v, world)} /> : null}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </Section>
      <Section title="Files" aside={`${event.files.length}`}>
        {event.files.length === 0 ? <p className="muted">none</p> : <ul className="sv-list mono">{event.files.map((f) => <li key={f}>{f}</li>)}</ul>}
      </Section>
      <Section title="MCP servers" aside={`${Object.keys(event.mcp).length}`}>
        {Object.keys(event.mcp).length === 0 ? <p className="muted">none running</p> : <FieldTable rows={Object.entries(event.mcp)} />}
      </Section>
    </>
  )
}

function SnapshotDetail({ event, expectedOwner }: { event: EventOf<'snapshot'>; expectedOwner: string | null }): React.JSX.Element {
  return (
    <Section title={`What the sinks hold ${event.label === 'after-turn' ? 'after the turn' : 'at the end of the run'}`} aside={`${event.holdings.length}`} testId="inspector-snapshot">
      <table className="sv-grid">
        <thead>
          <tr>
            <th>Sink</th>
            <th>Where</th>
            <th>Whose</th>
            <th>Credential</th>
          </tr>
        </thead>
        <tbody>
          {event.holdings.map((h, i) => (
            <tr key={i} className={isForeignCredential(h.credential.owner, expectedOwner) ? 'sv-row-bad' : undefined}>
              <td>{h.sink}</td>
              <td className="sv-mono-wrap">{h.where}</td>
              <td>
                <WhoseTag whose={{ owner: h.credential.owner, what: `${h.credential.owner}'s ${h.credential.slot}` }} />
              </td>
              <td className="mono">
                {h.credential.slot} {h.credential.field} <span className="muted">{h.credential.fingerprint}</span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  )
}
