import type { WorldSummary } from '../../../../../shared/api'
import type { EventOf, TraceEvent } from '../../../../../shared/events'
import { bodyFields, hostOf, LANES, laneOf, statusText, statusTone, whoseMasked } from '../format'
import { FieldValue, Section, WhoseTag } from './FieldTable'

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
            {LANES[laneOf(request.from)]?.label} → {LANES[laneOf(request.to)]?.label}
            {hostOf(request.url) && <> · host {hostOf(request.url)}</>}
          </div>
          <table className="sv-grid" data-testid="inspector-request-headers">
            <thead>
              <tr>
                <th>Header</th>
                <th>Value</th>
                <th>Whose</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(request.headers).map(([name, value]) => (
                <tr key={name}>
                  <td className="sv-hdr-cell">{name}</td>
                  <td className="sv-mono-wrap">{value}</td>
                  <td>{value.includes('…') ? <WhoseTag whose={whoseMasked(value, world)} /> : <span className="muted">—</span>}</td>
                </tr>
              ))}
              {Object.keys(request.headers).length === 0 && (
                <tr>
                  <td colSpan={3} className="muted">
                    no headers
                  </td>
                </tr>
              )}
            </tbody>
          </table>
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
                from {LANES[laneOf(response.from)]?.label} to {LANES[laneOf(response.to)]?.label}
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
    <table className="sv-grid sv-body-table">
      <thead>
        <tr>
          <th>Body field</th>
          <th colSpan={2}>Value</th>
        </tr>
      </thead>
      <tbody>
        {fields.map(([k, v]) => (
          <tr key={k}>
            <td className="sv-hdr-cell">{k}</td>
            <td colSpan={2}>
              <BodyValue raw={v} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
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
