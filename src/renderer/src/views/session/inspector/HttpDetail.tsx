import type { WorldSummary } from '../../../../../shared/api'
import type { EventOf, TraceEvent } from '../../../../../shared/events'
import { bodyFields, hopLabel, hostOf, statusText, statusTone, whoseMasked } from '../format'
import { DataTable, type Column } from '../../../components/DataTable'
import { FieldValue, Section, WhoseTag } from './FieldTable'

function headerColumns(world: WorldSummary | null): ReadonlyArray<Column<[string, string]>> {
  return [
    { head: 'Header', className: 'sv-hdr-cell', cell: ([name]) => name },
    { head: 'Value', className: 'sv-mono-wrap', cell: ([, value]) => value },
    { head: 'Whose', cell: ([, value]) => (value.includes('…') ? <WhoseTag whose={whoseMasked(value, world)} /> : <span className="muted">—</span>) }
  ]
}

const BODY_COLUMNS: ReadonlyArray<Column<[string, string]>> = [
  { head: 'Body field', className: 'sv-hdr-cell', cell: ([k]) => k },
  { head: 'Value', cell: ([, v]) => <BodyValue raw={v} /> }
]

/** An HTTP exchange: the request with every header (masked as they came, owners named), and its answer. */
export function HttpDetail({ event, events, world }: { event: EventOf<'http.request'> | EventOf<'http.response'>; events: readonly TraceEvent[]; world: WorldSummary | null }): React.JSX.Element {
  const request = events.find((e): e is EventOf<'http.request'> => e.kind === 'http.request' && e.exchange === event.exchange) ?? null
  const response = events.find((e): e is EventOf<'http.response'> => e.kind === 'http.response' && e.exchange === event.exchange) ?? null
  return (
    <>
      {request ? (
        <Section title="Request" aside={<span className="mono">#{request.seq} · {request.exchange}</span>} testId="inspector-request">
          <div className="sv-req-line">
            <span className="sv-method">{request.method}</span> <span className="sv-mono-wrap">{request.url}</span>
          </div>
          <div className="sv-req-route muted">
            {hopLabel(request.from)} → {hopLabel(request.to)}
            {hostOf(request.url) && <> · host {hostOf(request.url)}</>}
          </div>
          <DataTable
            columns={headerColumns(world)}
            rows={Object.entries(request.headers)}
            rowKey={([name]) => name}
            className="sv-grid"
            testId="inspector-request-headers"
            footer={Object.keys(request.headers).length === 0 ? <span className="muted">no headers</span> : undefined}
          />
          <Body body={request.body} />
        </Section>
      ) : (
        <Section title="Request">
          <p className="muted">The request of exchange {event.exchange} is not in this turn’s events.</p>
        </Section>
      )}
      <Section title="Response" aside={response ? <span className="mono">#{response.seq}</span> : undefined} testId="inspector-response">
        {response ? (
          <>
            <div className="sv-req-line">
              <span className={`sv-status-big ${statusTone(response.status)}`}>{statusText(response.status)}</span>
              <span className="muted">
                {' '}
                from {hopLabel(response.from)} to {hopLabel(response.to)}
              </span>
            </div>
            <Body body={response.body} />
          </>
        ) : (
          <p className="muted">No answer yet{request ? ': the request is still on its way (or held by the debugger).' : '.'}</p>
        )}
      </Section>
    </>
  )
}

/** A body as a field table when it is a JSON object, else as text. */
function Body({ body }: { body: string | undefined }): React.JSX.Element | null {
  if (!body) return <p className="muted small sv-no-body">no body</p>
  const fields = bodyFields(body)
  if (!fields) return <pre className="sv-pre">{body}</pre>
  return (
    <DataTable columns={BODY_COLUMNS} rows={fields} rowKey={([k]) => k} className="sv-grid sv-body-table" />
  )
}

/** A field of a JSON body: nested objects and lists as tables, not raw JSON. */
function BodyValue({ raw }: { raw: string }): React.JSX.Element {
  if (raw.startsWith('{') || raw.startsWith('[')) {
    try {
      return <FieldValue value={JSON.parse(raw) as unknown} />
    } catch {
      // Falls through to the text.
    }
  }
  return <span className="sv-mono-wrap">{raw}</span>
}
