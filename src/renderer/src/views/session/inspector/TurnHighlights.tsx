import { isForeignCredential } from '../../../../../shared/owners'
import type { TraceEvent } from '../../../../../shared/events'
import { describeEvent } from '../../../../../shared/signature'
import { plural } from '../../../components/format'
import { DataTable, type Column } from '../../../components/DataTable'
import { Section } from './FieldTable'

type Tone = 'bad' | 'warn' | 'info' | 'clean'

/** Why an event deserves a look, or null when it does not. */
function highlight(e: TraceEvent, expected: string | null): { tag: string; tone: Tone } | null {
  switch (e.kind) {
    case 'credential.served':
      return isForeignCredential(e.owner, expected) ? { tag: 'foreign credential', tone: 'bad' } : null
    case 'tool.result':
      return e.actedAs && isForeignCredential(e.actedAs, expected) ? { tag: 'acted as someone else', tone: 'bad' } : null
    case 'rbac':
      return e.allow ? null : { tag: 'denied', tone: 'warn' }
    case 'runner.fetch':
      return e.fallback || e.auth === 'bot' ? { tag: e.fallback ? 'fallback' : 'BOT_TOKEN', tone: 'warn' } : null
    case 'leak':
      return { tag: 'leak', tone: 'bad' }
    case 'active-user':
      return { tag: `active user ${e.op}`, tone: 'info' }
    case 'runner.env':
      return e.op === 'cleared' ? { tag: 'cleanup', tone: 'clean' } : null
    case 'turn.finished':
      return e.status === 'error' ? { tag: 'turn error', tone: 'bad' } : null
    case 'fault':
      return { tag: 'fault', tone: 'warn' }
    default:
      return null
  }
}

interface Highlight {
  event: TraceEvent
  tag: string
  tone: Tone
}

const HIGHLIGHT_COLUMNS: ReadonlyArray<Column<Highlight>> = [
  { head: '#', className: 'mono muted sv-seq-cell', cell: (r) => `#${r.event.seq}` },
  { head: 'why', className: 'sv-seq-cell', cell: (r) => <span className={`sv-hl sv-hl-${r.tone}`}>{r.tag}</span> },
  { head: 'event', className: 'sv-mono-wrap', cell: (r) => describeEvent(r.event) }
]

/** With no event selected: the events of the turn worth a look first, each one click away. */
export function TurnHighlights({ events, expectedOwner, onSelect }: { events: readonly TraceEvent[]; expectedOwner: string | null; onSelect: (seq: number) => void }): React.JSX.Element {
  const rows: Highlight[] = events.flatMap((e) => {
    const h = highlight(e, expectedOwner)
    return h ? [{ event: e, ...h }] : []
  })
  const bad = rows.filter((r) => r.tone === 'bad').length
  return (
    <Section title="Worth a look in this turn" aside={bad > 0 ? plural(bad, 'problem') : 'no problem found'} testId="inspector-highlights">
      {rows.length === 0 ? (
        <p className="muted">Nothing stands out: every credential served was {expectedOwner ?? 'the expected owner'}’s. Select an event in the diagram (click, or J/K) to inspect it.</p>
      ) : (
        <DataTable
          columns={HIGHLIGHT_COLUMNS}
          rows={rows}
          rowKey={(r) => String(r.event.seq)}
          rowProps={(r) => ({ className: r.tone === 'bad' ? 'sv-clickable sv-row-bad' : 'sv-clickable', onClick: () => onSelect(r.event.seq), 'data-testid': 'highlight-row' })}
          className="sv-grid sv-lines"
          head={false}
        />
      )}
      <p className="muted small sv-note">Click a row, or an event in the diagram, for its request and response or the RBAC row that decided it.</p>
    </Section>
  )
}
