import { isForeignCredential } from '../../../../shared/owners'
import { useMemo } from 'react'
import { useApp } from '../../store/app-store'
import { selectSelectedEvent, selectTurnView } from '../../store/session-selectors'
import type { InspectorTab } from '../../store/types'
import { AuditLines } from './inspector/AuditLines'
import { EventDetail } from './inspector/EventDetail'
import { LedgerTable } from './inspector/LedgerTable'
import { TurnHighlights } from './inspector/TurnHighlights'
import { EnvDiff, FilesDiff, McpEnv } from './inspector/PodDiffView'
import { podDiff } from './pod-diff'

/**
 * The selected event in full (request and response, the RBAC row and why), and the turn as a
 * whole: its ledger, the runner env before and after, files, MCP servers' env, audit lines.
 */
export function Inspector(): React.JSX.Element {
  const view = useApp(selectTurnView)
  const event = useApp(selectSelectedEvent)
  const tab = useApp((s) => s.inspectorTab)
  const setTab = useApp((s) => s.setInspectorTab)
  const selectEvent = useApp((s) => s.selectEvent)
  const world = useApp((s) => s.state?.world ?? null)
  const diff = useMemo(() => podDiff(view.events, view.ledger, world), [view.events, view.ledger, world])

  const ledger = view.ledger
  const foreign = ledger ? ledger.entries.filter((e) => isForeignCredential(e.owner, ledger.expectedOwner)).length : 0
  const audit = view.events.filter((e) => e.kind === 'audit').length
  const tabs: Array<{ id: InspectorTab; label: string; count?: string; alert?: boolean }> = [
    { id: 'event', label: 'Event', count: event ? `#${event.seq}` : undefined },
    { id: 'ledger', label: 'Ledger', count: ledger ? String(ledger.entries.length) : undefined, alert: foreign > 0 || (ledger?.leaks.length ?? 0) > 0 },
    // Changed keys, and the credentials that stayed: the Ledger's "left in", counted here too.
    {
      id: 'env',
      label: 'Env diff',
      count: `${diff.env.filter((r) => r.change !== 'same').length}${diff.held.length > 0 ? ` · ${diff.held.length} held` : ''}`,
      alert: diff.held.length > 0
    },
    { id: 'files', label: 'Files', count: String(diff.files.length) },
    { id: 'mcp', label: 'MCP', count: String(diff.mcp.length) },
    { id: 'audit', label: 'Audit & logs', count: String(audit) }
  ]

  return (
    <section className="sv-inspector" aria-label="Inspector" data-testid="inspector">
      <div className="sv-tabs" role="tablist">
        {tabs.map((t) => (
          <button key={t.id} role="tab" aria-selected={tab === t.id} className={tab === t.id ? 'sv-tab active' : 'sv-tab'} onClick={() => setTab(t.id)} data-testid={`inspector-tab-${t.id}`}>
            {t.label}
            {t.count !== undefined && <span className={t.alert ? 'sv-tab-count alert' : 'sv-tab-count'}>{t.count}</span>}
          </button>
        ))}
      </div>
      <div className="sv-inspector-body">
        {view.kind === 'none' ? (
          <p className="muted sv-pad">Nothing selected. Pick a turn in the timeline, then an event in the diagram (or J/K).</p>
        ) : tab === 'event' ? (
          event ? (
            <EventDetail event={event} events={view.events} expectedOwner={view.summary?.expectedOwner ?? null} world={world} />
          ) : view.kind === 'attempt' ? (
            <p className="muted sv-pad">
              {view.attempt?.status === 'refused'
                ? 'This send never became a turn: the diagram shows how far it got. Select an event for its headers.'
                : 'The send is on its way; its hops appear in the diagram as they happen.'}
            </p>
          ) : (
            <TurnHighlights events={view.events} expectedOwner={view.summary?.expectedOwner ?? null} onSelect={selectEvent} />
          )
        ) : tab === 'ledger' ? (
          ledger ? (
            <LedgerTable ledger={ledger} />
          ) : (
            <p className="muted sv-pad">No ledger: this send never became a turn.</p>
          )
        ) : tab === 'env' ? (
          <EnvDiff diff={diff} />
        ) : tab === 'files' ? (
          <FilesDiff diff={diff} />
        ) : tab === 'mcp' ? (
          <McpEnv diff={diff} />
        ) : (
          <AuditLines events={view.events} onSelect={selectEvent} />
        )}
      </div>
    </section>
  )
}
