import { isForeignCredential } from '../../../../../shared/owners'
import type { WorldSummary } from '../../../../../shared/api'
import type { CredentialRef, EventOf, SinkHolding, TraceEvent } from '../../../../../shared/events'
import { DataTable, type Column } from '../../../components/DataTable'
import { describeEvent } from '../../../../../shared/signature'
import { UserBadge } from '../../../components/UserBadge'
import { clockTime, LANES, laneOf, toolLabel, whoseMasked, foreignFlag } from '../format'
import { FieldTable, Section, WhoseTag } from './FieldTable'
import { HttpDetail } from './HttpDetail'
import { RbacDetail } from './RbacDetail'
import { SinkName } from '../../../components/SinkName'
import { Term } from '../../../components/Term'

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
              ['invariant', <Term id={event.finding.invariant} />],
              ['owner', event.finding.owner],
              ['provider', event.finding.provider],
              ['sink', <SinkName sink={event.finding.sink} />],
              ['where', event.finding.where],
              ['fingerprint', <span key="fp"><Term id="fingerprint">{event.finding.fingerprint}</Term> ({event.finding.length} chars)</span>],
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

const SERVED_COLUMNS: ReadonlyArray<Column<CredentialRef>> = [
  { head: 'Field', className: 'mono', cell: (c) => c.field },
  { head: 'Owner', cell: (c) => <WhoseTag whose={{ owner: c.owner, what: `${c.owner}'s ${c.slot}` }} /> },
  { head: <Term id="fingerprint">Fingerprint</Term>, className: 'mono', cell: (c) => c.fingerprint },
  { head: 'Length', cell: (c) => c.length }
]

function envColumns(world: WorldSummary | null): ReadonlyArray<Column<[string, string]>> {
  return [
    { head: 'key', className: 'mono', cell: ([k]) => k },
    { head: 'value', className: 'sv-mono-wrap', cell: ([, v]) => v },
    { head: 'whose', cell: ([, v]) => (v.includes('…') ? <WhoseTag whose={whoseMasked(v, world)} /> : null) }
  ]
}

const HOLDING_COLUMNS: ReadonlyArray<Column<SinkHolding>> = [
  { head: 'Sink', cell: (h) => <SinkName sink={h.sink} /> },
  { head: 'Where', className: 'sv-mono-wrap', cell: (h) => h.where },
  { head: 'Whose', cell: (h) => <WhoseTag whose={{ owner: h.credential.owner, what: `${h.credential.owner}'s ${h.credential.slot}` }} /> },
  {
    head: 'Credential',
    className: 'mono',
    cell: (h) => (
      <>
        {h.credential.slot} {h.credential.field} <span className="muted">{h.credential.fingerprint}</span>
      </>
    )
  }
]

function ServedDetail({ event, expectedOwner }: { event: EventOf<'credential.served'>; expectedOwner: string | null }): React.JSX.Element {
  return (
    <Section title="Credential served" testId="inspector-served">
      <div className="sv-served-head">
        <UserBadge owner={event.owner} /> <span>’s {event.slot}</span> <span className="muted">from {event.source}</span>
        {isForeignCredential(event.owner, expectedOwner) && <span className="sv-flag">{foreignFlag(expectedOwner)}</span>}
      </div>
      <DataTable columns={SERVED_COLUMNS} rows={event.credentials} rowKey={(c) => `${c.field}-${c.fingerprint}`} className="sv-grid" />
      <p className="muted small sv-note">Fingerprints are hash prefixes: the value itself never leaves the engine.</p>
    </Section>
  )
}

function PodDetail({ event, world }: { event: EventOf<'pod'>; world: WorldSummary | null }): React.JSX.Element {
  return (
    <>
      <Section title={`Runner env at ${event.label}`} aside={`${Object.keys(event.env).length} keys`} testId="inspector-pod-env">
        <DataTable
          columns={envColumns(world)}
          rows={Object.entries(event.env).sort(([a], [b]) => a.localeCompare(b))}
          rowKey={([k]) => k}
          className="sv-grid"
          head={false}
        />
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
      <DataTable
        columns={HOLDING_COLUMNS}
        rows={event.holdings}
        rowKey={(_h, i) => String(i)}
        rowProps={(h) => ({ className: isForeignCredential(h.credential.owner, expectedOwner) ? 'sv-row-bad' : undefined })}
        className="sv-grid"
      />
    </Section>
  )
}
